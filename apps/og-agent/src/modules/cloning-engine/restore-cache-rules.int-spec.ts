import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobFinishedEvent, JobResult } from '@og/contracts';
import { CACHE_IMAGES_DIR, formatCache } from '@og/imaging';
import { expectEventually, run, VirtualDisk } from '@og/testing';
import { AgentHarness } from '@agent/testing/agent-harness';
import { RepositoryPeer } from '@agent/testing/repository-peer';
import { WebhookPeer } from '@agent/testing/webhook-peer';
import { treeHashes } from '@agent/testing/tree-hashes';

const MiB = 1024 * 1024;
const SECRET = 'agent-secret-for-tests';
const WEBHOOK_SECRET = 'webhook-secret-for-tests';
const TOKEN = 'repository-token-for-tests';
const IMAGE = 'rules';

/** OpenGnsys' CACHE rules of RestaurarImagen (RESTOREPROTOCOLNOTCACHE, ACTIONCACHEFULL) and resumed downloads. */
describe('RestaurarImagen CACHE rules on real loop devices', () => {
  let disk: VirtualDisk;
  let repo: RepositoryPeer;
  let core: WebhookPeer;
  let cacheMount: string;
  let stateDir: string;
  let sourceHashes: string;
  let imageBytes: number;

  /** Runs one RestaurarImagen (UNICAST-CACHE of IMAGE onto par 2) on an agent booted with `env`. */
  async function restore(
    env: Record<string, string> = {},
  ): Promise<{ state: string; stage: string; error: string | null; result: JobResult }> {
    const agent = await AgentHarness.start({
      OG_AGENT_DISKS: disk.device,
      OG_AGENT_MAC: '08:00:27:aa:bb:01',
      OG_AGENT_IP: '127.0.0.1',
      OG_AGENT_NAME: 'pc-rules',
      OG_AGENT_SECRET: SECRET,
      OG_AGENT_CORE_URL: core.url,
      OG_AGENT_WEBHOOK_SECRET: WEBHOOK_SECRET,
      OG_AGENT_REPOSITORY_TOKEN: TOKEN,
      OG_AGENT_CACHE_MOUNT: cacheMount,
      OG_AGENT_STATE_DIR: stateDir,
      ...env,
    });
    try {
      const accepted = await agent.call('POST', '/CloningEngine/RestaurarImagen', {
        nfn: 'RestaurarImagen',
        dsk: '1',
        par: '2',
        nci: IMAGE,
        ipr: repo.address,
        method: 'unicast',
      });
      expect(accepted.status).toBe(202);
      const job = await agent.waitJob(accepted.body.job_id);
      // job.finished is queued when the job's state changes: og-core's copy lands just after waitJob returns.
      const fin = await expectEventually(() => {
        const e = core.jobEvents(job.job_id).find((x) => x.event === 'job.finished') as JobFinishedEvent | undefined;
        if (!e) throw new Error(`no job.finished for ${job.job_id} yet`);
        return e;
      });
      return { state: job.state, stage: job.stage, error: job.error, result: fin.result };
    } finally {
      await agent.stop();
    }
  }

  /** Runs `fn` with the CACHE's images folder mounted. */
  async function inCache<T>(fn: (dir: string) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(join(tmpdir(), 'og-int-cachedir-'));
    await run('mount', [disk.partition(4), dir]);
    try {
      return await fn(join(dir, CACHE_IMAGES_DIR));
    } finally {
      await run('umount', [dir]);
      await rm(dir, { recursive: true, force: true });
    }
  }

  const wholeFileGets = () =>
    repo.requests.filter((r) => r.method === 'GET' && r.url.endsWith(`${IMAGE}/file`) && !r.range);

  beforeAll(async () => {
    disk = await VirtualDisk.create(300 * MiB);
    repo = await RepositoryPeer.start(TOKEN);
    core = await WebhookPeer.start(WEBHOOK_SECRET);
    cacheMount = await mkdtemp(join(tmpdir(), 'og-int-cache-'));
    stateDir = await mkdtemp(join(tmpdir(), 'og-int-state-'));
    await run('sfdisk', ['-q', disk.device], {
      input:
        'label: dos\nunit: sectors\n\nstart=2048, size=131072, type=83\nstart=133120, size=131072, type=83\nstart=264192, size=10240, type=83\nstart=276480, size=81920, type=ca\n',
    });
    await disk.refreshPartitions();
    await run('mkfs.ext4', ['-F', '-q', disk.partition(1)]);
    await run('mkfs.ext4', ['-F', '-q', disk.partition(2)]);
    const dir = await mkdtemp(join(tmpdir(), 'og-int-fill-'));
    await run('mount', [disk.partition(1), dir]);
    try {
      await run('sh', ['-c', `head -c 24M /dev/urandom > '${dir}/blob.bin' && seq 1 100000 > '${dir}/numbers.txt'`]);
    } finally {
      await run('umount', [dir]);
      await rm(dir, { recursive: true, force: true });
    }
    sourceHashes = await treeHashes(disk.partition(1));
    await run('sh', [
      '-c',
      `partclone.extfs -c -s ${disk.partition(1)} -o - -q | zstd -q -c > '${repo.imagePath(IMAGE)}'`,
    ]);
    imageBytes = (await stat(repo.imagePath(IMAGE))).size;
  });

  afterAll(async () => {
    await run('umount', ['-l', cacheMount]).catch(() => undefined);
    await rm(cacheMount, { recursive: true, force: true }).catch(() => undefined);
    await rm(stateDir, { recursive: true, force: true }).catch(() => undefined);
    await disk?.destroy();
    await repo?.stop();
    await core?.stop();
  });

  it('falls back to UNICAST-DIRECT when the client has no CACHE partition, and says so', async () => {
    const job = await restore();
    expect(job).toMatchObject({ state: 'success', error: null });
    expect(job.result).toMatchObject({ method: 'UNICAST-DIRECT', fallback: 'NO_CACHE', transferredBytes: imageBytes });
    expect(job.result.cacheHit).toBeUndefined();
    expect(job.result.hostname).toBeUndefined();
    expect(await treeHashes(disk.partition(2))).toBe(sourceHashes);
  });

  it('fails without a CACHE when RESTOREPROTOCOLNOTCACHE is NONE, downloading nothing', async () => {
    const before = wholeFileGets().length;
    const job = await restore({ OG_AGENT_RESTORE_PROTOCOL_NOT_CACHE: 'NONE' });
    expect(job).toMatchObject({ state: 'failed', stage: 'check' });
    expect(job.error).toMatch(/no CACHE partition.*NONE/);
    expect(wholeFileGets().length).toBe(before);
  });

  it('falls back to UNICAST-DIRECT when the CACHE is full and ACTIONCACHEFULL is NONE, keeping its files', async () => {
    await formatCache(disk.partition(4));
    await inCache((dir) => run('sh', ['-c', `head -c 20M /dev/zero > '${dir}/other.img'`]));
    const job = await restore();
    expect(job).toMatchObject({ state: 'success' });
    expect(job.result).toMatchObject({ method: 'UNICAST-DIRECT', fallback: 'CACHE_FULL' });
    expect(job.result.cacheAction).toBeUndefined();
    expect(await inCache((dir) => readdir(dir))).toEqual(['other.img']);
  });

  it('deletes the other cached images when ACTIONCACHEFULL is DELETE, then restores through the CACHE', async () => {
    await run('wipefs', ['-a', '-q', disk.partition(2)]);
    const job = await restore({ OG_AGENT_ACTION_CACHE_FULL: 'DELETE' });
    expect(job).toMatchObject({ state: 'success' });
    expect(job.result).toMatchObject({ method: 'UNICAST-CACHE', cacheAction: 'DELETE', cacheHit: false });
    expect(job.result.fallback).toBeUndefined();
    expect((await inCache((dir) => readdir(dir))).sort()).toEqual([
      `${IMAGE}.img`,
      `${IMAGE}.img.full.sum`,
      `${IMAGE}.img.sum`,
    ]);
    expect(await treeHashes(disk.partition(2))).toBe(sourceHashes);
  });

  it('reformats the CACHE when ACTIONCACHEFULL is FORMAT, then restores through it', async () => {
    await inCache(async (dir) => {
      await rm(join(dir, `${IMAGE}.img`));
      await run('sh', ['-c', `head -c 20M /dev/zero > '${dir}/other.img'`]);
    });
    const job = await restore({ OG_AGENT_ACTION_CACHE_FULL: 'FORMAT' });
    expect(job).toMatchObject({ state: 'success' });
    expect(job.result).toMatchObject({ method: 'UNICAST-CACHE', cacheAction: 'FORMAT', cacheHit: false });
    expect(await inCache((dir) => readdir(dir).then((l) => l.includes('other.img')))).toBe(false);
    expect((await run('blkid', ['-p', '-o', 'value', '-s', 'LABEL', disk.partition(4)])).trim()).toBe('CACHE');
  });

  it('resumes an interrupted CACHE download with Range from the .part size and checks the whole MD5', async () => {
    await inCache((dir) => rm(join(dir, `${IMAGE}.img`)));
    repo.cutNextDownload.set(IMAGE, 8 * MiB);
    const broken = await restore();
    expect(broken).toMatchObject({ state: 'failed', stage: 'download' });
    expect(broken.error).toMatch(/broke after/);
    const partBytes = await inCache((dir) => stat(join(dir, `${IMAGE}.img.part`)).then((s) => s.size));
    expect(partBytes).toBeGreaterThan(0);
    expect(partBytes).toBeLessThanOrEqual(8 * MiB);

    await run('wipefs', ['-a', '-q', disk.partition(2)]);
    const job = await restore();
    expect(job).toMatchObject({ state: 'success' });
    expect(job.result).toMatchObject({
      method: 'UNICAST-CACHE',
      cacheHit: false,
      resumedFromBytes: partBytes,
      transferredBytes: imageBytes - partBytes,
    });
    expect(repo.requests.some((r) => r.range === `bytes=${partBytes}-`)).toBe(true);
    expect(await treeHashes(disk.partition(2))).toBe(sourceHashes);
    expect(await inCache((dir) => readdir(dir).then((l) => l.filter((f) => f.includes('.part'))))).toEqual([]);
  });

  it('starts over when the partial download belongs to an older .full.sum', async () => {
    await inCache(async (dir) => {
      await rm(join(dir, `${IMAGE}.img`));
      await run('sh', ['-c', `head -c 5M /dev/urandom > '${dir}/${IMAGE}.img.part'`]);
      await writeFile(join(dir, `${IMAGE}.img.part.full.sum`), 'ffffffffffffffffffffffffffffffff\n');
    });
    const gets = wholeFileGets().length;
    const job = await restore();
    expect(job).toMatchObject({ state: 'success' });
    expect(job.result).toMatchObject({ method: 'UNICAST-CACHE', transferredBytes: imageBytes });
    expect(job.result.resumedFromBytes).toBeUndefined();
    expect(wholeFileGets().length).toBe(gets + 1);
    expect(await treeHashes(disk.partition(2))).toBe(sourceHashes);
  });
});
