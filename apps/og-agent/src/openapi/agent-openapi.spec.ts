import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENT_OPENAPI_FILE, buildAgentOpenApi, serializeOpenApi } from './agent-openapi';

describe('og-agent OpenAPI document', () => {
  it('matches the committed openapi/og-agent.json (regenerate with `npm run openapi`)', async () => {
    const committed = readFileSync(join(__dirname, '../../../..', AGENT_OPENAPI_FILE), 'utf8');
    expect(serializeOpenApi(await buildAgentOpenApi())).toBe(committed);
  });
});
