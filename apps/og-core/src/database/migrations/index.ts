import { InitialSchema1796037497725 } from './1796037497725-initial-schema';
import { ImageRepositoryReportedAt1796038897667 } from './1796038897667-image-repository-reported-at';
import { RolesTokensOglivesProfilesAudit1796040680812 } from './1796040680812-roles-tokens-oglives-profiles-audit';
import { SoftwareProfilePartitions1796046857221 } from './1796046857221-software-profile-partitions';
import { ClientDocuments1796052000000 } from './1796052000000-client-documents';
import { UserCredentialsChangedAt1796053000000 } from './1796053000000-user-credentials-changed-at';
import { UnitTreeVersion1796054000000 } from './1796054000000-unit-tree-version';
import { ClientListVersions1796055000000 } from './1796055000000-client-list-versions';

/** Every migration, in order (listed explicitly: the bundle has no globs). */
export const CORE_MIGRATIONS: Function[] = [
  InitialSchema1796037497725,
  ImageRepositoryReportedAt1796038897667,
  RolesTokensOglivesProfilesAudit1796040680812,
  SoftwareProfilePartitions1796046857221,
  ClientDocuments1796052000000,
  UserCredentialsChangedAt1796053000000,
  UnitTreeVersion1796054000000,
  ClientListVersions1796055000000,
];
