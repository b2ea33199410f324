export * from './image/compressor';
export * from './image/partclone-header';
