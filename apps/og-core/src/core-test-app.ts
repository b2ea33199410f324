import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { loadEnv } from '@og/nest-common';
import { deleteRedisKeys } from '@og/testing';
import { createCoreApp } from './app.factory';
import { CoreEnv } from './config/env';

/** An og-core listening on 127.0.0.1 (random port) for integration tests, with its own queue prefix. */
export interface CoreTestApp {
  app: INestApplication;
  env: CoreEnv;
  baseUrl: string;
  /** `fetch` against the API with the admin's token. */
  api(
    path: string,
    init?: { method?: string; body?: unknown; token?: string | null },
  ): Promise<{ status: number; body: any }>;
  /** Logs a user in and returns the whole token answer (`accessToken`, `refreshToken`). */
  login(username: string, password: string): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/** Starts og-core on `databaseUrl` with test secrets; `overrides` replace env values. */
export async function startCoreTestApp(
  databaseUrl: string,
  overrides: Record<string, string> = {},
): Promise<CoreTestApp> {
  const env = loadEnv(CoreEnv, {
    OG_DATABASE_URL: databaseUrl,
    OG_QUEUE_PREFIX: `ogtest${randomBytes(4).toString('hex')}`,
    OG_JWT_SECRET: randomBytes(32).toString('hex'),
    OG_ADMIN_USER: 'admin',
    OG_ADMIN_PASSWORD: 'admin-password',
    OG_AGENT_SECRET: 'agent-secret-for-tests',
    OG_AGENT_WEBHOOK_SECRET: 'agent-webhook-secret-for-tests',
    OG_REPOSITORY_WEBHOOK_SECRET: 'repository-webhook-secret-for-tests',
    OG_LOG_LEVEL: 'warn',
    ...overrides,
  });
  const app = await createCoreApp(env);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const login = await fetch(`${baseUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'admin-password' }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const testApp: CoreTestApp = {
    app,
    env,
    baseUrl,
    async api(path, init = {}) {
      const token = init.token === undefined ? accessToken : init.token;
      const res = await fetch(`${baseUrl}${path}`, {
        method: init.method ?? (init.body ? 'POST' : 'GET'),
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    login(username, password) {
      return testApp.api('/auth/login', { body: { username, password }, token: null });
    },
    async close() {
      await app.close();
      await deleteRedisKeys(env.OG_QUEUE_PREFIX, env.OG_REDIS_URL);
    },
  };
  return testApp;
}
