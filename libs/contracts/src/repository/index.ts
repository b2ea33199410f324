export * from './repository-image';
export * from './repository-paths';
