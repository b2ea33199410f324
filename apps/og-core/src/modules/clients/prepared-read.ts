import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Runs a read-only query as a named prepared statement: PostgreSQL plans it once per pooled connection instead of
 * on every call (planning the JSON-building reads costs about as much as running them). `text` must carry no
 * values (they go in `values`), so the statement name, a hash of the text, stays the same from call to call.
 * @returns the rows, as `pg` parses them.
 */
export async function preparedRead<T>(db: DataSource, text: string, values: unknown[]): Promise<T[]> {
  const pool = (db.driver as unknown as { master: Pool }).master;
  const name = `og_${createHash('sha1').update(text).digest('base64url')}`;
  return (await pool.query({ name, text, values })).rows as T[];
}
