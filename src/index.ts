export * from './env';
export * from './probe';
export * from './workload';
export * from './web-app';
export * from './synth';
