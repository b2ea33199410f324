import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateRepositoryOpenApi } from '@repository/app.factory';
import { loadRepositoryConfig } from '@repository/config/env';

/** The committed spec. Regenerate: `OG_WRITE_OPENAPI=1 npx jest -c jest.unit.config.ts apps/og-repository/src/openapi.spec.ts`. */
const SPEC_PATH = join(__dirname, '../../../openapi/og-repository.json');

describe('og-repository OpenAPI document', () => {
  it('matches openapi/og-repository.json (regenerate with OG_WRITE_OPENAPI=1)', async () => {
    const config = loadRepositoryConfig({ OG_REPOSITORY_TOKEN: 'unused', OG_REPOSITORY_DIR: '/nonexistent', OG_REPOSITORY_NAME: 'spec' });
    const generated = `${JSON.stringify(await generateRepositoryOpenApi(config), null, 2)}\n`;
    if (process.env.OG_WRITE_OPENAPI === '1') await writeFile(SPEC_PATH, generated);
    const committed = await readFile(SPEC_PATH, 'utf8').catch(() => '');
    expect(committed).toBe(generated);
  });
});
