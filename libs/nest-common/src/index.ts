export * from './bootstrap';
export * from './domain.exception';
export * from './env';
export * from './exception.filter';
export * from './health';
export * from './listen';
export * from './logger';
export * from './public.decorator';
