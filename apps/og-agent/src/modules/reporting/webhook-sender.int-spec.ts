import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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

function senderFor(coreUrl: string): WebhookSender {
  const config = {
    coreUrl,
    webhookSecret: SECRET,
    identity: { mac: '08:00:27:4f:be:38', ip: '127.0.0.1', name: 'pc' },
  } as AgentConfig;
  return new WebhookSender(config);
}

describe('WebhookSender', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
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
    expect(sender.pendingCount()).toBe(0);
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
    await expectEventually(() => expect(sender.pendingCount()).toBe(0), { timeoutMs: 10_000 });
    expect(core.accepted.map((e) => (e as { progress: number }).progress)).toEqual([1, 3]);
  });
});
