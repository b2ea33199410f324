import type { Config } from 'jest';
import { basePreset } from './jest.preset';

/** Integration tests: Nest apps on the real PostgreSQL and Redis, real loop devices. */
const config: Config = { ...basePreset, testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'], testTimeout: 120_000 };
export default config;
