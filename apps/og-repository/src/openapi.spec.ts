import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateRepositoryOpenApi } from '@repository/app.factory';
import { loadRepositoryConfig } from '@repository/config/env';

/** The committed spec; regenerate with `npm run openapi`. */
const SPEC_PATH = join(__dirname, '../../../openapi/og-repository.json');

describe('og-repository OpenAPI document', () => {
  it('matches openapi/og-repository.json (regenerate with `npm run openapi`)', async () => {
    const config = loadRepositoryConfig({
      OG_REPOSITORY_TOKEN: 'unused',
      OG_REPOSITORY_DIR: '/nonexistent',
      OG_REPOSITORY_NAME: 'spec',
    });
    const generated = `${JSON.stringify(await generateRepositoryOpenApi(config), null, 2)}\n`;
    const committed = await readFile(SPEC_PATH, 'utf8').catch(() => '');
    expect(committed).toBe(generated);
  });
});
