export * from './image/compressor';
export * from './image/image-header';
export * from './image/partclone-header';
