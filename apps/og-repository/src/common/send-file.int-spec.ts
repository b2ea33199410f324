import express from 'express';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdtemp, realpath, rm, stat } from 'node:fs/promises';
import { IncomingMessage, request, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RepositoryImage, RepositoryStatus, repositoryPaths } from '@og/contracts';
import { expectEventually, run } from '@og/testing';
import { SENDFILE_MIN_BYTES, SendfileLookup, sendFileStream } from '@repository/common/send-file';
import { findSendfileProgram } from '@repository/common/sendfile-program';
import { putImage, RunningRepository, startRepository, stopRepository } from '@repository/testing/int-helpers';

const TOKEN = 'sendfile-int-token';
const NAME = 'big';
const sh = async (cmd: string) => (await run('bash', ['-c', `set -o pipefail; ${cmd}`], { timeoutMs: 120_000 })).trim();
const md5sum = async (cmd: string) => (await sh(`${cmd} | md5sum -b`)).split(' ')[0];

/** Pids of the processes whose stdin is `file` and whose parent is this process (the sendfile children). */
function childrenReading(file: string): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return ppid === process.pid && readlinkSync(`/proc/${pid}/fd/0`) === file;
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

/** Responses of the current test, destroyed after it (a stalled one would keep its sender, and the server, busy). */
const responses: IncomingMessage[] = [];

/** Starts a GET and resolves with the response once its head is in, body not read (so the sender soon blocks). */
function startDownload(url: string, headers: Record<string, string> = {}): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false, headers: { authorization: `Bearer ${TOKEN}`, ...headers } }, (res) => {
      responses.push(res);
      resolve(res);
    })
      .on('error', reject)
      .end();
  });
}

/** Reads `res` until at least `bytes` came, then pauses it; resolves with the bytes read. */
function readAtLeast(res: IncomingMessage, bytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let got = 0;
    const onData = (c: Buffer) => {
      got += c.length;
      if (got < bytes) return;
      res.pause();
      res.off('data', onData);
      resolve(got);
    };
    res.on('data', onData).on('error', reject);
  });
}

/** Reads the rest of a response: its MD5 and length. */
function bodyDigest(res: IncomingMessage): Promise<{ md5: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const md5 = createHash('md5');
    let bytes = 0;
    res.on('data', (c: Buffer) => {
      md5.update(c);
      bytes += c.length;
    });
    res.on('end', () => resolve({ md5: md5.digest('hex'), bytes }));
    res.on('error', reject);
  });
}

