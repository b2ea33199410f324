import { InitialSchema1796037497725 } from './1796037497725-initial-schema';
import { ImageRepositoryReportedAt1796038897667 } from './1796038897667-image-repository-reported-at';

/** Every migration, in order (listed explicitly: the bundle has no globs). */
export const CORE_MIGRATIONS: Function[] = [InitialSchema1796037497725, ImageRepositoryReportedAt1796038897667];
