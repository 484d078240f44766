export * from './env';
export * from './probe';
export * from './workload';
export * from './web-app';
export * from './synth';
export * from './platform';
export * from './team-namespace';
export * from './gitops';
