import type { INestApplication } from '@nestjs/common';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentJobView } from '@og/contracts';
import { expectEventually } from '@og/testing';
import { createAgentApp } from '@agent/app.factory';
import { loadAgentConfig } from '@agent/config/env';

/** The agent app running in this process on 127.0.0.1 with a random port. */
export class AgentHarness {
  private constructor(
    readonly app: INestApplication,
    readonly baseUrl: string,
    readonly secret: string,
    private readonly ownStateDir: string | null,
  ) {}

  /** Boots the agent with `env` (merged over test defaults; a temporary OG_AGENT_STATE_DIR unless given). */
  static async start(env: Record<string, string>): Promise<AgentHarness> {
    const ownStateDir = env.OG_AGENT_STATE_DIR ? null : await mkdtemp(join(tmpdir(), 'og-agent-state-'));
    const config = loadAgentConfig({
      OG_AGENT_LISTEN: '127.0.0.1:1',
      OG_LOG_LEVEL: 'warn',
      ...(ownStateDir ? { OG_AGENT_STATE_DIR: ownStateDir } : {}),
      ...env,
    });
    const app = await createAgentApp(config);
    await app.listen(0, '127.0.0.1');
    const port = (app.getHttpServer().address() as AddressInfo).port;
    return new AgentHarness(app, `http://127.0.0.1:${port}`, config.secret, ownStateDir);
  }

  /** Sends a request with the agent secret (unless `auth` is given, `null` to send none). */
  async call(
    method: string,
    path: string,
    body?: unknown,
    auth: string | null = this.secret,
  ): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(auth !== null ? { authorization: auth } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  /** Waits until a job leaves `running` and returns its view. */
  async waitJob(jobId: string, timeoutMs = 110_000): Promise<AgentJobView> {
    return expectEventually(
      async () => {
        const { body } = await this.call('GET', `/CloningEngine/jobs/${jobId}`);
        if (body.state === 'running') throw new Error(`${jobId} still ${body.stage} ${body.progress}%`);
        return body as AgentJobView;
      },
      { timeoutMs, intervalMs: 250 },
    );
  }

  async stop(): Promise<void> {
    await this.app.close();
    if (this.ownStateDir) await rm(this.ownStateDir, { recursive: true, force: true });
  }
}
