import { AuditEntryEntity } from '@core/modules/audit/audit-entry.entity';
import { ClientPartitionEntity } from '@core/modules/clients/client-partition.entity';
import { ClientEntity } from '@core/modules/clients/client.entity';
import { ImageRepositoryEntity } from '@core/modules/image-repositories/image-repository.entity';
import { ImageEntity } from '@core/modules/images/image.entity';
import { OgLiveEntity } from '@core/modules/og-lives/og-live.entity';
import { OrganizationalUnitEntity } from '@core/modules/organizational-units/organizational-unit.entity';
import { HardwareProfileEntity } from '@core/modules/profiles/hardware-profile.entity';
import { SoftwareProfileEntity } from '@core/modules/profiles/software-profile.entity';
import { SubnetEntity } from '@core/modules/subnets/subnet.entity';
import { TraceEntity } from '@core/modules/traces/trace.entity';
import { UserTokenEntity } from '@core/modules/users/user-token.entity';
import { UserEntity } from '@core/modules/users/user.entity';
import { WebhookEventEntity } from '@core/modules/webhooks/webhook-event.entity';

/** Every TypeORM entity of og-core (listed explicitly: the bundle has no globs). */
export const CORE_ENTITIES = [
  OrganizationalUnitEntity,
  SubnetEntity,
  ImageRepositoryEntity,
  ClientEntity,
  ClientPartitionEntity,
  ImageEntity,
  TraceEntity,
  UserEntity,
  WebhookEventEntity,
  UserTokenEntity,
  OgLiveEntity,
  HardwareProfileEntity,
  SoftwareProfileEntity,
  AuditEntryEntity,
];
