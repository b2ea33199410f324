import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  encodeImageStreamTrailer,
  IMAGE_STREAM_UPGRADE,
  ImageStreamAnswer,
  RepositoryImage,
  repositoryPaths,
} from '@og/contracts';
import { uploadImageStream } from '@og/imaging';
import { expectEventually } from '@og/testing';
import {
  putImage,
  RunningRepository,
  startRepository,
  stopRepository,
  WebhookReceiver,
  md5sum,
  sh,
} from '@repository/testing/int-helpers';

const TOKEN = 'stream-int-token';
const SECRET = 'stream-int-secret';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** What a hand-written client got: the HTTP status line's code, and the JSON after the head (or the answer line). */
interface RawResult {
  status: number;
  /** The refusal's JSON body, or the answer line after a 101. */
  json: any;
}

describe('og-repository streamed upload (og-image-stream/1, real HTTP and Redis)', () => {
  let work: string;
  let imagesDir: string;
  let repo: RunningRepository;
  const receiver = new WebhookReceiver(SECRET);
  /** Two partclone+zstd images of different ext4 filesystems (a few MiB of random file data each). */
  const images: string[] = [];

  const image = async (name: string): Promise<RepositoryImage> =>
    (await (await repo.api(repositoryPaths.image(name))).json()) as RepositoryImage;
  const waitReady = (name: string) =>
    expectEventually(
      async () => {
        const i = await image(name);
        if (i.status !== 'ready') throw new Error(`${name} is ${i.status}`);
        return i;
      },
      { timeoutMs: 60_000 },
    );
  const tempFiles = async (name: string) => (await readdir(imagesDir)).filter((f) => f.startsWith(`.${name}.img.`));

  /** Streams `input` as og-agent does; `commit` decides whether the trailer is sent. */
  const stream = (
    name: string,
    input: Readable,
    opts: { token?: string; commit?: () => Promise<void> } = {},
  ): ReturnType<typeof uploadImageStream> =>
    uploadImageStream({
      url: `${repo.base}${repositoryPaths.imageFile(name)}`,
      headers: { authorization: `Bearer ${opts.token ?? TOKEN}` },
      input,
      commit: opts.commit ?? (() => Promise.resolve()),
      headBytes: 0,
    });
  const cat = (file: string) => spawn('cat', [file], { stdio: ['ignore', 'pipe', 'ignore'] }).stdout;

  /**
   * A client written by hand: sends `head` lines (the request line first), and after a 101 `body` then FIN; resolves
   * with the status and the JSON that followed.
   */
  const raw = (lines: string[], body: Buffer = Buffer.alloc(0)) =>
    new Promise<RawResult>((resolve, reject) => {
      const url = new URL(repo.base);
      const socket = connect(Number(url.port), url.hostname);
      const chunks: Buffer[] = [];
      let upgraded = false;
      socket.on('data', (c: Buffer) => {
        chunks.push(c);
        const text = Buffer.concat(chunks).toString();
        if (!upgraded && text.startsWith('HTTP/1.1 101') && text.includes('\r\n\r\n')) {
          upgraded = true;
          socket.end(body);
        }
      });
      socket.on('error', reject);
      socket.on('close', () => {
        const text = Buffer.concat(chunks).toString();
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
        const rest = text.slice(text.indexOf('\r\n\r\n') + 4).trim();
        resolve({ status, json: rest ? JSON.parse(rest) : null });
      });
      socket.write(`${[...lines, `Host: ${url.host}`].join('\r\n')}\r\n\r\n`);
    });
  const upgradeHead = (name: string, extra: string[] = []) => [
    `PUT ${repositoryPaths.imageFile(name)} HTTP/1.1`,
    `Authorization: Bearer ${TOKEN}`,
    'Content-Type: application/octet-stream',
    'Connection: Upgrade',
    `Upgrade: ${IMAGE_STREAM_UPGRADE}`,
    ...extra,
  ];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'og-repo-stream-'));
    imagesDir = join(work, 'images');
    await mkdir(imagesDir);
    for (const i of [0, 1]) {
      const fs = join(work, `fs${i}.raw`);
      await sh(`truncate -s 32M ${fs} && mkfs.ext4 -q -F ${fs} && head -c ${3 + i}M /dev/urandom > ${work}/data.bin`);
      await sh(`debugfs -w -R "write ${work}/data.bin data.bin" ${fs}`);
      images.push(join(work, `image${i}.zst`));
      await sh(`partclone.extfs -c -s ${fs} -o - -L ${work}/partclone.log 2>/dev/null | zstd -q -c > ${images[i]}`);
    }
    await receiver.start();
    repo = await startRepository({ token: TOKEN, dir: imagesDir, name: 'repo-stream', receiver, secret: SECRET });
  }, 180_000);

  afterAll(async () => {
    await stopRepository(repo);
    await receiver.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('installs a streamed upload: same bytes, 201 with the image, image.received, auxiliary files computed', async () => {
    const name = 'streamed';
    const bytes = await readFile(images[0]);
    const result = await stream(name, cat(images[0]));
    expect(result).toMatchObject({ status: 201, bytes: bytes.length, sha256: sha256(bytes) });
    expect(JSON.parse(result.body.toString())).toMatchObject({ name, status: 'processing', sizeBytes: bytes.length });
    expect(sha256(await readFile(join(imagesDir, `${name}.img`)))).toBe(sha256(bytes));
    const ready = await waitReady(name);
    expect(ready.fullSum).toBe(await md5sum(images[0]));
    expect(await (await repo.api(repositoryPaths.auxiliaryFile(name, 'full.sum'))).text()).toBe(ready.fullSum);
    await expectEventually(() => expect(receiver.of(name)).toEqual(['image.received', 'image.aux-ready']), {
      timeoutMs: 30_000,
    });
    expect(await tempFiles(name)).toEqual([]);
  });

  it('refuses a wrong token with 401 before the upgrade; nothing is written', async () => {
    const result = await stream('no-token', cat(images[0]), { token: 'nope' });
    expect(result.status).toBe(401);
    expect(JSON.parse(result.body.toString())).toEqual({
      statusCode: 401,
      message: 'missing or wrong API token',
      code: 'UNAUTHORIZED',
    });
    expect((await repo.api(repositoryPaths.image('no-token'))).status).toBe(404);
    expect(await tempFiles('no-token')).toEqual([]);
  });

  it('answers 409 UPLOAD_IN_PROGRESS to a second upload (streamed or chunked) while one is running', async () => {
    const name = 'busy-stream';
    const slow = spawn('sh', ['-c', `cat ${images[1]}; exec sleep 60`], { stdio: ['ignore', 'pipe', 'ignore'] });
    const first = stream(name, slow.stdout);
    await expectEventually(async () => expect((await tempFiles(name)).length).toBe(1));
    const second = await stream(name, cat(images[0]));
    expect(second.status).toBe(409);
    expect(JSON.parse(second.body.toString())).toMatchObject({ statusCode: 409, code: 'UPLOAD_IN_PROGRESS' });
    const chunked = await putImage(TOKEN, repo.base, name, images[0]);
    expect(chunked.status).toBe(409);
    expect(chunked.body).toEqual(JSON.parse(second.body.toString()));
    slow.kill('SIGTERM'); // the producer's stdout ends: the first upload completes
    expect((await first).status).toBe(201);
    expect((await waitReady(name)).fullSum).toBe(await md5sum(images[1]));
    expect(await tempFiles(name)).toEqual([]);
  });

  it('keeps the previous version when the producer fails, and releases the lock', async () => {
    const name = 'streamed';
    const before = await image(name);
    await expect(
      stream(name, cat(images[1]), { commit: () => Promise.reject(new Error('zstd failed')) }),
    ).rejects.toThrow('zstd failed');
    await expectEventually(async () => expect(await tempFiles(name)).toEqual([]));
    expect(await image(name)).toEqual(before);
    expect(await md5sum(join(imagesDir, `${name}.img`))).toBe(before.fullSum);
    // the lock is free again: the next upload replaces the image
    const next = await expectEventually(async () => {
      const r = await stream(name, cat(images[1]));
      expect(r.status).toBe(201);
      return r;
    });
    expect(next.status).toBe(201);
    expect((await waitReady(name)).fullSum).toBe(await md5sum(images[1]));
    expect(await readdir(imagesDir)).toContain(`${name}.img.ant`);
  });

  it('answers 400 UPLOAD_CHECKSUM_MISMATCH to a trailer that does not match, and installs nothing', async () => {
    const name = 'stream-mismatch';
    const bytes = await readFile(images[0]);
    const trailer = encodeImageStreamTrailer({ length: bytes.length, sha256: 'f'.repeat(64) });
    const got = await raw(upgradeHead(name), Buffer.concat([bytes, trailer]));
    expect(got.status).toBe(101);
    const answer = got.json as ImageStreamAnswer;
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      statusCode: 400,
      code: 'UPLOAD_CHECKSUM_MISMATCH',
      message: 'the body does not match the declared SHA-256/length',
      details: {
        receivedSha256: sha256(bytes),
        receivedLength: bytes.length,
        declaredSha256: 'f'.repeat(64),
        declaredLength: bytes.length,
      },
    });
    const short = encodeImageStreamTrailer({ length: bytes.length - 1, sha256: sha256(bytes) });
    const wrongLength = await raw(upgradeHead(name), Buffer.concat([bytes, short]));
    expect((wrongLength.json as ImageStreamAnswer).status).toBe(400);
    expect((wrongLength.json as { body: { code: string } }).body.code).toBe('UPLOAD_CHECKSUM_MISMATCH');
    expect((await repo.api(repositoryPaths.image(name))).status).toBe(404);
    expect(await tempFiles(name)).toEqual([]);
  });

  it('answers 400 UPLOAD_CHECKSUM_MISSING when the stream ends without a trailer', async () => {
    const got = await raw(upgradeHead('stream-missing'), Buffer.from('just a few bytes, no trailer'));
    expect(got.status).toBe(101);
    expect(got.json).toMatchObject({ status: 400, body: { statusCode: 400, code: 'UPLOAD_CHECKSUM_MISSING' } });
    expect((await repo.api(repositoryPaths.image('stream-missing'))).status).toBe(404);
    expect(await tempFiles('stream-missing')).toEqual([]);
  });

  it('refuses before the upgrade what the REST route refuses, with the same status and body', async () => {
    const badName = await raw(upgradeHead('a.b'));
    expect(badName.status).toBe(400);
    expect(badName.json).toMatchObject({ statusCode: 400, code: 'INVALID_IMAGE_NAME' });
    expect(badName.json).toEqual(await (await repo.api('/ogrepository/v1/images/a.b/file', { method: 'PUT' })).json());
    const type = await raw(
      upgradeHead('typed').map((l) => (l.startsWith('Content-Type') ? 'Content-Type: text/plain' : l)),
    );
    expect(type.status).toBe(415);
    expect(type.json).toMatchObject({ statusCode: 415, code: 'UPLOAD_UNSUPPORTED_MEDIA_TYPE' });
    const full = await raw(upgradeHead('huge', ['x-og-content-length: 999999999999999']));
    expect(full.status).toBe(507);
    expect(full.json).toMatchObject({ statusCode: 507, code: 'INSUFFICIENT_STORAGE' });
    const noAuth = await raw(upgradeHead('noauth').filter((l) => !l.startsWith('Authorization')));
    expect(noAuth.status).toBe(401);
    const otherPath = await raw([`PUT /ogrepository/v1/images HTTP/1.1`, 'Connection: Upgrade', 'Upgrade: websocket']);
    expect(otherPath.status).toBe(404);
    const otherToken = await raw(
      upgradeHead('websocket').map((l) => (l.startsWith('Upgrade:') ? 'Upgrade: websocket' : l)),
    );
    expect(otherToken.status).toBe(400);
    expect(otherToken.json).toMatchObject({ statusCode: 400, code: 'BAD_REQUEST' });
    // the token is case-insensitive
    const upper = await raw(
      upgradeHead('upper-token').map((l) =>
        l.startsWith('Upgrade:') ? `Upgrade: ${IMAGE_STREAM_UPGRADE.toUpperCase()}` : l,
      ),
      Buffer.alloc(0),
    );
    expect(upper.status).toBe(101);
    expect(upper.json).toMatchObject({ status: 400, body: { code: 'UPLOAD_CHECKSUM_MISSING' } });
    for (const name of ['a.b', 'typed', 'huge', 'noauth', 'websocket', 'upper-token'])
      expect(await tempFiles(name)).toEqual([]);
  });
});
