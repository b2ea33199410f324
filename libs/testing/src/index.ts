export * from './expect-eventually';
export * from './run';
export * from './service-process';
export * from './virtual-disk';
