import Redis from 'ioredis';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, request, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { OG_HEADERS, RepositoryEvent, repositoryPaths, verifyWebhook } from '@og/contracts';
import { run } from '@og/testing';

import { createRepositoryApp } from '@repository/app.factory';
import { loadRepositoryConfig } from '@repository/config/env';

/* Helpers of og-repository's integration tests (real HTTP peers). */

/** A signed-webhook receiver standing in for og-core: verifies every signature and records the events. */
export class WebhookReceiver {
  readonly events: Array<{ event: RepositoryEvent; signatureOk: boolean; eventIdHeader: string | undefined }> = [];
  /** Answer 503 to this many next deliveries (to exercise retries). */
  failNext = 0;
  readonly attempts = new Map<string, number>();
  private server!: Server;
  url = '';

  constructor(private readonly secret: string) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const id = req.headers[OG_HEADERS.eventId] as string;
        this.attempts.set(id, (this.attempts.get(id) ?? 0) + 1);
        if (this.failNext > 0) {
          this.failNext--;
          res.writeHead(503).end();
          return;
        }
        const check = verifyWebhook({
          secret: this.secret,
          timestamp: req.headers[OG_HEADERS.timestamp] as string | undefined,
          signature: req.headers[OG_HEADERS.signature] as string | undefined,
          rawBody: raw,
          nowSeconds: Math.floor(Date.now() / 1000),
        });
        this.events.push({
          event: JSON.parse(raw.toString()),
          signatureOk: check.ok,
          eventIdHeader: req.headers[OG_HEADERS.eventId] as string,
        });
        res.writeHead(check.ok ? 204 : 401).end();
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  of(name: string): Array<RepositoryEvent['event']> {
    return this.events.filter((e) => e.event.image.name === name).map((e) => e.event.event);
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

export interface PutResult {
  status: number;
  body: any;
}

/**
 * PUTs `file` chunked with `x-og-content-md5`/`x-og-content-length` as trailers; with `sha256` (`true`: the right
 * digest, or the hex to declare) `x-og-content-sha256` instead, announced in `Trailer` (what og-agent does).
 * `hold` keeps the request open after the body until released; `abortAfter` destroys it after that many bytes.
 */
export function putImage(
  token: string,
  base: string,
  name: string,
  file: string,
  opts: {
    md5?: string;
    sha256?: string | true;
    length?: number;
    token?: string | null;
    hold?: Promise<void>;
    abortAfter?: number;
  } = {},
): Promise<PutResult> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      'content-type': 'application/octet-stream',
      trailer: `${opts.sha256 ? OG_HEADERS.contentSha256 : OG_HEADERS.contentMd5}, ${OG_HEADERS.contentLength}`,
    };
    if (opts.token !== null) headers.authorization = `Bearer ${opts.token ?? token}`;
    const req = request(`${base}${repositoryPaths.imageFile(name)}`, { method: 'PUT', headers });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null });
      });
    });
    req.on('error', (err) => (opts.abortAfter !== undefined ? resolve({ status: 0, body: err.message }) : reject(err)));
    const md5 = createHash(opts.sha256 ? 'sha256' : 'md5');
    let length = 0;
    const src = createReadStream(file, { highWaterMark: 256 * 1024 });
    src.on('data', (c: Buffer | string) => {
      const chunk = c as Buffer;
      md5.update(chunk);
      length += chunk.length;
      if (!req.write(chunk)) {
        src.pause();
        req.once('drain', () => src.resume());
      }
      if (opts.abortAfter !== undefined && length >= opts.abortAfter) {
        src.destroy();
        setTimeout(() => req.destroy(), 200);
      }
    });
    src.on('end', async () => {
      if (opts.hold) await opts.hold;
      const digest = md5.digest('hex');
      req.addTrailers({
        ...(opts.sha256
          ? { [OG_HEADERS.contentSha256]: opts.sha256 === true ? digest : opts.sha256 }
          : { [OG_HEADERS.contentMd5]: opts.md5 ?? digest }),
        [OG_HEADERS.contentLength]: String(opts.length ?? length),
      });
      req.end();
    });
  });
}

/** An og-repository app listening on 127.0.0.1 (random port), with its base URL. */
export interface RunningRepository {
  app: INestApplication;
  base: string;
  prefix: string;
  api: (path: string, init?: RequestInit) => Promise<Response>;
}

/** Boots og-repository on `dir` with a fresh queue prefix; webhooks go to `receiver`. */
export async function startRepository(opts: {
  token: string;
  dir: string;
  name: string;
  receiver?: WebhookReceiver;
  secret?: string;
  env?: Record<string, string>;
}): Promise<RunningRepository> {
  const prefix = `ogrepo-int-${randomUUID()}`;
  const config = loadRepositoryConfig({
    OG_REPOSITORY_TOKEN: opts.token,
    OG_REPOSITORY_DIR: opts.dir,
    OG_REPOSITORY_NAME: opts.name,
    OG_REPOSITORY_TRACKER_URL: 'http://127.0.0.1:6969/announce',
    OG_REDIS_URL: 'redis://127.0.0.1:6379',
    OG_QUEUE_PREFIX: prefix,
    OG_LOG_LEVEL: 'error',
    ...(opts.receiver ? { OG_REPOSITORY_CORE_URL: opts.receiver.url, OG_REPOSITORY_WEBHOOK_SECRET: opts.secret! } : {}),
    ...opts.env,
  });
  const app = await createRepositoryApp(config);
  try {
    await app.listen(0, '127.0.0.1');
  } catch (err) {
    await app.close().catch(() => undefined);
    throw err;
  }
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${opts.token}`, ...(init.headers as Record<string, string>) },
    });
  return { app, base, prefix, api };
}

/** Closes the app and deletes its Redis keys. */
export async function stopRepository(repo: RunningRepository | undefined): Promise<void> {
  if (!repo) return;
  await repo.app.close();
  const redis = new Redis('redis://127.0.0.1:6379');
  const keys = await redis.keys(`${repo.prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
}

/** Runs `bash -c` with pipefail and returns its trimmed stdout (2 min limit). */
export const sh = async (cmd: string): Promise<string> =>
  (await run('bash', ['-c', `set -o pipefail; ${cmd}`], { timeoutMs: 120_000 })).trim();

/** Hex MD5 of a file, by the real `md5sum`. */
export const md5sum = async (file: string): Promise<string> => (await sh(`md5sum -b ${file}`)).split(' ')[0];