describe('image downloads by sendfile (real HTTP, busybox, Redis)', () => {
  let work: string;
  let file: string; // the image as og-repository stores it (real path, as /proc shows it)
  let size: number;
  let fullSum: string;
  let repo: RunningRepository;
  const url = () => `${repo.base}${repositoryPaths.imageFile(NAME)}`;

  beforeAll(async () => {
    work = await realpath(await mkdtemp(join(tmpdir(), 'og-repo-sendfile-')));
    const fs = join(work, 'fs.raw');
    // 48 MiB of random data: far more than busybox's 16 MiB sendfile calls plus the loopback socket buffers, so a
    // client that stops reading half-way stalls the sender with a call done and another pending
    await sh(`truncate -s 96M ${fs} && mkfs.ext4 -q -F ${fs} && head -c 48M /dev/urandom > ${work}/data.bin`);
    await sh(`debugfs -w -R "write ${work}/data.bin data.bin" ${fs}`);
    const image = join(work, 'image.zst');
    await sh(`partclone.extfs -c -s ${fs} -o - -L ${work}/partclone.log 2>/dev/null | zstd -q -c > ${image}`);
    repo = await startRepository({ token: TOKEN, dir: join(work, 'images'), name: 'sendfile-int' });
    expect((await putImage(TOKEN, repo.base, NAME, image)).status).toBe(201);
    const ready = await expectEventually(
      async () => {
        const i = (await (await repo.api(repositoryPaths.image(NAME))).json()) as RepositoryImage;
        if (i.status !== 'ready') throw new Error(`${NAME} is ${i.status}`);
        return i;
      },
      { timeoutMs: 60_000 },
    );
    file = join(work, 'images', `${NAME}.img`);
    size = (await stat(file)).size;
    fullSum = ready.fullSum!;
    expect(fullSum).toBe(await md5sum(`cat ${file}`));
  }, 180_000);

  afterEach(() => responses.splice(0).forEach((res) => res.destroy()));

  afterAll(async () => {
    await stopRepository(repo);
    await rm(work, { recursive: true, force: true });
  });

  it('sends a whole image from a busybox child, byte-identical, with the usual head plus Connection: close', async () => {
    const res = await startDownload(url());
    await expectEventually(() => expect(childrenReading(file)).toHaveLength(1));
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({
      'accept-ranges': 'bytes',
      'content-type': 'application/octet-stream',
      'content-length': String(size),
      etag: `"${fullSum}"`,
      'last-modified': (await stat(file)).mtime.toUTCString(),
      connection: 'close',
    });
    expect(res.headers['content-range']).toBeUndefined();
    expect(await bodyDigest(res)).toEqual({ md5: fullSum, bytes: size });
    await expectEventually(() => expect(childrenReading(file)).toEqual([]));
  });

  it('resumes with Range: bytes=N- and a matching If-Range from a busybox child, byte-identical from N', async () => {
    const from = Math.floor(size / 3) + 7;
    const res = await startDownload(url(), { range: `bytes=${from}-`, 'if-range': `"${fullSum}"` });
    await expectEventually(() => expect(childrenReading(file)).toHaveLength(1));
    expect(res.statusCode).toBe(206);
    expect(res.headers['content-range']).toBe(`bytes ${from}-${size - 1}/${size}`);
    expect(res.headers['content-length']).toBe(String(size - from));
    expect(res.headers.connection).toBe('close');
    expect(await bodyDigest(res)).toEqual({ md5: await md5sum(`tail -c +${from + 1} ${file}`), bytes: size - from });
  });

  it('answers a resume whose If-Range no longer matches with the whole image (200)', async () => {
    const res = await startDownload(url(), { range: 'bytes=1000-', 'if-range': '"0123456789abcdef0123456789abcdef"' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-range']).toBeUndefined();
    expect(await bodyDigest(res)).toEqual({ md5: fullSum, bytes: size });
  });

  it('keeps bounded ranges and small tails on Node (no child, keep-alive)', async () => {
    const keepAlive = { connection: 'keep-alive' };
    const bounded = await startDownload(url(), { ...keepAlive, range: `bytes=0-${size - 2}` });
    await new Promise((r) => setTimeout(r, 300));
    expect(childrenReading(file)).toEqual([]);
    expect(bounded.statusCode).toBe(206);
    expect(bounded.headers.connection).toBe('keep-alive');
    expect(await bodyDigest(bounded)).toEqual({ md5: await md5sum(`head -c ${size - 1} ${file}`), bytes: size - 1 });
    const tail = await startDownload(url(), { ...keepAlive, range: `bytes=${size - SENDFILE_MIN_BYTES + 1}-` });
    expect(tail.headers.connection).toBe('keep-alive');
    expect((await bodyDigest(tail)).bytes).toBe(SENDFILE_MIN_BYTES - 1);
  });

  it('shows a stalled download in GET /status with the bytes the child sent and a rate, until it ends', async () => {
    const res = await startDownload(url());
    await expectEventually(() => expect(childrenReading(file)).toHaveLength(1));
    // the child's offset moves once per sendfile call (busybox: 16 MiB), so let one call finish
    const head = await readAtLeast(res, 17 * 1024 * 1024);
    const transfer = await expectEventually(async () => {
      const status = (await (await repo.api(repositoryPaths.status())).json()) as RepositoryStatus;
      const t = status.transfers.find((x) => x.kind === 'download' && x.image === NAME);
      if (!t || t.bytesDone < 16 * 1024 * 1024) throw new Error(`download not seen moving yet: ${JSON.stringify(t)}`);
      return t;
    });
    expect(transfer).toMatchObject({ totalBytes: size, peer: expect.stringContaining('127.0.0.1') });
    expect(transfer.bytesDone).toBeLessThan(size);
    expect(transfer.bytesPerSecond).toBeGreaterThan(0);
    expect(childrenReading(file)).toHaveLength(1);
    const rest = bodyDigest(res);
    res.resume();
    expect(head + (await rest).bytes).toBe(size);
    await expectEventually(async () => {
      const status = (await (await repo.api(repositoryPaths.status())).json()) as RepositoryStatus;
      expect(status.transfers.filter((x) => x.kind === 'download')).toEqual([]);
    });
  });

  it('kills the busybox child when the client goes away mid-download, and forgets the transfer', async () => {
    const res = await startDownload(url());
    const [child] = await expectEventually(() => {
      const pids = childrenReading(file);
      expect(pids).toHaveLength(1);
      return pids;
    });
    expect(readFileSync(`/proc/${child}/cmdline`, 'latin1').split('\0')).toContain('cat');
    res.destroy();
    await expectEventually(() => expect(childrenReading(file)).toEqual([]), { timeoutMs: 5000, intervalMs: 50 });
    await expectEventually(async () => {
      const status = (await (await repo.api(repositoryPaths.status())).json()) as RepositoryStatus;
      expect(status.transfers.filter((x) => x.kind === 'download')).toEqual([]);
    });
    // and the next download still works
    expect(await bodyDigest(await startDownload(url()))).toEqual({ md5: fullSum, bytes: size });
  });

  describe('without a working busybox', () => {
    let server: Server;
    let base = '';
    /** An express app serving `file` with sendFileStream and the given sendfile lookup at `/<label>`. */
    const lookups: Record<string, SendfileLookup> = {
      missing: () => findSendfileProgram({ busybox: join(work, 'no-busybox') }),
      'spawn-fails': async () => ({ busybox: join(work, 'no-busybox'), setpriv: null }),
      'child-fails': async () => ({ busybox: join(work, 'no-busybox'), setpriv: '/usr/bin/setpriv' }),
    };

    beforeAll(async () => {
      const app = express();
      app.get('/:label', (req, res) =>
        sendFileStream(res, { path: file, contentType: 'application/octet-stream' }, lookups[req.params.label]),
      );
      server = await new Promise<Server>((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('finds no sendfile program for a busybox that is not there', async () => {
      expect(await lookups.missing()).toBeNull();
    });

    it.each(['missing', 'spawn-fails', 'child-fails'])(
      'still sends whole images and resumes byte-identical through Node (busybox %s)',
      async (label) => {
        const whole = await startDownload(`${base}/${label}`);
        expect(whole.statusCode).toBe(200);
        expect(whole.headers['content-length']).toBe(String(size));
        expect(await bodyDigest(whole)).toEqual({ md5: fullSum, bytes: size });
        const from = 12345;
        const resumed = await startDownload(`${base}/${label}`, { range: `bytes=${from}-` });
        expect(resumed.statusCode).toBe(206);
        expect(resumed.headers['content-range']).toBe(`bytes ${from}-${size - 1}/${size}`);
        expect(await bodyDigest(resumed)).toEqual({
          md5: await md5sum(`tail -c +${from + 1} ${file}`),
          bytes: size - from,
        });
        expect(childrenReading(file)).toEqual([]);
      },
    );
  });
});
