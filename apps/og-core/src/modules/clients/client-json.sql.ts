import type { ClientPartitionEntity } from './client-partition.entity';
import type { ClientEntity } from './client.entity';

/**
 * A client as the API answers it: {@link ClientEntity} after JSON serialization (timestamps as ISO-8601 strings
 * with milliseconds, `Z`).
 */
export type ClientJson = Omit<ClientEntity, 'lastSeenAt' | 'createdAt' | 'updatedAt'> & {
  lastSeenAt: string | null;
  createdAt: string;
  updatedAt: string;
  partitions?: ClientPartitionEntity[];
};

/**
 * JSON text of a `T`, written by PostgreSQL byte for byte as `JSON.stringify` writes it (`row_to_json` and
 * `to_json(array_agg(…))` are compact); sent to the caller as it is, never parsed on the way.
 */
export type JsonText<T> = string & { readonly jsonOf?: T };

/** `Content-Type` of handlers answering {@link JsonText}: what Express's `res.json` sets. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** SQL: a timestamptz as `Date.prototype.toJSON` writes it (milliseconds truncated, as the pg driver does). */
const isoTime = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** SQL: the partitions of the clients row `c` as a JSON array by disk and partition, keys in the entity's order. */
const PARTITIONS_OF_C = `COALESCE((SELECT to_json(array_agg(row_to_json(p) ORDER BY p.disk, p.partition)) FROM (
    SELECT p.id, p."clientId", p.disk, p.partition, p.code, p.filesystem, p.os, p."sizeBytes", p."usedBytes", p."imageId"
    FROM client_partitions p WHERE p."clientId" = c.id) p), '[]'::json)`;

/**
 * SQL: the clients row `c` as {@link ClientJson} (a `json` value, keys in the order `JSON.stringify` gives the
 * entity); `partitions` when asked, as `GET /clients/{id}` has them.
 */
export function clientJsonSql(withPartitions: boolean): string {
  return `(SELECT row_to_json(x) FROM (SELECT c.id, c.name, c.mac, c.ip, c."organizationalUnitId", c."subnetId",
    c."repositoryId", c.status, c."serialNumber", c."networkInterface", c."ogLiveId", c."bootTemplate", c.maintenance,
    c."hardwareProfileId", ${isoTime('c."lastSeenAt"')} AS "lastSeenAt",
    ${withPartitions ? `${PARTITIONS_OF_C} AS partitions,` : ''}
    ${isoTime('c."createdAt"')} AS "createdAt", ${isoTime('c."updatedAt"')} AS "updatedAt") x)`;
}
