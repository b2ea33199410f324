export * from './expect-eventually';
export * from './run';
export * from './service-process';
export * from './virtual-disk';
export * from './signed-webhook';
export * from './test-database';
export * from './redis-keys';
export * from './mounted';
