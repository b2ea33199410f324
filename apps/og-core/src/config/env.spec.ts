import { availableParallelism } from 'node:os';
import { InvalidEnvironmentError, loadEnv } from '@og/nest-common';
import { CoreEnv } from './env';

const REQUIRED = {
  OG_JWT_SECRET: 'j'.repeat(32),
  OG_AGENT_SECRET: 'a'.repeat(16),
  OG_AGENT_WEBHOOK_SECRET: 'w'.repeat(16),
  OG_REPOSITORY_WEBHOOK_SECRET: 'r'.repeat(16),
};

describe('CoreEnv', () => {
  it('sizes the PostgreSQL pool from the cores unless told', () => {
    expect(loadEnv(CoreEnv, REQUIRED).OG_DATABASE_POOL_SIZE).toBe(2 * availableParallelism() + 1);
    expect(loadEnv(CoreEnv, { ...REQUIRED, OG_DATABASE_POOL_SIZE: '12' }).OG_DATABASE_POOL_SIZE).toBe(12);
  });

  it('refuses a pool of fewer than 2 connections, naming the variable', () => {
    expect(() => loadEnv(CoreEnv, REQUIRED)).not.toThrow();
    expect(() => loadEnv(CoreEnv, { ...REQUIRED, OG_DATABASE_POOL_SIZE: '1' })).toThrow(InvalidEnvironmentError);
    expect(() => loadEnv(CoreEnv, { ...REQUIRED, OG_DATABASE_POOL_SIZE: '1' })).toThrow(/OG_DATABASE_POOL_SIZE/);
    expect(() => loadEnv(CoreEnv, { ...REQUIRED, OG_DATABASE_POOL_SIZE: 'many' })).toThrow(/OG_DATABASE_POOL_SIZE/);
  });
});
