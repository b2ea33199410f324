import { createReadStream } from 'node:fs';
import { mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IMAGE_STREAM_UPGRADE, ImageStreamTrailer, REPOSITORY_API_PREFIX, RepositoryImage } from '@og/contracts';
import { ImageStreamSink, refuseUpgrade } from '@og/imaging';
import { run } from '@og/testing';

/** One request the peer saw. */
export interface SeenRequest {
  method: string;
  url: string;
  range: string | null;
}

/**
 * A test stand-in for og-repository on 127.0.0.1: implements the streamed upload og-agent uses (`og-image-stream/1`,
 * received with the same {@link ImageStreamSink} as og-repository; image `refused` is answered 507 before the
 * upgrade), serves `<name>.img` with Range support and `.sum`/`.full.sum` computed with the real `md5sum`/`tail -c1M`.
 */
export class RepositoryPeer {
  readonly requests: SeenRequest[] = [];
  /** What the sender declared in the trailer of the last accepted streamed upload per image. */
  readonly declared = new Map<string, ImageStreamTrailer>();
  /** Image name → bytes after which the next whole-file GET (no Range) is cut (socket destroyed). One shot. */
  readonly cutNextDownload = new Map<string, number>();
  /** Image name → bytes per second at which GETs of its whole file are served (to keep a restore running). */
  readonly throttle = new Map<string, number>();

  private constructor(
    private readonly server: Server,
    readonly dir: string,
    private readonly token: string,
  ) {}

  static async start(token: string): Promise<RepositoryPeer> {
    const dir = await mkdtemp(join(tmpdir(), 'og-repo-peer-'));
    const server = createServer();
    const peer = new RepositoryPeer(server, dir, token);
    server.on(
      'request',
      (req, res) => void peer.handle(req, res).catch((err: Error) => peer.reply(res, 500, { message: err.message })),
    );
    server.on('upgrade', (req: IncomingMessage, socket: Socket) => void peer.receiveStream(req, socket));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return peer;
  }

  /** `127.0.0.1:<port>`, usable as an order's `ipr`. */
  get address(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Path of a stored image. */
  imagePath(name: string): string {
    return join(this.dir, `${name}.img`);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
    await rm(this.dir, { recursive: true, force: true });
  }

  private reply(res: ServerResponse, status: number, body: unknown): void {
    if (res.headersSent) return void res.destroy();
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests.push({ method: req.method ?? '', url: req.url ?? '', range: (req.headers.range as string) ?? null });
    if (req.headers.authorization !== `Bearer ${this.token}`) return this.reply(res, 401, { message: 'bad token' });
    const m = new RegExp(`^/${REPOSITORY_API_PREFIX}/images/([A-Za-z0-9_-]+)/file(?:/(sum|full\\.sum))?$`).exec(
      req.url ?? '',
    );
    if (!m) return this.reply(res, 404, { message: 'no such route' });
    const [, name, suffix] = m;
    const file = this.imagePath(name);
    if (req.method !== 'GET') return this.reply(res, 405, { message: 'method' });
    const size = await stat(file).then(
      (s) => s.size,
      () => null,
    );
    if (size === null) return this.reply(res, 404, { message: `image ${name} not found` });
    if (suffix) {
      const cmd =
        suffix === 'sum' ? `tail -c1M '${file}' | md5sum -b | cut -f1 -d' '` : `md5sum -b '${file}' | cut -f1 -d' '`;
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end(await run('sh', ['-c', cmd]));
    }
    const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers.range ?? ''));
    if (range) {
      const start = Number(range[1]);
      const end = Math.min(range[2] ? Number(range[2]) : size - 1, size - 1);
      res.writeHead(206, {
        'content-type': 'application/octet-stream',
        'content-length': end - start + 1,
        'content-range': `bytes ${start}-${end}/${size}`,
      });
      createReadStream(file, { start, end, highWaterMark: 1 << 20 }).pipe(res);
      return;
    }
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': size,
      'accept-ranges': 'bytes',
    });
    const cut = this.cutNextDownload.get(name);
    this.cutNextDownload.delete(name);
    if (cut !== undefined) {
      const head = createReadStream(file, { start: 0, end: cut - 1 });
      head.on('data', (c) => res.write(c));
      head.on('end', () => setTimeout(() => res.destroy(), 100));
      return;
    }
    const rate = this.throttle.get(name);
    if (rate) return void (await this.serveSlowly(file, res, rate));
    createReadStream(file, { highWaterMark: 1 << 20 }).pipe(res);
  }

  private async serveSlowly(file: string, res: ServerResponse, bytesPerSecond: number): Promise<void> {
    const chunk = Math.max(1024, Math.floor(bytesPerSecond / 10));
    for await (const c of createReadStream(file, { highWaterMark: chunk })) {
      if (res.destroyed) return;
      res.write(c);
      await new Promise((r) => setTimeout(r, 100));
    }
    res.end();
  }

  private async receiveStream(req: IncomingMessage, socket: Socket): Promise<void> {
    this.requests.push({ method: req.method ?? '', url: req.url ?? '', range: null });
    const m = new RegExp(`^/${REPOSITORY_API_PREFIX}/images/([A-Za-z0-9_-]+)/file$`).exec(req.url ?? '');
    if (req.headers.authorization !== `Bearer ${this.token}`)
      return refuseUpgrade(socket, 401, { message: 'bad token' });
    if (!m || req.method !== 'PUT' || req.headers.upgrade !== IMAGE_STREAM_UPGRADE)
      return refuseUpgrade(socket, 404, { message: 'no such route' });
    const name = m[1];
    if (name === 'refused') return refuseUpgrade(socket, 507, { message: 'repository disk is full' });
    const file = this.imagePath(name);
    const tmp = `${file}.upload`;
    await rm(tmp, { force: true });
    const sink = await ImageStreamSink.start(socket, { tempPath: tmp });
    const got = await sink.received.catch(() => null);
    if (!got) {
      sink.kill();
      return void (await rm(tmp, { force: true }));
    }
    if (got.declared?.sha256 !== got.sha256 || got.declared.length !== got.length) {
      await rm(tmp, { force: true });
      const message = `trailer ${JSON.stringify(got.declared)} does not match sha256 ${got.sha256} / ${got.length} bytes`;
      return sink.answer({ status: 400, body: { message } });
    }
    await rename(tmp, file);
    const md5 = (await run('md5sum', ['-b', file])).split(' ')[0];
    await writeFile(`${file}.full.sum`, md5);
    this.declared.set(name, got.declared);
    await sink.answer({ status: 201, body: this.describe(name, got.length, md5) });
  }

  private describe(name: string, sizeBytes: number, fullSum: string): RepositoryImage {
    return {
      name,
      status: 'processing',
      invalidReason: null,
      sizeBytes,
      info: null,
      dataSizeBytes: null,
      filesystemSizeBytes: null,
      sum: null,
      fullSum,
      torrent: false,
      modifiedAt: new Date().toISOString(),
    };
  }
}
