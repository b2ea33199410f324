export * from './disk-layout';
