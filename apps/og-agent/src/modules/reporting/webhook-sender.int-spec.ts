import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentEvent, OG_HEADERS, verifyWebhook } from '@og/contracts';
import { expectEventually } from '@og/testing';
import type { AgentConfig } from '@agent/config/env';
import { WebhookSender } from './webhook-sender.service';

const SECRET = 'webhook-secret-for-tests';

/** og-core stand-in on 127.0.0.1 whose answers are scripted per request. */
async function flakyCore(
  answers: number[],
): Promise<{ server: Server; url: string; accepted: AgentEvent[]; attempts: number[] }> {
  const accepted: AgentEvent[] = [];
  const attempts: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const ok = verifyWebhook({
        secret: SECRET,
        timestamp: req.headers[OG_HEADERS.timestamp] as string,
        signature: req.headers[OG_HEADERS.signature] as string,
        rawBody: raw,
        nowSeconds: Math.floor(Date.now() / 1000),
      }).ok;
      const status = ok ? (answers.shift() ?? 204) : 401;
      attempts.push(status);
      if (status < 300) accepted.push(JSON.parse(raw.toString()) as AgentEvent);
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, accepted, attempts };
}

let stateDir: string;

function senderFor(coreUrl: string): WebhookSender {
  const config = {
    coreUrl,
    webhookSecret: SECRET,
    identity: { mac: '08:00:27:4f:be:38', ip: '127.0.0.1', name: 'pc' },
    stateDir,
  } as AgentConfig;
  return new WebhookSender(config);
}

/** A URL on 127.0.0.1 where nothing listens (og-core down). */
async function deadUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return `http://127.0.0.1:${port}`;
}

describe('WebhookSender', () => {
  let server: Server | undefined;
  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'og-webhook-journal-'));
  });
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    server = undefined;
    await rm(stateDir, { recursive: true, force: true });
  });

  it('journals events on disk in order while og-core is down and re-sends them after a restart', async () => {
    const journal = join(stateDir, 'outbox', '0800274fbe38');
    const first = senderFor(await deadUrl());
    first.start();
    const started = first.send({
      event: 'job.started',
      jobId: 'RestaurarImagen-0000000a',
      nfn: 'RestaurarImagen',
      ids: 't',
    });
    const finished = first.send({
      event: 'job.finished',
      jobId: 'RestaurarImagen-0000000a',
      nfn: 'RestaurarImagen',
      ids: 't',
      status: 'success',
      stage: null,
      error: null,
      stderrTail: null,
      result: { method: 'UNICAST-DIRECT', fallback: 'NO_CACHE' },
    });
    const files = (await readdir(journal)).sort();
    expect(files).toEqual(['000000000001.json', '000000000002.json']);
    expect(JSON.parse(await readFile(join(journal, files[1]), 'utf8'))).toMatchObject({
      id: finished,
      event: 'job.finished',
    });
    await first.beforeApplicationShutdown();
    expect((await readdir(journal)).length).toBe(3);

    const core = await flakyCore([]);
    server = core.server;
    const second = senderFor(core.url);
    expect(second.pendingCount()).toBe(3);
    second.start();
    const next = second.send({ event: 'job.started', jobId: 'Configurar-0000000b', nfn: 'Configurar', ids: null });
    await expectEventually(() => expect(second.pendingCount()).toBe(0), { timeoutMs: 10_000 });
    expect(core.accepted.map((e) => [e.event, e.id])).toEqual([
      ['job.started', started],
      ['job.finished', finished],
      ['agent.stopped', expect.any(String)],
      ['job.started', next],
    ]);
    expect((core.accepted[1] as { result: unknown }).result).toEqual({
      method: 'UNICAST-DIRECT',
      fallback: 'NO_CACHE',
    });
    expect(await readdir(journal)).toEqual([]);
  });

  it('retries until og-core answers 2xx and keeps the order', async () => {
    const core = await flakyCore([503, 500, 429]);
    server = core.server;
    const sender = senderFor(core.url);
    sender.start();
    sender.send({ event: 'job.started', jobId: 'CrearImagen-00000001', nfn: 'CrearImagen', ids: null });
    sender.send({
      event: 'job.finished',
      jobId: 'CrearImagen-00000001',
      nfn: 'CrearImagen',
      ids: null,
      status: 'success',
      stage: null,
      error: null,
      stderrTail: null,
      result: {},
    });
    await expectEventually(() => expect(core.accepted.map((e) => e.event)).toEqual(['job.started', 'job.finished']), {
      timeoutMs: 15_000,
    });
    expect(core.attempts).toEqual([503, 500, 429, 204, 204]);
    // og-core records the event before its 204 reaches the sender, which only then clears the journal.
    await expectEventually(() => expect(sender.pendingCount()).toBe(0));
  });

  it('drops an event og-core refuses with a 4xx and goes on', async () => {
    const core = await flakyCore([422]);
    server = core.server;
    const sender = senderFor(core.url);
    sender.start();
    sender.send({ event: 'job.started', jobId: 'Configurar-00000002', nfn: 'Configurar', ids: null });
    sender.send({ event: 'job.started', jobId: 'Configurar-00000003', nfn: 'Configurar', ids: null });
    await expectEventually(() =>
      expect(core.accepted.map((e) => 'jobId' in e && e.jobId)).toEqual(['Configurar-00000003']),
    );
    expect(core.attempts).toEqual([422, 204]);
  });

  it('keeps only the newest waiting progress of a job while og-core is down', async () => {
    const core = await flakyCore([503]);
    server = core.server;
    const sender = senderFor(core.url);
    sender.start();
    const progress = (p: number) =>
      sender.send({
        event: 'job.progress',
        jobId: 'RestaurarImagen-00000004',
        nfn: 'RestaurarImagen',
        ids: null,
        stage: 'write',
        progress: p,
        rateBytesPerSecond: 0,
      });
    progress(1);
    progress(2);
    progress(3);
    // progress is never journaled: no fsync a second during a job
    expect(await readdir(join(stateDir, 'outbox', '0800274fbe38'))).toEqual([]);
    await expectEventually(() => expect(sender.pendingCount()).toBe(0), { timeoutMs: 10_000 });
    expect(core.accepted.map((e) => (e as { progress: number }).progress)).toEqual([1, 3]);
  });
});
