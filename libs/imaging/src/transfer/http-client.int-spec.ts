import { createHash, randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { putStreamWithTrailers, UPLOAD_QUEUE_BYTES } from './http-client';

const CHUNK = 64 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A source of `total` random bytes in 64 KiB chunks that counts what was pulled from it. */
function countingSource(total: number): { source: Readable; pulled: () => number; bytes: Buffer } {
  const bytes = randomBytes(total);
  let at = 0;
  const source = new Readable({
    read() {
      if (at >= total) return void this.push(null);
      this.push(bytes.subarray(at, at + CHUNK));
      at += CHUNK;
    },
  });
  return { source, pulled: () => at, bytes };
}

describe('putStreamWithTrailers', () => {
  let server: Server;
  let url: string;
  let stalled: IncomingMessage | null = null;
  let received: Promise<{ body: Buffer; trailers: NodeJS.Dict<string> }>;

  beforeEach(async () => {
    let deliver: (r: { body: Buffer; trailers: NodeJS.Dict<string> }) => void = () => undefined;
    received = new Promise((resolve) => (deliver = resolve));
    server = createServer((req, res) => {
      stalled = req;
      req.pause(); // the test decides when the server reads
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        deliver({ body: Buffer.concat(chunks), trailers: req.trailers });
        res.writeHead(201).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/file`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('reads ahead of a slow server by a few MiB, then pauses its source until the socket drains', async () => {
    const total = 256 * 1024 * 1024;
    const { source, pulled, bytes } = countingSource(total);
    const upload = putStreamWithTrailers(url, source, { stage: 'upload' });
    upload.catch(() => undefined); // a failed expectation below closes the server under it
    await sleep(500);
    const early = pulled();
    await sleep(300);
    // paused: nothing more is pulled while the server reads nothing, and what was pulled is bounded
    expect(pulled()).toBe(early);
    expect(early).toBeGreaterThanOrEqual(UPLOAD_QUEUE_BYTES);
    expect(early).toBeLessThan(64 * 1024 * 1024);
    stalled!.resume();
    const result = await upload;
    const got = await received;
    expect(result).toMatchObject({ status: 201, bytes: total });
    expect(got.body.equals(bytes)).toBe(true);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(result.sha256).toBe(sha256);
    expect(got.trailers).toMatchObject({ 'x-og-content-sha256': sha256, 'x-og-content-length': String(total) });
  });
});
