import { DataSource, DataSourceOptions } from 'typeorm';
import { CORE_ENTITIES } from './entities';
import { CORE_MIGRATIONS } from './migrations';

/**
 * TypeORM options of og-core: migrations run at start, never `synchronize`.
 * @param poolSize most connections kept open (`OG_DATABASE_POOL_SIZE`); pg's default (10) when omitted.
 */
export function coreDataSourceOptions(url: string, poolSize?: number): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: CORE_ENTITIES,
    migrations: CORE_MIGRATIONS,
    migrationsRun: true,
    synchronize: false,
    uuidExtension: 'pgcrypto',
    ...(poolSize ? { poolSize } : {}),
  };
}

/** Used by the TypeORM CLI (`npx typeorm-ts-node-commonjs -d apps/og-core/src/database/data-source.ts …`). */
export default new DataSource(
  coreDataSourceOptions(process.env.OG_DATABASE_URL ?? 'postgres://ogsuite:ogsuite@127.0.0.1:5432/ogsuite'),
);
