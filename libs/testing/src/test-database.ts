import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Admin URL used to create and drop test databases (the `ogsuite` role has CREATEDB). */
const ADMIN_URL = process.env.OG_TEST_DATABASE_ADMIN_URL ?? 'postgres://ogsuite:ogsuite@127.0.0.1:5432/postgres';

/** A throw-away PostgreSQL database for one test suite. */
export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database `ogtest_<random>` on the local PostgreSQL; `drop()` removes it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `ogtest_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new Client({ connectionString: ADMIN_URL });
      await c.connect();
      try {
        // An autovacuum worker in the database (no role) makes FORCE fail for a non-superuser (42501): it ends soon.
        for (let attempt = 1; ; attempt++) {
          try {
            await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            return;
          } catch (err) {
            if ((err as { code?: string }).code !== '42501' || attempt === 20) throw err;
            await new Promise((resolve) => setTimeout(resolve, 250));
          }
        }
      } finally {
        await c.end();
      }
    },
  };
}
