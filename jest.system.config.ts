import type { Config } from 'jest';
import { basePreset } from './jest.preset';

/** System tests: the built services as real processes on loopback, loop-device disks, partclone. */
const config: Config = { ...basePreset, testMatch: ['<rootDir>/test/system/**/*.system-spec.ts'], testTimeout: 900_000 };
export default config;
