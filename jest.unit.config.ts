import type { Config } from 'jest';
import { basePreset } from './jest.preset';

/** Unit tests: pure logic, `*.spec.ts` beside the code. */
const config: Config = { ...basePreset, testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] };
export default config;
