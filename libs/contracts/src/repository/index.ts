export * from './repository-image';
export * from './repository-paths';
export * from './image-stream';
