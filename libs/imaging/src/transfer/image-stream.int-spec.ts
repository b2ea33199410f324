import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '@og/testing';
import { ImagingCancelledError } from '../process/tool-error';
import { ImageStreamReceipt, ImageStreamSink, ImageStreamWriteError, refuseUpgrade } from './image-stream-sink';
import { uploadImageStream } from './image-stream-upload';

const MiB = 1024 * 1024;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The stdout of `cat file`, as a capture hands the compressor's stdout over. */
function producer(file: string) {
  const child = spawn('cat', [file], { stdio: ['ignore', 'pipe', 'ignore'] });
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  return { input: child.stdout, exited };
}

describe('streamed image upload (og-image-stream/1): uploader child → sink child', () => {
  let dir: string;
  let server: Server;
  let url: string;
  /** What each upgraded upload ended as, in order. */
  let outcomes: Array<Promise<ImageStreamReceipt | Error>>;
  let refuse: { status: number; body: unknown } | null;
  let storeDir: string;
  let uploads = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'og-stream-'));
    storeDir = join(dir, 'store');
    await mkdir(storeDir);
    server = createServer((_req, res) => res.writeHead(426).end());
    server.on('upgrade', (req: IncomingMessage, socket: Socket) => {
      if (refuse) return refuseUpgrade(socket, refuse.status, refuse.body);
      const tempPath = join(storeDir, `upload-${++uploads}`);
      let done: (r: ImageStreamReceipt | Error) => void = () => undefined;
      outcomes.push(new Promise((resolve) => (done = resolve)));
      void (async () => {
        const sink = await ImageStreamSink.start(socket, { tempPath }).catch((err: Error) => {
          refuseUpgrade(socket, 507, { message: err.message });
          done(err);
          return null;
        });
        if (!sink) return;
        try {
          const got = await sink.received;
          const ok = got.declared?.sha256 === got.sha256 && got.declared.length === got.length;
          await sink.answer(ok ? { status: 201, body: { name: 'x' } } : { status: 400, body: { message: 'mismatch' } });
          done(got);
        } catch (err) {
          if (err instanceof ImageStreamWriteError)
            await sink.answer({ status: 507, body: { message: `disk full: ${err.message}` } });
          else sink.kill();
          done(err as Error);
        }
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ogrepository/v1/images/x/file`;
  });

  beforeEach(() => {
    outcomes = [];
    refuse = null;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('sends every byte once the producer succeeded; the sink wrote the same bytes and saw the trailer', async () => {
    const bytes = randomBytes(40 * MiB + 123);
    const file = join(dir, 'image');
    await writeFile(file, bytes);
    const p = producer(file);
    const result = await uploadImageStream({
      url,
      input: p.input,
      headBytes: 1000,
      commit: async () => {
        if ((await p.exited) !== 0) throw new Error('producer failed');
      },
    });
    expect(result).toMatchObject({ status: 201, bytes: bytes.length, sha256: sha256(bytes) });
    expect(JSON.parse(result.body.toString())).toEqual({ name: 'x' });
    expect(result.head.equals(bytes.subarray(0, 1000))).toBe(true);
    const got = (await outcomes[0]) as ImageStreamReceipt;
    expect(got).toEqual({
      length: bytes.length,
      sha256: sha256(bytes),
      declared: { length: bytes.length, sha256: sha256(bytes) },
    });
    expect(sha256(await readFile(join(storeDir, `upload-${uploads}`)))).toBe(sha256(bytes));
  });

  it('drops the connection without a trailer when the producer failed: the sink sees no declaration', async () => {
    const file = join(dir, 'small');
    await writeFile(file, randomBytes(3 * MiB));
    const p = producer(file);
    await expect(
      uploadImageStream({ url, input: p.input, headBytes: 0, commit: () => Promise.reject(new Error('zstd failed')) }),
    ).rejects.toThrow('zstd failed');
    const got = await outcomes[0];
    expect(got instanceof Error || (got as ImageStreamReceipt).declared === null).toBe(true);
  });

  it('returns a refusal of the upgrade as status and body, sending nothing', async () => {
    refuse = { status: 401, body: { statusCode: 401, message: 'bad token' } };
    const file = join(dir, 'small');
    const p = producer(file);
    const result = await uploadImageStream({ url, input: p.input, headBytes: 0, commit: () => Promise.resolve() });
    expect(result.status).toBe(401);
    expect(JSON.parse(result.body.toString())).toMatchObject({ message: 'bad token' });
  });

  it('returns the 507 answer when the store fills up part-way (4 MiB tmpfs), after reading the rest', async () => {
    const small = join(dir, 'tiny-store');
    await mkdir(small);
    await run('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', small]);
    const previous = storeDir;
    storeDir = small;
    try {
      const file = join(dir, 'big');
      await writeFile(file, randomBytes(12 * MiB));
      const p = producer(file);
      const result = await uploadImageStream({ url, input: p.input, headBytes: 0, commit: () => Promise.resolve() });
      expect(result.status).toBe(507);
      expect(JSON.parse(result.body.toString()).message).toMatch(/disk full.*(ENOSPC|no space)/i);
      expect(await outcomes[0]).toBeInstanceOf(ImageStreamWriteError);
    } finally {
      storeDir = previous;
      await run('umount', [small]);
    }
  });

  it('cancels: the uploader is killed and the sink sees the upload end without a declaration', async () => {
    const slow = spawn('sh', ['-c', 'head -c 2M /dev/zero; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const controller = new AbortController();
    const upload = uploadImageStream({
      url,
      input: slow.stdout,
      headBytes: 0,
      signal: controller.signal,
      commit: () => Promise.resolve(),
    });
    while (outcomes.length === 0) await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    await expect(upload).rejects.toBeInstanceOf(ImagingCancelledError);
    const got = await outcomes[0];
    expect(got instanceof Error || (got as ImageStreamReceipt).declared === null).toBe(true);
    slow.kill('SIGKILL');
  });
});
