import { InitialSchema1796037497725 } from './1796037497725-initial-schema';

/** Every migration, in order (listed explicitly: the bundle has no globs). */
export const CORE_MIGRATIONS: Function[] = [InitialSchema1796037497725];
