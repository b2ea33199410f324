import bencode from 'bencode';
import Redis from 'ioredis';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { RepositoryImage, RepositoryImageList, repositoryPaths } from '@og/contracts';
import { expectEventually } from '@og/testing';
import { md5sum, putImage, sh, WebhookReceiver } from '@repository/testing/int-helpers';
import { createRepositoryApp } from '@repository/app.factory';
import { loadRepositoryConfig } from '@repository/config/env';

const TOKEN = 'int-test-token';
const SECRET = 'int-test-webhook-secret';

describe('og-repository (real HTTP, Redis, partclone images)', () => {
  let work: string;
  let imagesDir: string;
  let app: INestApplication;
  let base: string;
  const receiver = new WebhookReceiver(SECRET);
  const prefix = `ogrepo-int-${randomUUID()}`;
  const images: Record<'zstd' | 'gzip' | 'lzop', string> = { zstd: '', gzip: '', lzop: '' };
  let usedKb = 0;

  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${TOKEN}`, ...(init.headers as Record<string, string>) },
    });
  const image = async (name: string): Promise<RepositoryImage> =>
    (await (await api(repositoryPaths.image(name))).json()) as RepositoryImage;
  const waitStatus = (name: string, status: RepositoryImage['status']) =>
    expectEventually(
      async () => {
        const i = await image(name);
        if (i.status !== status) throw new Error(`${name} is ${i.status}, want ${status}`);
        return i;
      },
      { timeoutMs: 60_000 },
    );

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'og-repo-int-'));
    imagesDir = join(work, 'images');
    const fs = join(work, 'fs.raw');
    await sh(`truncate -s 64M ${fs} && mkfs.ext4 -q -F ${fs} && head -c 6M /dev/urandom > ${work}/data.bin`);
    await sh(`debugfs -w -R "write ${work}/data.bin data.bin" ${fs}`);
    await sh(`echo hello > ${work}/hello.txt && debugfs -w -R "write ${work}/hello.txt hello.txt" ${fs}`);
    const dump = await sh(`dumpe2fs -h ${fs} 2>/dev/null`);
    const field = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(dump)![1]);
    usedKb = Math.ceil(((field('Block count') - field('Free blocks')) * field('Block size')) / 1024);
    for (const [comp, cmd] of [
      ['zstd', 'zstd -q -c'],
      ['gzip', 'gzip -c'],
      ['lzop', 'lzop -c'],
    ] as const) {
      images[comp] = join(work, `image.${comp}`);
      await sh(`partclone.extfs -c -s ${fs} -o - -L ${work}/partclone.log 2>/dev/null | ${cmd} > ${images[comp]}`);
    }

    // an image already in the directory at boot, without auxiliary files: the startup scan must queue it
    await sh(`mkdir -p ${imagesDir} && cp ${images.gzip} ${imagesDir}/preexisting.img`);
    await receiver.start();
    const config = loadRepositoryConfig({
      OG_REPOSITORY_TOKEN: TOKEN,
      OG_REPOSITORY_DIR: imagesDir,
      OG_REPOSITORY_NAME: 'repo-int',
      OG_REPOSITORY_LISTEN: '127.0.0.1:8006',
      OG_REPOSITORY_CORE_URL: receiver.url,
      OG_REPOSITORY_WEBHOOK_SECRET: SECRET,
      OG_REPOSITORY_TRACKER_URL: 'http://127.0.0.1:6969/announce',
      OG_REDIS_URL: 'redis://127.0.0.1:6379',
      OG_QUEUE_PREFIX: prefix,
      OG_LOG_LEVEL: 'warn',
    });
    app = await createRepositoryApp(config);
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await receiver.stop();
    const redis = new Redis('redis://127.0.0.1:6379');
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    await rm(work, { recursive: true, force: true });
  });

  /** GET with the path sent verbatim (fetch would normalise `..`). */
  const rawStatus = (path: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(`${base}/`, { path, headers: { authorization: `Bearer ${TOKEN}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject).end();
    });

  it('is ready: Redis answers and the directory is writable', async () => {
    const res = await fetch(`${base}/health/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', checks: { redis: 'up', imageDirectory: 'up' } });
  });

  it.each(['zstd', 'gzip', 'lzop'] as const)(
    'receives a chunked %s upload with trailers and writes the auxiliary files the real tools agree with',
    async (comp) => {
      const name = `ext4-${comp}`;
      const file = images[comp];
      const put = await putImage(TOKEN, base, name, file);
      expect(put.status).toBe(201);
      expect(put.body).toMatchObject({ name, status: 'processing', sizeBytes: (await readFile(file)).length });

      const ready = await waitStatus(name, 'ready');
      const fullSum = await md5sum(file);
      const tailSum = (await sh(`tail -c1M ${file} | md5sum -b`)).split(' ')[0];
      const COMP = comp.toUpperCase();
      expect(ready).toMatchObject({
        sum: tailSum,
        fullSum,
        info: `PARTCLONE:${COMP}:EXTFS:${usedKb}`,
        torrent: true,
        invalidReason: null,
      });
      expect(ready.dataSizeBytes).toBe(usedKb * 1024);
      expect(ready.filesystemSizeBytes).toBe(64 * 1024 * 1024);

      const aux = async (suffix: 'sum' | 'full.sum' | 'size' | 'info' | 'torrent') =>
        api(repositoryPaths.auxiliaryFile(name, suffix));
      expect(await (await aux('sum')).text()).toBe(tailSum);
      expect(await (await aux('full.sum')).text()).toBe(fullSum);
      expect(await (await aux('size')).text()).toBe(String(ready.sizeBytes));
      expect(await (await aux('info')).text()).toBe(`PARTCLONE:${COMP}:EXTFS:${usedKb}`);
      const torrentRes = await aux('torrent');
      expect(torrentRes.headers.get('content-type')).toContain('application/x-bittorrent');
      const torrent = bencode.decode(Buffer.from(await torrentRes.arrayBuffer()));
      expect(Buffer.from(torrent.comment).toString()).toBe(fullSum);
      expect(Buffer.from(torrent.info.name).toString()).toBe(`${name}.img`);
      expect(torrent.info['piece length']).toBe(4194304);
      const bytes = await readFile(file);
      const pieces = [];
      for (let at = 0; at < bytes.length; at += 4194304)
        pieces.push(
          createHash('sha1')
            .update(bytes.subarray(at, at + 4194304))
            .digest(),
        );
      expect(Buffer.from(torrent.info.pieces).equals(Buffer.concat(pieces))).toBe(true);

      await expectEventually(() => expect(receiver.of(name)).toEqual(['image.received', 'image.aux-ready']), {
        timeoutMs: 30_000,
      });
      const mine = receiver.events.filter((e) => e.event.image.name === name);
      expect(
        mine.every((e) => e.signatureOk && e.eventIdHeader === e.event.id && e.event.repository === 'repo-int'),
      ).toBe(true);
      expect(mine[1].event.image).toEqual(ready);
    },
  );

  it('serves the image byte-identical, with ranges from the middle, ETag and HEAD', async () => {
    const name = 'ext4-zstd';
    const original = await readFile(images.zstd);
    const whole = await api(repositoryPaths.imageFile(name));
    expect(whole.status).toBe(200);
    expect(whole.headers.get('etag')).toBe(`"${await md5sum(images.zstd)}"`);
    expect(Buffer.from(await whole.arrayBuffer()).equals(original)).toBe(true);

    const start = Math.floor(original.length / 2) - 1000;
    const ranged = await api(repositoryPaths.imageFile(name), {
      headers: { range: `bytes=${start}-${start + 70_000}` },
    });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes ${start}-${start + 70_000}/${original.length}`);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(original.subarray(start, start + 70_001))).toBe(true);

    const resumed = await api(repositoryPaths.imageFile(name), {
      headers: { range: `bytes=${start}-`, 'if-range': whole.headers.get('etag')! },
    });
    expect(resumed.status).toBe(206);
    expect(Buffer.from(await resumed.arrayBuffer()).equals(original.subarray(start))).toBe(true);
    const stale = await api(repositoryPaths.imageFile(name), {
      headers: { range: `bytes=${start}-`, 'if-range': '"0123"' },
    });
    expect(stale.status).toBe(200);
    await stale.arrayBuffer();

    const head = await api(repositoryPaths.imageFile(name), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(original.length));
    expect(head.headers.get('accept-ranges')).toBe('bytes');
  });

  it('serves several downloads and ranges at once byte-identical, a suffix range, and 416 past the end', async () => {
    const name = 'ext4-zstd';
    const original = await readFile(images.zstd);
    const cuts = [0, 1, Math.floor(original.length / 3), original.length - 5];
    const got = await Promise.all(
      cuts.map(async (start) => {
        const res = await api(repositoryPaths.imageFile(name), { headers: start ? { range: `bytes=${start}-` } : {} });
        return { start, status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
      }),
    );
    for (const g of got) {
      expect(g.status).toBe(g.start ? 206 : 200);
      expect(g.bytes.equals(original.subarray(g.start))).toBe(true);
    }
    const tail = await api(repositoryPaths.imageFile(name), { headers: { range: 'bytes=-100' } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(original.subarray(original.length - 100))).toBe(true);
    const past = await api(repositoryPaths.imageFile(name), { headers: { range: `bytes=${original.length}-` } });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${original.length}`);
  });

  it('computes the auxiliary files of an image found without them at startup', async () => {
    const ready = await waitStatus('preexisting', 'ready');
    expect(ready.fullSum).toBe(await md5sum(images.gzip));
    expect(ready.info).toBe(`PARTCLONE:GZIP:EXTFS:${usedKb}`);
  });

  it('retries a webhook og-core refused, with the same event id, until it is accepted (order may change)', async () => {
    receiver.failNext = 1;
    expect((await putImage(TOKEN, base, 'retried', images.zstd)).status).toBe(201);
    await expectEventually(() => expect(receiver.of('retried').sort()).toEqual(['image.aux-ready', 'image.received']), {
      timeoutMs: 30_000,
    });
    const received = receiver.events.find(
      (e) => e.event.image.name === 'retried' && e.event.event === 'image.received',
    )!;
    expect(receiver.attempts.get(received.event.id)).toBe(2);
    expect(received.signatureOk).toBe(true);
  });

  it('lists every image with disk usage', async () => {
    const list = (await (await api(repositoryPaths.images())).json()) as RepositoryImageList;
    expect(list.images.map((i: RepositoryImage) => i.name)).toEqual(
      expect.arrayContaining(['ext4-gzip', 'ext4-lzop', 'ext4-zstd']),
    );
    expect(list.disk.totalBytes).toBeGreaterThan(0);
    expect(list.disk.freeBytes).toBeGreaterThan(0);
  });

  it('rejects an upload whose trailer MD5 is wrong and keeps the previous version intact', async () => {
    const name = 'ext4-zstd';
    const before = await image(name);
    const put = await putImage(TOKEN, base, name, images.gzip, { md5: '0'.repeat(32) });
    expect(put.status).toBe(400);
    expect(put.body.code).toBe('UPLOAD_CHECKSUM_MISMATCH');
    expect(await image(name)).toEqual(before);
    expect(await md5sum(join(imagesDir, `${name}.img`))).toBe(before.fullSum);
    expect((await readdir(imagesDir)).filter((f) => f.includes('.upload-'))).toEqual([]);
  });

  it('verifies an upload declared by SHA-256 (as og-agent sends it): a wrong digest is refused, the right one kept', async () => {
    const name = 'sha256-declared';
    const wrong = await putImage(TOKEN, base, name, images.zstd, { sha256: 'f'.repeat(64) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('UPLOAD_CHECKSUM_MISMATCH');
    expect((await api(repositoryPaths.image(name))).status).toBe(404);
    // an MD5 where the announced SHA-256 should be is no declaration at all
    const md5Only = await putImage(TOKEN, base, name, images.zstd, { sha256: await md5sum(images.zstd) });
    expect(md5Only.status).toBe(400);
    expect(md5Only.body.code).toBe('UPLOAD_CHECKSUM_MISSING');
    const put = await putImage(TOKEN, base, name, images.zstd, { sha256: true });
    expect(put.status).toBe(201);
    expect(await md5sum(join(imagesDir, `${name}.img`))).toBe(await md5sum(images.zstd));
    // .full.sum stays the MD5 of the whole file, as OpenGnsys expects
    expect((await waitStatus(name, 'ready')).fullSum).toBe(await md5sum(images.zstd));
    expect((await readdir(imagesDir)).filter((f) => f.includes('.upload-'))).toEqual([]);
  });

  it('rejects an upload whose trailer length is wrong', async () => {
    const put = await putImage(TOKEN, base, 'len-mismatch', images.gzip, { length: 1 });
    expect(put.status).toBe(400);
    expect(put.body.code).toBe('UPLOAD_CHECKSUM_MISMATCH');
    expect((await api(repositoryPaths.image('len-mismatch'))).status).toBe(404);
  });

  it('drops the temporary file of an aborted upload and keeps the previous version', async () => {
    const name = 'ext4-lzop';
    const before = await image(name);
    const put = await putImage(TOKEN, base, name, images.zstd, { abortAfter: 1024 * 1024 });
    expect(put.status).toBe(0);
    await expectEventually(async () =>
      expect((await readdir(imagesDir)).filter((f) => f.includes('.upload-'))).toEqual([]),
    );
    expect(await image(name)).toEqual(before);
  });

  it('marks a truncated image invalid, persists the reason and reports image.invalid', async () => {
    const name = 'truncated';
    const cut = join(work, 'truncated.zst');
    await sh(`head -c 3000000 ${images.zstd} > ${cut}`);
    expect((await putImage(TOKEN, base, name, cut)).status).toBe(201);
    const invalid = await waitStatus(name, 'invalid');
    expect(invalid.invalidReason).toMatch(/ZSTD/);
    expect(invalid.sum).toBeNull();
    expect(await readFile(join(imagesDir, `${name}.img.invalid`), 'utf8')).toBe(invalid.invalidReason);
    expect((await api(repositoryPaths.auxiliaryFile(name, 'full.sum'))).status).toBe(404);
    await expectEventually(() => expect(receiver.of(name)).toEqual(['image.received', 'image.invalid']), {
      timeoutMs: 30_000,
    });
    const ev = receiver.events.find((e) => e.event.image.name === name && e.event.event === 'image.invalid')!;
    expect(ev.signatureOk).toBe(true);
    expect(ev.event.event === 'image.invalid' && ev.event.reason).toBe(invalid.invalidReason);
  });

  it('marks a file that is not a partclone image invalid', async () => {
    const junk = join(work, 'junk.bin');
    await sh(`head -c 200000 /dev/urandom > ${junk}`);
    expect((await putImage(TOKEN, base, 'junk', junk)).status).toBe(201);
    expect((await waitStatus('junk', 'invalid')).invalidReason).toMatch(/partclone/);
  });

  it('answers 409 to a second upload of a name being uploaded, and the first still succeeds', async () => {
    let release!: () => void;
    const hold = new Promise<void>((r) => (release = r));
    const first = putImage(TOKEN, base, 'busy', images.lzop, { hold });
    await expectEventually(async () =>
      expect((await readdir(imagesDir)).some((f) => f.startsWith('.busy.img.upload-'))).toBe(true),
    );
    const second = await putImage(TOKEN, base, 'busy', images.gzip);
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('UPLOAD_IN_PROGRESS');
    release();
    expect((await first).status).toBe(201);
    await waitStatus('busy', 'ready');
    expect((await image('busy')).fullSum).toBe(await md5sum(images.lzop));
  });

  it('replaces an image: old auxiliary files go, new ones are computed', async () => {
    const put = await putImage(TOKEN, base, 'ext4-gzip', images.zstd);
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject({ status: 'processing', sum: null, fullSum: null, torrent: false });
    const ready = await waitStatus('ext4-gzip', 'ready');
    expect(ready.info).toBe(`PARTCLONE:ZSTD:EXTFS:${usedKb}`);
  });

  it('answers 401 without the token, with a wrong one, and accepts the raw token', async () => {
    expect((await fetch(`${base}${repositoryPaths.images()}`)).status).toBe(401);
    expect(
      (await fetch(`${base}${repositoryPaths.images()}`, { headers: { authorization: 'Bearer nope' } })).status,
    ).toBe(401);
    expect((await fetch(`${base}${repositoryPaths.images()}`, { headers: { authorization: TOKEN } })).status).toBe(200);
    expect((await putImage(TOKEN, base, 'noauth', images.gzip, { token: null })).status).toBe(401);
    expect((await fetch(`${base}${repositoryPaths.imageFile('ext4-zstd')}`)).status).toBe(401);
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/docs-json`)).status).toBe(200);
  });

  it('answers 400 to bad names before touching the filesystem, 404 to unknown ones', async () => {
    for (const bad of [
      'a.b',
      '.hidden',
      'with%20space',
      '..',
      '.',
      '%2E%2E',
      'a%2Fb',
      'tab%09x',
      '%00',
      'x'.repeat(101),
    ]) {
      expect([bad, await rawStatus(`/ogrepository/v1/images/${bad}`)]).toEqual([bad, 400]);
      expect([bad, await rawStatus(`/ogrepository/v1/images/${bad}/file`)]).toEqual([bad, 400]);
    }
    expect((await api('/ogrepository/v1/images/a.b/file')).status).toBe(400);
    expect((await putImage(TOKEN, base, 'a.b', images.gzip)).status).toBe(400);
    expect((await api(repositoryPaths.image('nope'))).status).toBe(404);
    expect((await api(repositoryPaths.imageFile('nope'))).status).toBe(404);
    expect((await api('/ogrepository/v1/images/ext4-zstd/file/md5')).status).toBe(400);
  });
});
