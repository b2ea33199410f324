import type { ClientPartitionEntity } from './client-partition.entity';
import type { ClientEntity } from './client.entity';

/**
 * A client as the API answers it: {@link ClientEntity} after JSON serialization (timestamps as ISO-8601 strings
 * with milliseconds, `Z`). Built by PostgreSQL (`json_build_object`), so reads skip entity hydration.
 */
export type ClientJson = Omit<ClientEntity, 'lastSeenAt' | 'createdAt' | 'updatedAt'> & {
  lastSeenAt: string | null;
  createdAt: string;
  updatedAt: string;
  partitions?: ClientPartitionEntity[];
};

/** SQL: a timestamptz as `Date.prototype.toJSON` writes it (milliseconds truncated, as the pg driver does). */
const isoTime = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** SQL `json_build_object` of the partitions row `p`, keys in {@link ClientPartitionEntity}'s order. */
const PARTITION_JSON = `json_build_object('id', p.id, 'clientId', p."clientId", 'disk', p.disk, 'partition', p.partition,
  'code', p.code, 'filesystem', p.filesystem, 'os', p.os, 'sizeBytes', p."sizeBytes", 'usedBytes', p."usedBytes",
  'imageId', p."imageId")`;

/** SQL: the partitions of client `c` as a JSON array, by disk and partition number. */
const PARTITIONS_OF_C = `COALESCE((SELECT json_agg(${PARTITION_JSON} ORDER BY p.disk, p.partition)
  FROM client_partitions p WHERE p."clientId" = c.id), '[]'::json)`;

/** SQL `json_build_object` of the clients row `c`, keys in {@link ClientEntity}'s JSON order; `partitions` when asked. */
export function clientJsonSql(withPartitions: boolean): string {
  return `json_build_object('id', c.id, 'name', c.name, 'mac', c.mac, 'ip', c.ip,
    'organizationalUnitId', c."organizationalUnitId", 'subnetId', c."subnetId", 'repositoryId', c."repositoryId",
    'status', c.status, 'serialNumber', c."serialNumber", 'networkInterface', c."networkInterface",
    'ogLiveId', c."ogLiveId", 'bootTemplate', c."bootTemplate", 'maintenance', c.maintenance,
    'hardwareProfileId', c."hardwareProfileId", 'lastSeenAt', ${isoTime('c."lastSeenAt"')},
    ${withPartitions ? `'partitions', ${PARTITIONS_OF_C},` : ''}
    'createdAt', ${isoTime('c."createdAt"')}, 'updatedAt', ${isoTime('c."updatedAt"')})`;
}
