export * from './lib/src/projen';
