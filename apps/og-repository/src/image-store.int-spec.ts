import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  RepositoryImage,
  RepositoryImageCheck,
  RepositoryImageList,
  RepositoryRescan,
  RepositoryStatus,
  RepositoryTrashList,
  repositoryPaths,
} from '@og/contracts';
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

const TOKEN = 'store-int-token';
const SECRET = 'store-int-secret';

describe('og-repository image store (real files, Redis, HTTP)', () => {
  let work: string;
  let dir: string;
  let repo: RunningRepository;
  const receiver = new WebhookReceiver(SECRET);
  const images: Record<'zstd' | 'gzip', string> = { zstd: '', gzip: '' };

  const image = async (r: RunningRepository, name: string) =>
    (await (await r.api(repositoryPaths.image(name))).json()) as RepositoryImage;
  const waitStatus = (r: RunningRepository, name: string, status: RepositoryImage['status']) =>
    expectEventually(
      async () => {
        const i = await image(r, name);
        if (i.status !== status) throw new Error(`${name} is ${i.status}, want ${status}`);
        return i;
      },
      { timeoutMs: 60_000 },
    );
  const upload = async (r: RunningRepository, name: string, file: string) => {
    expect((await putImage(TOKEN, r.base, name, file)).status).toBe(201);
    return waitStatus(r, name, 'ready');
  };
  const eventsOf = (name: string, repository = 'store-a') =>
    receiver.events.filter((e) => e.event.image.name === name && e.event.repository === repository).map((e) => e.event);

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'og-repo-store-'));
    dir = join(work, 'images');
    const fs = join(work, 'fs.raw');
    await sh(`truncate -s 48M ${fs} && mkfs.ext4 -q -F ${fs} && head -c 5M /dev/urandom > ${work}/data.bin`);
    await sh(`debugfs -w -R "write ${work}/data.bin data.bin" ${fs}`);
    for (const [comp, cmd] of [
      ['zstd', 'zstd -q -c'],
      ['gzip', 'gzip -c'],
    ] as const) {
      images[comp] = join(work, `image.${comp}`);
      await sh(`partclone.extfs -c -s ${fs} -o - -L ${work}/partclone.log 2>/dev/null | ${cmd} > ${images[comp]}`);
    }
    await receiver.start();
    repo = await startRepository({ token: TOKEN, dir, name: 'store-a', receiver, secret: SECRET });
  }, 180_000);

  afterAll(async () => {
    await stopRepository(repo);
    await receiver.stop();
    await rm(work, { recursive: true, force: true });
  });

  describe('atomic replace with .ant backup', () => {
    it('keeps serving the previous version until the new one is verified, then keeps it as .ant', async () => {
      const v1 = await upload(repo, 'swap', images.zstd);
      let release!: () => void;
      const hold = new Promise<void>((r) => (release = r));
      const second = putImage(TOKEN, repo.base, 'swap', images.gzip, { hold });
      await expectEventually(async () => expect((await image(repo, 'swap')).locked).toBe(true));

      // while the new version streams in, the old one is complete, ready and served byte for byte
      const during = await image(repo, 'swap');
      expect(during).toMatchObject({ status: 'ready', fullSum: v1.fullSum, sum: v1.sum });
      const served = Buffer.from(await (await repo.api(repositoryPaths.imageFile('swap'))).arrayBuffer());
      expect(served.equals(await readFile(images.zstd))).toBe(true);
      expect((await readdir(dir)).filter((f) => f.startsWith('swap.img.') && f.endsWith('.ant'))).toEqual([]);

      release();
      expect((await second).status).toBe(201);
      const v2 = await waitStatus(repo, 'swap', 'ready');
      expect(v2.fullSum).toBe(await md5sum(images.gzip));
      expect(v2.locked).toBe(false);
      expect(v2.backup).toMatchObject({ sizeBytes: v1.sizeBytes, fullSum: v1.fullSum });

      expect(await md5sum(join(dir, 'swap.img.ant'))).toBe(v1.fullSum);
      expect(await readFile(join(dir, 'swap.img.full.sum.ant'), 'utf8')).toBe(v1.fullSum);
      expect(await readFile(join(dir, 'swap.img.sum.ant'), 'utf8')).toBe(v1.sum);
      expect(await readFile(join(dir, 'swap.img.info.ant'), 'utf8')).toBe(v1.info);
      expect((await stat(join(dir, 'swap.img.torrent.ant'))).size).toBeGreaterThan(0);
      expect((await readdir(dir)).filter((f) => f.includes('swap.img.lock') || f.startsWith('.swap'))).toEqual([]);
    });

    it('leaves only the previous version (no backup, no lock, no temporary file) when an upload is killed', async () => {
      const before = await upload(repo, 'killed', images.zstd);
      const put = await putImage(TOKEN, repo.base, 'killed', images.gzip, { abortAfter: 1024 * 1024 });
      expect(put.status).toBe(0);
      await expectEventually(async () =>
        expect((await readdir(dir)).filter((f) => f.startsWith('.killed') || f === 'killed.img.lock')).toEqual([]),
      );
      expect(await image(repo, 'killed')).toEqual(before);
      expect((await readdir(dir)).filter((f) => f.startsWith('killed.img') && f.endsWith('.ant'))).toEqual([]);
      expect(await md5sum(join(dir, 'killed.img'))).toBe(before.fullSum);
    });

    it('answers 409 to an upload on a second og-repository process serving the same directory', async () => {
      const other = await startRepository({ token: TOKEN, dir, name: 'store-b' });
      try {
        let release!: () => void;
        const hold = new Promise<void>((r) => (release = r));
        const first = putImage(TOKEN, repo.base, 'shared', images.zstd, { hold });
        // the lock file is created (O_EXCL) before its owner is written into it: read it until it parses
        const lock = await expectEventually(async () =>
          JSON.parse(await readFile(join(dir, 'shared.img.lock'), 'utf8')),
        );
        expect(lock).toMatchObject({ pid: process.pid, purpose: 'upload' });
        const second = await putImage(TOKEN, other.base, 'shared', images.gzip);
        expect(second.status).toBe(409);
        expect(second.body.code).toBe('UPLOAD_IN_PROGRESS');
        release();
        expect((await first).status).toBe(201);
        expect((await readdir(dir)).includes('shared.img.lock')).toBe(false);
        expect((await putImage(TOKEN, other.base, 'shared', images.gzip)).status).toBe(201);
      } finally {
        await stopRepository(other);
      }
    });

    it('cleans stale locks (dead process, or too old) and their temporary files at boot, and keeps live ones', async () => {
      const staleDir = join(work, 'stale');
      await mkdir(staleDir, { recursive: true });
      const deadPid = Number(await sh('bash -c "echo \\$\\$"')); // a process that has exited
      await writeFile(join(staleDir, 'dead.img.lock'), JSON.stringify({ pid: deadPid, host: hostname() }));
      await writeFile(join(staleDir, `.dead.img.upload-${randomUUID()}`), 'partial');
      await writeFile(join(staleDir, 'old.img.lock'), JSON.stringify({ pid: process.pid, host: 'elsewhere' }));
      await sh(`touch -d '2 hours ago' ${join(staleDir, 'old.img.lock')}`);
      await writeFile(join(staleDir, 'live.img.lock'), JSON.stringify({ pid: process.pid, host: hostname() }));
      const liveTemp = `.live.img.upload-${randomUUID()}`;
      await writeFile(join(staleDir, liveTemp), 'partial');
      const r = await startRepository({ token: TOKEN, dir: staleDir, name: 'store-stale' });
      try {
        expect((await readdir(staleDir)).sort()).toEqual([liveTemp, 'live.img.lock'].sort());
        expect((await putImage(TOKEN, r.base, 'live', images.zstd)).status).toBe(409);
        expect((await putImage(TOKEN, r.base, 'dead', images.zstd)).status).toBe(201);
      } finally {
        await stopRepository(r);
      }
    });
  });

  describe('full disk', () => {
    let small: string;
    let r: RunningRepository | undefined;
    const big = () => join(work, 'big.bin');

    beforeAll(async () => {
      small = join(work, 'small');
      await mkdir(small, { recursive: true });
      await sh(`mount -t tmpfs -o size=40M tmpfs ${small} && head -c 48M /dev/urandom > ${big()}`);
      r = await startRepository({ token: TOKEN, dir: join(small, 'images'), name: 'store-small' });
    });

    afterAll(async () => {
      await stopRepository(r);
      await sh(`umount ${small}`);
    });

    it('answers 507 when the announced Content-Length exceeds the free space, before writing anything', async () => {
      const body = await readFile(big());
      const res = await r!.api(repositoryPaths.imageFile('toobig'), {
        method: 'PUT',
        headers: {
          'content-type': 'application/octet-stream',
          'x-og-content-md5': '0'.repeat(32),
          'x-og-content-length': String(body.length),
        },
        body,
      });
      expect(res.status).toBe(507);
      expect(((await res.json()) as { code: string }).code).toBe('INSUFFICIENT_STORAGE');
      expect(await readdir(join(small, 'images'))).toEqual([]);
    });

    it('answers 507 when the disk fills up during a chunked upload and leaves nothing behind', async () => {
      const put = await putImage(TOKEN, r!.base, 'fills', big());
      expect(put.status).toBe(507);
      expect(put.body.code).toBe('INSUFFICIENT_STORAGE');
      expect(await readdir(join(small, 'images'))).toEqual([]);
      expect(
        ((await (await r!.api(repositoryPaths.status())).json()) as RepositoryStatus).disk.freeBytes,
      ).toBeGreaterThan(35 * 1024 * 1024);
    });

    it('refuses to boot with a trash directory on another filesystem', async () => {
      await expect(
        startRepository({
          token: TOKEN,
          dir: join(work, 'fs-a'),
          name: 'store-split',
          env: { OG_REPOSITORY_TRASH_DIR: join(small, 'trash') },
        }),
      ).rejects.toThrow(/not on the filesystem/);
    });
  });

  describe('trash', () => {
    it('moves an image with its auxiliary files to the trash, recovers it ready, then purges it', async () => {
      const ready = await upload(repo, 'binned', images.zstd);
      const del = await repo.api(repositoryPaths.image('binned'), { method: 'DELETE' });
      expect(del.status).toBe(200);
      expect((await repo.api(repositoryPaths.image('binned'))).status).toBe(404);
      expect((await readdir(dir)).filter((f) => f.startsWith('binned.'))).toEqual([]);
      const trashDir = join(work, 'images_trash');
      expect((await readdir(trashDir)).filter((f) => f.startsWith('binned.')).sort()).toEqual([
        'binned.img',
        'binned.img.full.sum',
        'binned.img.info',
        'binned.img.meta.json',
        'binned.img.size',
        'binned.img.sum',
        'binned.img.torrent',
      ]);
      const trash = (await (await repo.api(repositoryPaths.trash())).json()) as RepositoryTrashList;
      expect(trash.images.find((i) => i.name === 'binned')).toMatchObject({ status: 'ready', fullSum: ready.fullSum });
      expect(Date.parse(trash.images.find((i) => i.name === 'binned')!.deletedAt)).toBeGreaterThan(Date.now() - 60_000);

      // a live image of that name blocks the recovery
      await upload(repo, 'binned', images.gzip);
      const blocked = await repo.api(repositoryPaths.trashedImage('binned'), { method: 'POST' });
      expect(blocked.status).toBe(409);
      expect(((await blocked.json()) as { code: string }).code).toBe('IMAGE_EXISTS');
      expect((await repo.api(repositoryPaths.image('binned'), { method: 'DELETE' })).status).toBe(200);
      // the second delete replaced the first trashed copy: recover the gzip one
      const rec = await repo.api(repositoryPaths.trashedImage('binned'), { method: 'POST' });
      expect(rec.status).toBe(201);
      const recovered = (await rec.json()) as RepositoryImage;
      expect(recovered).toMatchObject({ status: 'ready', fullSum: await md5sum(images.gzip) });
      expect(await md5sum(join(dir, 'binned.img'))).toBe(recovered.fullSum);

      expect((await repo.api(repositoryPaths.image('binned'), { method: 'DELETE' })).status).toBe(200);
      const purge = await repo.api(repositoryPaths.trashedImage('binned'), { method: 'DELETE' });
      expect(purge.status).toBe(200);
      expect((await readdir(trashDir)).filter((f) => f.startsWith('binned.'))).toEqual([]);
      expect((await repo.api(repositoryPaths.trashedImage('binned'), { method: 'DELETE' })).status).toBe(404);
      expect((await repo.api(repositoryPaths.trashedImage('binned'), { method: 'POST' })).status).toBe(404);

      await expectEventually(() =>
        expect(eventsOf('binned').map((e) => e.event)).toEqual(
          expect.arrayContaining(['image.deleted', 'image.recovered', 'image.purged']),
        ),
      );
      const recoveredEvent = eventsOf('binned').find((e) => e.event === 'image.recovered')!;
      expect(recoveredEvent.image).toMatchObject({ status: 'ready', fullSum: recovered.fullSum });
      const purged = eventsOf('binned').find((e) => e.event === 'image.purged')!;
      expect(purged.image.name).toBe('binned');
    });

    it('answers 409 to deleting an image while it is being uploaded', async () => {
      await upload(repo, 'busydel', images.zstd);
      let release!: () => void;
      const hold = new Promise<void>((r) => (release = r));
      const put = putImage(TOKEN, repo.base, 'busydel', images.gzip, { hold });
      await expectEventually(async () => expect((await image(repo, 'busydel')).locked).toBe(true));
      const del = await repo.api(repositoryPaths.image('busydel'), { method: 'DELETE' });
      expect(del.status).toBe(409);
      expect(((await del.json()) as { code: string }).code).toBe('IMAGE_LOCKED');
      release();
      expect((await put).status).toBe(201);
    });
  });

  describe('check, rescan and status', () => {
    it('recomputes the checksums and reports a file changed behind its back', async () => {
      const ready = await upload(repo, 'checked', images.zstd);
      const ok = (await (await repo.api(repositoryPaths.imageCheck('checked'))).json()) as RepositoryImageCheck;
      expect(ok).toEqual({
        name: 'checked',
        ok: true,
        expected: { sum: ready.sum, fullSum: ready.fullSum },
        actual: { sum: ready.sum, fullSum: ready.fullSum },
      });
      await sh(`printf 'X' | dd of=${join(dir, 'checked.img')} bs=1 seek=100 conv=notrunc status=none`);
      const bad = (await (await repo.api(repositoryPaths.imageCheck('checked'))).json()) as RepositoryImageCheck;
      expect(bad.ok).toBe(false);
      expect(bad.actual.fullSum).toBe(await md5sum(join(dir, 'checked.img')));
      expect(bad.expected.fullSum).toBe(ready.fullSum);
      expect((await repo.api(repositoryPaths.imageCheck('nope'))).status).toBe(404);
    });

    it('rescans: reports an image deleted by hand as vanished and removes its leftover files', async () => {
      const ready = await upload(repo, 'handgone', images.zstd);
      await rm(join(dir, 'handgone.img'));
      const res = await repo.api(repositoryPaths.images(), { method: 'PUT' });
      expect(res.status).toBe(200);
      const scan = (await res.json()) as RepositoryRescan;
      expect(scan.vanished).toContain('handgone');
      expect(scan.images.map((i) => i.name)).not.toContain('handgone');
      expect((await readdir(dir)).filter((f) => f.startsWith('handgone.'))).toEqual([]);
      await expectEventually(() => expect(eventsOf('handgone').map((e) => e.event)).toContain('image.vanished'));
      const ev = eventsOf('handgone').find((e) => e.event === 'image.vanished')!;
      expect(ev.image).toMatchObject({ status: 'invalid', fullSum: ready.fullSum, sizeBytes: ready.sizeBytes });
    });

    it('rescans: queues an image whose file was replaced by hand (stale auxiliary files)', async () => {
      await upload(repo, 'handswap', images.zstd);
      await sh(
        `cp ${images.gzip} ${join(dir, '.handswap.copy')} && mv ${join(dir, '.handswap.copy')} ${join(dir, 'handswap.img')}`,
      );
      expect((await image(repo, 'handswap')).status).toBe('processing');
      const ready = await waitStatus(repo, 'handswap', 'ready');
      expect(ready.fullSum).toBe(await md5sum(images.gzip));
      expect(ready.info).toMatch(/^PARTCLONE:GZIP:/);
    });

    it('reports disk, counts and an upload in progress with its bytes and rate', async () => {
      let release!: () => void;
      const hold = new Promise<void>((r) => (release = r));
      const put = putImage(TOKEN, repo.base, 'inflight', images.zstd, { hold });
      const status = await expectEventually(async () => {
        const s = (await (await repo.api(repositoryPaths.status())).json()) as RepositoryStatus;
        const t = s.transfers.find((x) => x.image === 'inflight');
        if (!t || t.bytesDone < (await stat(images.zstd)).size) throw new Error('upload not fully received yet');
        return s;
      });
      const t = status.transfers.find((x) => x.image === 'inflight')!;
      expect(t).toMatchObject({ kind: 'upload', totalBytes: null, peer: expect.stringContaining('127.0.0.1') });
      expect(t.bytesPerSecond).toBeGreaterThan(0);
      expect(status.imageCount).toBe((await readdir(dir)).filter((f) => /^[\w-]+\.img$/.test(f)).length);
      expect(status.disk.totalBytes).toBeGreaterThan(status.disk.freeBytes);
      release();
      expect((await put).status).toBe(201);
      const after = (await (await repo.api(repositoryPaths.status())).json()) as RepositoryStatus;
      expect(after.transfers.filter((x) => x.image === 'inflight')).toEqual([]);
    });
  });

  describe('watcher', () => {
    it('picks up a file copied under another name and renamed to <name>.img', async () => {
      await sh(`cp ${images.zstd} ${join(dir, 'hand.img.part')}`);
      await new Promise((r) => setTimeout(r, 1500));
      expect(eventsOf('hand')).toEqual([]);
      await rename(join(dir, 'hand.img.part'), join(dir, 'hand.img'));
      const ready = await waitStatus(repo, 'hand', 'ready');
      expect(ready.fullSum).toBe(await md5sum(images.zstd));
      await expectEventually(() =>
        expect(eventsOf('hand').map((e) => e.event)).toEqual(['image.received', 'image.aux-ready']),
      );
    });

    it('never processes a <name>.img still being written, and takes it once it is stable', async () => {
      const bytes = await readFile(images.gzip);
      const target = join(dir, 'growing.img');
      const step = Math.ceil(bytes.length / 8);
      for (let at = 0; at < bytes.length; at += step) {
        await writeFile(target, bytes.subarray(at, at + step), { flag: at === 0 ? 'w' : 'a' });
        await new Promise((r) => setTimeout(r, 400));
        expect((await readdir(dir)).filter((f) => f.startsWith('growing.img.'))).toEqual([]);
      }
      expect(eventsOf('growing')).toEqual([]);
      const ready = await waitStatus(repo, 'growing', 'ready');
      expect(ready.fullSum).toBe(await md5sum(images.gzip));
      expect(eventsOf('growing').filter((e) => e.event === 'image.received')).toHaveLength(1);
    });

    it('joins Clonezilla volumes renamed to <name>.img.aa, .ab… into one <name>.img and takes it in', async () => {
      await sh(`mkdir -p ${work}/cz && split -b 300K ${images.gzip} ${work}/cz/sda1.ext4-ptcl-img.gz.`);
      const volumes = (await readdir(join(work, 'cz'))).sort();
      expect(volumes.length).toBeGreaterThan(2);
      for (const v of volumes) await rename(join(work, 'cz', v), join(dir, `cz.img.${v.split('.').pop()}`));
      const ready = await waitStatus(repo, 'cz', 'ready');
      expect(ready.fullSum).toBe(await md5sum(images.gzip));
      expect(ready.info).toMatch(/^PARTCLONE:GZIP:EXTFS:\d+$/);
      expect((await readdir(dir)).filter((f) => /^cz\.img\.[a-z]{2}$/.test(f) || f.startsWith('.cz'))).toEqual([]);
      await expectEventually(() =>
        expect(eventsOf('cz').map((e) => e.event)).toEqual(['image.received', 'image.aux-ready']),
      );
    });

    it('joins FOG-style numbered volumes (split -a 3 -d) copied in as <name>.img.000, .001…', async () => {
      await sh(`mkdir -p ${work}/fog && split -a 3 -d -b 200K ${images.zstd} ${work}/fog/d1p1.img.`);
      for (const v of await readdir(join(work, 'fog')))
        await sh(`cp ${join(work, 'fog', v)} ${join(dir, `fog.img.${v.split('.').pop()}`)}`);
      const ready = await waitStatus(repo, 'fog', 'ready');
      expect(ready.fullSum).toBe(await md5sum(images.zstd));
      expect((await readdir(dir)).filter((f) => /^fog\.img\.\d+$/.test(f))).toEqual([]);
    });

    it('leaves volumes with a gap, or the volumes of a split partimage image, untouched and reports them invalid', async () => {
      await sh(`mkdir -p ${work}/gap && split -b 100K ${images.zstd} ${work}/gap/v.`);
      for (const v of ['aa', 'ab', 'ad']) await rename(join(work, 'gap', `v.${v}`), join(dir, `gap.img.${v}`));
      const pi = join(__dirname, '../../../libs/imaging/src/image/fixtures/partimage-0.6.9-ext3.head.gz');
      await sh(`zcat ${pi} > ${dir}/pi.img.000 && zcat ${pi} > ${dir}/pi.img.001`);
      await expectEventually(() => {
        expect(eventsOf('gap').map((e) => e.event)).toEqual(['image.invalid']);
        expect(eventsOf('pi').map((e) => e.event)).toEqual(['image.invalid']);
      });
      const [gap, pie] = [eventsOf('gap')[0], eventsOf('pi')[0]];
      expect(gap.event === 'image.invalid' && gap.reason).toMatch(/volume \.ac is missing/);
      expect(gap.image).toMatchObject({ status: 'invalid', invalidReason: expect.stringMatching(/\.ac is missing/) });
      expect(pie.event === 'image.invalid' && pie.reason).toMatch(/split partimage image/);
      const left = (await readdir(dir)).filter((f) => f.startsWith('gap.img') || f.startsWith('pi.img')).sort();
      expect(left).toEqual(['gap.img.aa', 'gap.img.ab', 'gap.img.ad', 'pi.img.000', 'pi.img.001']);
      const listed = ((await (await repo.api(repositoryPaths.images())).json()) as RepositoryImageList).images;
      expect(listed.find((i) => i.name === 'gap')).toMatchObject({
        status: 'invalid',
        invalidReason: gap.image.invalidReason,
      });
      await new Promise((r) => setTimeout(r, 2500));
      expect(eventsOf('gap')).toHaveLength(1);
    });

    it('does not announce an uploaded image twice', async () => {
      await upload(repo, 'once', images.zstd);
      // image.aux-ready is queued only after the image turned ready: wait for its delivery, then give a second
      // announcement the time to show up
      await expectEventually(() => expect(eventsOf('once').map((e) => e.event)).toContain('image.aux-ready'));
      await new Promise((r) => setTimeout(r, 2500));
      expect(
        eventsOf('once')
          .map((e) => e.event)
          .sort(),
      ).toEqual(['image.aux-ready', 'image.received']);
    });
  });

  describe('rescan of split volumes copied while og-repository was down', () => {
    let down: string;
    let r: RunningRepository | undefined;
    /** Boots a second og-repository on `down` whose watcher waits far longer than the test. */
    const boot = async () => {
      r = await startRepository({
        token: TOKEN,
        dir: down,
        name: 'store-down',
        receiver,
        secret: SECRET,
        env: { OG_REPOSITORY_WATCH_STABLE_MS: '600000' },
      });
      return r;
    };
    const rescan = async (x: RunningRepository) => {
      const res = await x.api(repositoryPaths.images(), { method: 'PUT' });
      expect(res.status).toBe(200);
      return (await res.json()) as RepositoryRescan;
    };

    beforeEach(async () => {
      down = join(work, `down-${randomUUID()}`);
      await mkdir(down, { recursive: true });
    });

    afterEach(async () => {
      await stopRepository(r);
      r = undefined;
    });

    it('joins Clonezilla volumes on PUT /images into a ready <name>.img with the right .sum and .full.sum', async () => {
      await sh(`split -b 300K ${images.gzip} ${down}/offline.img.`);
      const x = await boot();
      const scan = await rescan(x);
      expect(scan.queued).toContain('offline');
      expect((await readdir(down)).filter((f) => /^offline\.img\.[a-z]{2}$/.test(f))).toEqual([]);
      const ready = await waitStatus(x, 'offline', 'ready');
      const fullSum = await md5sum(images.gzip);
      const sum = (await sh(`tail -c1M ${images.gzip} | md5sum -b`)).split(' ')[0];
      expect(ready).toMatchObject({ fullSum, sum, sizeBytes: (await stat(images.gzip)).size, invalidReason: null });
      expect((await readFile(join(down, 'offline.img.full.sum'), 'utf8')).trim()).toBe(fullSum);
      expect((await readFile(join(down, 'offline.img.sum'), 'utf8')).trim()).toBe(sum);
      await expectEventually(() =>
        expect(eventsOf('offline', 'store-down').map((e) => e.event)).toEqual(['image.received', 'image.aux-ready']),
      );
    });

    it('lists a set missing a middle volume as invalid, reports it by webhook, and leaves its files in place', async () => {
      await sh(`split -b 100K ${images.zstd} ${down}/holed.img. && rm ${down}/holed.img.ab`);
      const volumes = (await readdir(down)).sort();
      expect(volumes.length).toBeGreaterThan(2);
      const x = await boot();
      const scan = await rescan(x);
      expect(scan.queued).not.toContain('holed');
      const reason = expect.stringMatching(/volume \.ab is missing \(after \.aa, found \.ac\)/);
      expect(scan.images.find((i) => i.name === 'holed')).toMatchObject({ status: 'invalid', invalidReason: reason });
      const listed = ((await (await x.api(repositoryPaths.images())).json()) as RepositoryImageList).images;
      expect(listed.find((i) => i.name === 'holed')).toMatchObject({ status: 'invalid', invalidReason: reason });
      await expectEventually(() =>
        expect(eventsOf('holed', 'store-down').map((e) => e.event)).toEqual(['image.invalid']),
      );
      expect(eventsOf('holed', 'store-down')[0]).toMatchObject({
        reason,
        image: { name: 'holed', status: 'invalid', invalidReason: reason, sum: null, fullSum: null },
      });
      expect((await readdir(down)).sort()).toEqual(volumes);
      await rescan(x);
      await new Promise((res) => setTimeout(res, 1000));
      expect(eventsOf('holed', 'store-down')).toHaveLength(1);
    });
  });

  describe('recognition', () => {
    const fs = () => join(work, 'fs.raw');
    const make = async (file: string, cmd: string) => {
      await sh(cmd.replace(/OUT/g, join(work, file)));
      return join(work, file);
    };

    it.each([
      ['xz', 'xz -c -T1', 'XZ'],
      ['bzip2', 'bzip2 -c', 'BZIP2'],
      ['plain', 'cat', 'NONE'],
    ])('recognises a partclone image compressed with %s', async (id, cmd, comp) => {
      const file = await make(`pc.${id}`, `partclone.extfs -c -s ${fs()} -o - -L /dev/null 2>/dev/null | ${cmd} > OUT`);
      const ready = await upload(repo, `pc-${id}`, file);
      expect(ready.info).toMatch(new RegExp(`^PARTCLONE:${comp}:EXTFS:\\d+$`));
    });

    it('recognises an ntfsclone image (gzip) with its used size', async () => {
      const ntfs = join(work, 'ntfs.raw');
      await sh(`truncate -s 32M ${ntfs} && mkntfs -q -F -f ${ntfs} >/dev/null 2>&1`);
      const file = await make('ntfs.gz', `ntfsclone --save-image -O - ${ntfs} 2>/dev/null | gzip -c > OUT`);
      const ready = await upload(repo, 'ntfsclone-gz', file);
      expect(ready.info).toMatch(/^NTFSCLONE:GZIP:NTFS:\d+$/);
      expect(ready.filesystemSizeBytes).toBeGreaterThan(30 * 1024 * 1024);
      expect(ready.dataSizeBytes).toBeGreaterThan(0);
      expect(ready.dataSizeBytes).toBeLessThan(ready.filesystemSizeBytes!);
    });

    it('recognises a partimage image (gzip) with its filesystem, partition size and used size', async () => {
      const pi = join(__dirname, '../../../libs/imaging/src/image/fixtures/partimage-0.6.9-ext3.head.gz');
      const ready = await upload(repo, 'partimage-gz', pi);
      expect(ready.info).toBe('PARTIMAGE:GZIP:EXTFS:13720');
      expect(ready.dataSizeBytes).toBe(13720 * 1024);
      expect(ready.filesystemSizeBytes).toBe(64 * 1024 * 1024);
      const listed = (await (await repo.api(repositoryPaths.images())).json()) as { images: RepositoryImage[] };
      expect(listed.images.find((i) => i.name === 'partimage-gz')).toMatchObject({ status: 'ready', info: ready.info });
    });

    it('takes an uncompressed partimage image that ends with its tail, and marks a cut one invalid', async () => {
      const fixtures = join(__dirname, '../../../libs/imaging/src/image/fixtures');
      const whole = await make(
        'pi.whole',
        `zcat ${fixtures}/partimage-0.6.9-ext3.head.gz ${fixtures}/partimage-0.6.9-ext3.tail.gz > OUT`,
      );
      expect((await upload(repo, 'partimage-plain', whole)).info).toBe('PARTIMAGE:NONE:EXTFS:13720');
      const cut = await make('pi.cut', `zcat ${fixtures}/partimage-0.6.9-ext3.head.gz > OUT`);
      expect((await putImage(TOKEN, repo.base, 'partimage-cut', cut)).status).toBe(201);
      const invalid = await waitStatus(repo, 'partimage-cut', 'invalid');
      expect(invalid.invalidReason).toMatch(/truncated partimage image/);
    });

    it('recognises raw (dd) images of a filesystem, compressed with lzop or not', async () => {
      const lz = await make('raw.lzo', `lzop -c ${fs()} > OUT`);
      expect((await upload(repo, 'raw-lzop', lz)).info).toBe(`DD:LZOP:EXTFS:${48 * 1024}`);
      const plain = await make('raw.img', `cp ${fs()} OUT`);
      expect((await upload(repo, 'raw-plain', plain)).info).toBe(`DD:NONE:EXTFS:${48 * 1024}`);
    });

    it.each([
      ['a truncated raw image', 'raw-cut', `head -c 20M FS > OUT`, /truncated raw image/],
      [
        'a truncated lzop image',
        'lzop-cut',
        `partclone.extfs -c -s FS -o - -L /dev/null 2>/dev/null | lzop -c > OUT.full && head -c 2000000 OUT.full > OUT`,
        /LZOP/,
      ],
      ['a truncated xz image', 'xz-cut', `xz -c -T1 FS > OUT.full && head -c 100000 OUT.full > OUT`, /XZ/],
      ['random bytes', 'random', 'head -c 300000 /dev/urandom > OUT', /not a recognised image/],
    ])('marks %s invalid with the reason, never ready', async (_what, name, cmd, reason) => {
      const file = await make(`${name}.bin`, cmd.replace(/FS/g, fs()));
      expect((await putImage(TOKEN, repo.base, name, file)).status).toBe(201);
      const invalid = await waitStatus(repo, name, 'invalid');
      expect(invalid.invalidReason).toMatch(reason);
      expect(invalid.info).toBeNull();
    });
  });

  describe('import', () => {
    let b: RunningRepository;

    beforeAll(async () => {
      b = await startRepository({
        token: 'other-token',
        dir: join(work, 'b', 'images'),
        name: 'store-b',
        receiver,
        secret: SECRET,
      });
    });

    afterAll(() => stopRepository(b));

    it('pulls an image from another og-repository, verified against its .full.sum, and installs it', async () => {
      const source = await upload(repo, 'shipped', images.zstd);
      const res = await b.api(repositoryPaths.imageImport('shipped'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: repo.base, token: TOKEN }),
      });
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ name: 'shipped', status: 'processing', sizeBytes: source.sizeBytes });
      const ready = await waitStatus(b, 'shipped', 'ready');
      expect(ready).toMatchObject({ fullSum: source.fullSum, sum: source.sum, info: source.info });
      expect(await md5sum(join(work, 'b', 'images', 'shipped.img'))).toBe(source.fullSum);
      await expectEventually(() =>
        expect(eventsOf('shipped', 'store-b').map((e) => e.event)).toEqual(['image.imported', 'image.aux-ready']),
      );
      const ev = eventsOf('shipped', 'store-b')[0];
      expect(ev.event === 'image.imported' && ev.source).toEqual({ url: repo.base, fullSum: source.fullSum });

      // a second import over it keeps the first as .ant
      await upload(repo, 'shipped', images.gzip);
      const again = await b.api(repositoryPaths.imageImport('shipped'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: repo.base, token: TOKEN }),
      });
      expect(again.status).toBe(201);
      expect((await waitStatus(b, 'shipped', 'ready')).backup?.fullSum).toBe(source.fullSum);
    });

    it('refuses an image the source does not have ready, a wrong token, and a bad body', async () => {
      const post = (name: string, body: unknown) =>
        b.api(repositoryPaths.imageImport(name), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const missing = await post('nowhere', { url: repo.base, token: TOKEN });
      expect(missing.status).toBe(409);
      expect(((await missing.json()) as { code: string }).code).toBe('IMPORT_SOURCE_NOT_READY');
      const denied = await post('shipped', { url: repo.base, token: 'wrong' });
      expect(denied.status).toBe(502);
      expect(((await denied.json()) as { code: string }).code).toBe('IMPORT_SOURCE_FAILED');
      expect((await post('shipped', { url: 'not a url', token: 'x' })).status).toBe(400);
      expect(
        (await readdir(join(work, 'b', 'images'))).filter((f) => f.startsWith('.') || f.endsWith('.lock')),
      ).toEqual([]);
    });
  });
});
