import { copyFile, mkdtemp, open, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobFinishedEvent, JobProgressEvent } from '@og/contracts';
import { readImageHead } from '@og/imaging';
import { expectEventually, run, VirtualDisk } from '@og/testing';
import { AgentHarness } from '@agent/testing/agent-harness';
import { AgentRig } from '@agent/testing/agent-rig';
import { RepositoryPeer } from '@agent/testing/repository-peer';
import { WebhookPeer } from '@agent/testing/webhook-peer';
import { treeHashes } from '@agent/testing/tree-hashes';

const MiB = 1024 * 1024;
/** Files a restore rewrites to name the PC (compared separately). */
const RENAMED = ['./etc/hostname', './etc/hosts'];

/** Size in bytes of the ext filesystem on `device` (Block count × Block size). */
async function extSize(device: string): Promise<number> {
  const out = await run('dumpe2fs', ['-h', device]);
  return Number(/^Block count:\s+(\d+)/m.exec(out)![1]) * Number(/^Block size:\s+(\d+)/m.exec(out)![1]);
}

/** /etc/hostname and /etc/hosts of a restored partition. */
async function names(device: string): Promise<[string, string]> {
  const dir = await mkdtemp(join(tmpdir(), 'og-int-names-'));
  await run('mount', ['-o', 'ro', device, dir]);
  try {
    return [await run('cat', [join(dir, 'etc/hostname')]), await run('cat', [join(dir, 'etc/hosts')])];
  } finally {
    await run('umount', [dir]);
    await rm(dir, { recursive: true, force: true });
  }
}

/** PIDs of this process's children whose command line starts with one of `names` (`a|b`): other tests' tools never count. */
async function ownTools(names: string): Promise<string> {
  return (await run('sh', ['-c', `pgrep -P ${process.pid} -f '^(${names})' || true`])).trim();
}

/** blkid's TYPE of `device`; '' when it holds no filesystem signature (a wiped target). */
async function filesystemType(device: string): Promise<string> {
  return (await run('blkid', ['-p', '-o', 'value', '-s', 'TYPE', device]).catch(() => '')).trim();
}

describe('og-agent cloning engine on real loop devices', () => {
  let source: VirtualDisk;
  let target: VirtualDisk;
  let repo: RepositoryPeer;
  let core: WebhookPeer;
  let rig: AgentRig;
  let agent: AgentHarness;
  let sourceHashes: string;
  let shrunkBytes: number;
  /** Orders RestaurarImagen of image `nci` from the stand-in repository onto disk 2, partition `par`. */
  const restoreOrder = (nci: string, par: string, method: string) =>
    agent.call('POST', '/CloningEngine/RestaurarImagen', {
      dsk: '2',
      par,
      nci,
      ipr: repo.address,
      nfn: 'RestaurarImagen',
      method,
    });

  beforeAll(async () => {
    source = await VirtualDisk.create(600 * MiB);
    target = await VirtualDisk.create(400 * MiB);
    rig = await AgentRig.start([source.device, target.device], { mac: '08:00:27:4f:be:38', name: 'pc-int' });
    ({ agent, repo, core } = rig);
  });

  afterAll(async () => {
    await rig?.stop();
    await source?.destroy();
    await target?.destroy();
  });

  /** og-core's copy of a job's job.finished: the webhook is queued when the job's state changes and lands just after. */
  function finishedEvent(jobId: string): Promise<JobFinishedEvent> {
    return expectEventually(() => {
      const e = core.jobEvents(jobId).find((x) => x.event === 'job.finished') as JobFinishedEvent | undefined;
      if (!e) throw new Error(`no job.finished for ${jobId} yet`);
      return e;
    });
  }

  it('announces itself with a signed agent.started carrying its disks', async () => {
    const started = await expectEventually(() => {
      const e = core.events.find((x) => x.event === 'agent.started');
      if (!e || e.event !== 'agent.started') throw new Error('no agent.started yet');
      return e;
    });
    expect(started.agent).toEqual({ mac: '08:00:27:4f:be:38', ip: '127.0.0.1', name: 'pc-int' });
    expect(started.disks.map((d) => d.device)).toEqual([source.device, target.device]);
    expect(core.rejected).toBe(0);
  });

  it('answers 401 without the secret and touches nothing', async () => {
    const order = { nfn: 'Configurar', dsk: '1', cfg: [{ par: '1', cpt: 'LINUX', sfi: 'EXT4', tam: '1024' }] };
    expect((await agent.call('POST', '/CloningEngine/Configurar', order, null)).status).toBe(401);
    expect((await agent.call('POST', '/CloningEngine/Configurar', order, 'Bearer wrong-secret-123')).status).toBe(401);
    expect((await agent.call('GET', '/CloningEngine/status', undefined, null)).status).toBe(401);
    expect((await agent.call('GET', '/CloningEngine/status')).body.jobs).toEqual([]);
  });

  it('refuses Configurar orders that do not fit or name bad partitions, naming the parameter', async () => {
    const tooBig = await agent.call('POST', '/CloningEngine/Configurar', {
      nfn: 'Configurar',
      dsk: '1',
      cfg: [{ par: '1', cpt: 'LINUX', sfi: 'EXT4', tam: String(600 * 1024) }],
    });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.message).toMatch(/^tam/);
    const dup = await agent.call('POST', '/CloningEngine/Configurar', {
      nfn: 'Configurar',
      dsk: '1',
      cfg: [
        { par: '1', cpt: 'LINUX', sfi: 'EXT4', tam: '1024' },
        { par: '1', cpt: 'LINUX', sfi: 'EXT4', tam: '1024' },
      ],
    });
    expect(dup.body.message).toMatch(/^par/);
    const badNfn = await agent.call('POST', '/CloningEngine/Configurar', {
      nfn: 'CrearImagen',
      dsk: '1',
      cfg: [{ par: '1', cpt: '83', sfi: 'EXT4', tam: '1024' }],
    });
    expect(badNfn.status).toBe(400);
    expect(badNfn.body.message).toMatch(/^nfn/);
    const noDisk = await agent.call('POST', '/CloningEngine/Configurar', {
      nfn: 'Configurar',
      dsk: '3',
      cfg: [{ par: '1', cpt: '83', sfi: 'EXT4', tam: '1024' }],
    });
    expect(noDisk.body.message).toMatch(/^dsk/);
    expect((await agent.call('GET', '/CloningEngine/status')).body.jobs).toEqual([]);
  });

  it('partitions disk 1 (ext4, ext4, CACHE) and /config shows the layout with the CACHE', async () => {
    const accepted = await agent.call('POST', '/CloningEngine/Configurar', {
      nfn: 'Configurar',
      dsk: '1',
      ttp: 'MSDOS',
      ids: 'trace-configure-1',
      cfg: [
        { par: '1', cpt: 'LINUX', sfi: 'EXT4', tam: String(200 * 1024) },
        { par: '2', cpt: '83', sfi: 'EXT4', tam: String(100 * 1024) },
        { par: '4', cpt: 'CACHE', sfi: 'CACHE', tam: String(250 * 1024) },
      ],
    });
    expect(accepted.status).toBe(202);
    expect(accepted.body.job_id).toMatch(/^Configurar-[0-9a-f]{8}$/);
    const job = await agent.waitJob(accepted.body.job_id);
    expect(job).toMatchObject({ state: 'success', error: null, ids: 'trace-configure-1' });

    const config = (await agent.call('GET', '/CloningEngine/config')).body;
    const disk1 = config.disks[0];
    expect(disk1).toMatchObject({ disk: 1, device: source.device, tableType: 'MSDOS', sizeBytes: 600 * MiB });
    expect(disk1.partitions.map((p: any) => [p.partition, p.code, p.filesystem, p.sizeBytes])).toEqual([
      [1, '83', 'EXT4', 200 * MiB],
      [2, '83', 'EXT4', 100 * MiB],
      [4, 'ca', 'CACHE', 250 * MiB],
    ]);
    expect(disk1.partitions[0].startSector).toBe(2048);
    const finished = await expectEventually(() => {
      const e = core.jobEvents(job.job_id).find((x) => x.event === 'job.finished') as JobFinishedEvent | undefined;
      if (!e) throw new Error('no job.finished');
      return e;
    });
    expect(finished).toMatchObject({ status: 'success', nfn: 'Configurar', ids: 'trace-configure-1', stage: null });
    expect(finished.result.disks?.[0].partitions.find((p) => p.partition === 4)?.filesystem).toBe('CACHE');
    expect(core.jobEvents(job.job_id)[0].event).toBe('job.started');
    // The CACHE holds the images folder.
    const dir = await mkdtemp(join(tmpdir(), 'og-int-cachecheck-'));
    await run('mount', [source.partition(4), dir]);
    try {
      await run('test', ['-d', join(dir, 'opt/opengnsys/images')]);
    } finally {
      await run('umount', [dir]);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('answers 409 to a second disk job while one runs', async () => {
    const order = {
      nfn: 'Configurar',
      dsk: '2',
      cfg: [
        { par: '1', cpt: 'LINUX', sfi: 'EXT4', tam: String(250 * 1024) },
        { par: '2', cpt: 'LINUX', sfi: 'EXT4', tam: String(100 * 1024) },
        { par: '3', cpt: 'LINUX', sfi: 'EXT4', tam: String(20 * 1024) },
      ],
    };
    const first = await agent.call('POST', '/CloningEngine/Configurar', order);
    expect(first.status).toBe(202);
    const second = await agent.call('POST', '/CloningEngine/Configurar', order);
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('AGENT_BUSY');
    expect((await agent.call('GET', '/CloningEngine/status')).body.status).toBe('BSY');
    expect(await agent.waitJob(first.body.job_id)).toMatchObject({ state: 'success' });
    expect((await agent.call('GET', '/CloningEngine/status')).body.status).toBe('OPG');
  });

  it('captures a partition with real files into the repository, streamed with a SHA-256 and length trailer', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'og-int-fill-'));
    await run('mount', [source.partition(1), dir]);
    try {
      await run('sh', [
        '-c',
        `head -c 40M /dev/urandom > '${dir}/blob.bin' && mkdir -p '${dir}/etc' && printf 'PRETTY_NAME="ogsuite Test OS 1"\\n' > '${dir}/etc/os-release' && printf 'model\\n' > '${dir}/etc/hostname' && printf '127.0.0.1\\tlocalhost\\n127.0.1.1\\tmodel\\n' > '${dir}/etc/hosts' && seq 1 200000 > '${dir}/etc/numbers.txt'`,
      ]);
    } finally {
      await run('umount', [dir]);
      await rm(dir, { recursive: true, force: true });
    }
    // The model's filesystem is smaller than its partition: the capture must leave it so.
    await run('e2fsck', ['-fy', source.partition(1)]);
    await run('resize2fs', [source.partition(1), '180M']);
    expect(await extSize(source.partition(1))).toBe(180 * MiB);
    sourceHashes = await treeHashes(source.partition(1), RENAMED);

    const mounted = await mkdtemp(join(tmpdir(), 'og-int-busy-'));
    await run('mount', [source.partition(2), mounted]);
    try {
      const refused = await agent.call('POST', '/CloningEngine/CrearImagen', {
        nfn: 'CrearImagen',
        dsk: '1',
        par: '2',
        nci: 'x',
        ipr: repo.address,
      });
      expect(refused.status).toBe(409);
    } finally {
      await run('umount', [mounted]);
      await rm(mounted, { recursive: true, force: true });
    }
    const cache = await agent.call('POST', '/CloningEngine/CrearImagen', {
      nfn: 'CrearImagen',
      dsk: '1',
      par: '4',
      nci: 'x',
      ipr: repo.address,
    });
    expect(cache.status).toBe(400);
    expect(cache.body.message).toMatch(/CACHE/);

    const accepted = await agent.call('POST', '/CloningEngine/CrearImagen', {
      nfn: 'CrearImagen',
      dsk: '1',
      par: '1',
      cpt: '83',
      nci: 'image-test',
      ipr: repo.address,
      ids: 'trace-capture',
    });
    expect(accepted.status).toBe(202);
    const job = await agent.waitJob(accepted.body.job_id);
    expect(job).toMatchObject({ state: 'success', error: null });
    const finished = await finishedEvent(job.job_id);
    const fileSha256 = (await run('sha256sum', [repo.imagePath('image-test')])).split(' ')[0];
    expect(finished.result.sha256).toBe(fileSha256);
    expect(repo.declared.get('image-test')).toEqual({ sha256: fileSha256, length: finished.result.transferredBytes });
    expect(finished.result.transferredBytes).toBe(
      Number((await run('stat', ['-c', '%s', repo.imagePath('image-test')])).trim()),
    );
    expect(finished.result.imageInfo).toMatchObject({ tool: 'PARTCLONE', compressor: 'ZSTD', filesystem: 'EXTFS' });
    expect(finished.result.imageInfo!.dataSizeKb).toBeGreaterThan(40 * 1024);
    // Shrunk before the capture (the image records a filesystem smaller than the partition), grown back after to
    // exactly its size before, not to the 200 MiB partition.
    const head = await readImageHead(await readFile(repo.imagePath('image-test')));
    shrunkBytes = head.partclone.deviceSizeBytes;
    expect(shrunkBytes).toBeLessThan(100 * MiB);
    expect(await extSize(source.partition(1))).toBe(180 * MiB);
    const progress = core.jobEvents(job.job_id).filter((e) => e.event === 'job.progress') as JobProgressEvent[];
    for (let i = 1; i < progress.length; i++) {
      expect(Date.parse(progress[i].occurredAt) - Date.parse(progress[i - 1].occurredAt)).toBeGreaterThanOrEqual(990);
    }
  });

  it('fails a capture the repository refuses at stage upload, with its message, leaving no tool running', async () => {
    const accepted = await agent.call('POST', '/CloningEngine/CrearImagen', {
      nfn: 'CrearImagen',
      dsk: '1',
      par: '1',
      nci: 'refused',
      ipr: repo.address,
    });
    const job = await agent.waitJob(accepted.body.job_id);
    expect(job).toMatchObject({ state: 'failed', stage: 'upload' });
    expect(job.error).toContain('repository disk is full');
    expect(await ownTools('partclone.extfs|zstd')).toBe('');
    expect(await extSize(source.partition(1))).toBe(180 * MiB);
  });

  it('restores UNICAST-CACHE onto disk 2, then hits the cache the second time', async () => {
    const order = {
      dsk: '2',
      par: '1',
      cpt: '83',
      ifs: '1',
      idi: '01936caf-facb-72ad-9446-97e7dbf2b96a',
      nci: 'image-test',
      ipr: repo.address,
      nfn: 'RestaurarImagen',
      method: 'unicast',
      ids: '0',
    };
    const first = await agent.call('POST', '/CloningEngine/RestaurarImagen', order);
    expect(first.status).toBe(202);
    const job1 = await agent.waitJob(first.body.job_id);
    expect(job1).toMatchObject({ state: 'success', error: null });
    const fin1 = await finishedEvent(job1.job_id);
    expect(fin1.result).toMatchObject({ cacheHit: false, method: 'UNICAST-CACHE', hostname: 'pc-int' });
    expect(await names(target.partition(1))).toEqual(['pc-int\n', '127.0.0.1\tlocalhost\n127.0.1.1\tpc-int\n']);
    expect(fin1.result.transferredBytes).toBeGreaterThan(0);
    const p1 = fin1.result.disks![1].partitions.find((p) => p.partition === 1)!;
    expect(p1).toMatchObject({ filesystem: 'EXT4', code: '83', sizeBytes: 250 * MiB, os: 'ogsuite Test OS 1' });
    expect(await treeHashes(target.partition(1), RENAMED)).toBe(sourceHashes);
    // The filesystem grew to fill the 250 MiB partition.
    const blocks = await run('dumpe2fs', ['-h', target.partition(1)]);
    const count = Number(/^Block count:\s+(\d+)/m.exec(blocks)![1]) * Number(/^Block size:\s+(\d+)/m.exec(blocks)![1]);
    expect(count).toBe(250 * MiB);

    const gets = repo.requests.filter((r) => r.method === 'GET' && r.url.endsWith('/file') && !r.range).length;
    const second = await agent.call('POST', '/CloningEngine/RestaurarImagen', order);
    const job2 = await agent.waitJob(second.body.job_id);
    expect(job2).toMatchObject({ state: 'success' });
    const fin2 = await finishedEvent(job2.job_id);
    expect(fin2.result).toMatchObject({ cacheHit: true, transferredBytes: 0 });
    expect(repo.requests.filter((r) => r.method === 'GET' && r.url.endsWith('/file') && !r.range).length).toBe(gets);
    expect(await treeHashes(target.partition(1), RENAMED)).toBe(sourceHashes);
  });

  it('restores UNICAST-DIRECT by streaming into partclone', async () => {
    await run('mkfs.ext4', ['-F', '-q', target.partition(1)]);
    const accepted = await agent.call('POST', '/CloningEngine/RestaurarImagen', {
      dsk: '2',
      par: '1',
      nci: 'image-test',
      ipr: `http://${repo.address}`,
      nfn: 'RestaurarImagen',
      method: 'UNICAST-DIRECT',
    });
    const job = await agent.waitJob(accepted.body.job_id);
    expect(job).toMatchObject({ state: 'success', error: null });
    const fin = await finishedEvent(job.job_id);
    expect(fin.result.method).toBe('UNICAST-DIRECT');
    expect(fin.result.transferredBytes).toBe(
      Number((await run('stat', ['-c', '%s', repo.imagePath('image-test')])).trim()),
    );
    expect(await treeHashes(target.partition(1), RENAMED)).toBe(sourceHashes);
  });

  it("fails a restore of a zstd image damaged before it was summed (its .full.sum matches) by zstd's own checksum", async () => {
    const image = repo.imagePath('image-test');
    const head = await readImageHead((await readFile(image)).subarray(0, 1 << 20));
    expect(head.partclone.blockChecksumBytes).toBe(0); // zstd captures rely on the frame checksum alone
    const damaged = repo.imagePath('image-damaged');
    await copyFile(image, damaged);
    const size = (await stat(damaged)).size;
    const fd = await open(damaged, 'r+');
    try {
      const byte = Buffer.alloc(1);
      await fd.read(byte, 0, 1, Math.floor(size / 2));
      byte[0] ^= 0x10;
      await fd.write(byte, 0, 1, Math.floor(size / 2));
    } finally {
      await fd.close();
    }
    const accepted = await restoreOrder('image-damaged', '1', 'UNICAST-DIRECT');
    const job = await agent.waitJob(accepted.body.job_id);
    expect(job).toMatchObject({ state: 'failed' });
    expect(job.error).toMatch(/zstd/);
    expect(await filesystemType(target.partition(1))).toBe('');
    await rm(damaged);
  });

  it('fails a UNICAST-DIRECT restore whose download breaks at stage download (not as a tool error), target wiped', async () => {
    repo.cutNextDownload.set('image-test', 4 * MiB);
    const accepted = await restoreOrder('image-test', '1', 'UNICAST-DIRECT');
    const job = await agent.waitJob(accepted.body.job_id);
    expect(job).toMatchObject({ state: 'failed', stage: 'download' });
    expect(job.error).toMatch(/image stream (broke|ended early)/);
    expect(await ownTools('partclone.restore|zstd')).toBe('');
    expect(await filesystemType(target.partition(1))).toBe('');
  });

  it('cancels a running restore: no tool outlives it, the target is wiped, job.finished says cancelled by operator', async () => {
    repo.throttle.set('image-test', 4 * MiB);
    try {
      const accepted = await restoreOrder('image-test', '1', 'UNICAST-DIRECT');
      const jobId = accepted.body.job_id as string;
      await expectEventually(async () => {
        const { body } = await agent.call('GET', `/CloningEngine/jobs/${jobId}`);
        if (body.stage !== 'write' || (await ownTools('partclone.restore')) === '')
          throw new Error(`not writing yet (${body.stage})`);
      });
      const cancelled = await agent.call('POST', `/CloningEngine/jobs/${jobId}/cancel`);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ state: 'cancelled', stage: 'write', error: 'cancelled by operator' });
      expect(await ownTools('partclone.restore|zstd')).toBe('');
      const fin = await expectEventually(() => {
        const e = core.jobEvents(jobId).find((x) => x.event === 'job.finished') as JobFinishedEvent | undefined;
        if (!e) throw new Error('no job.finished');
        return e;
      });
      expect(fin).toMatchObject({ status: 'failed', stage: 'write', error: 'cancelled by operator' });
      expect(await filesystemType(target.partition(1))).toBe('');
      expect(fin.result.disks![1].partitions.find((p) => p.partition === 1)?.filesystem).toBe('EMPTY');
      expect((await agent.call('POST', `/CloningEngine/jobs/${jobId}/cancel`)).status).toBe(409);
      expect((await agent.call('POST', '/CloningEngine/jobs/RestaurarImagen-00000000/cancel')).status).toBe(404);
      expect((await agent.call('GET', '/CloningEngine/status')).body.status).toBe('OPG');
    } finally {
      repo.throttle.delete('image-test');
    }
  });

  it('restores the shrunk image into a smaller partition large enough for its data, grown to fill it', async () => {
    const accepted = await restoreOrder('image-test', '2', 'UNICAST-DIRECT');
    expect(await agent.waitJob(accepted.body.job_id)).toMatchObject({ state: 'success', error: null });
    expect(await treeHashes(target.partition(2), RENAMED)).toBe(sourceHashes);
    expect(await extSize(target.partition(2))).toBe(100 * MiB);
  });

  it('fails at stage check, writing nothing, when the partition is smaller than the image filesystem', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'og-int-marker-'));
    await run('mount', [target.partition(3), dir]);
    await run('sh', ['-c', `echo untouched > '${dir}/marker'`]);
    await run('umount', [dir]);
    const before = repo.requests.length;
    const accepted = await restoreOrder('image-test', '3', 'unicast');
    const job = await agent.waitJob(accepted.body.job_id);
    expect(job).toMatchObject({ state: 'failed', stage: 'check' });
    expect(job.error).toContain(`needs ${shrunkBytes} bytes`);
    expect(job.error).toContain(`partition 3 has ${20 * MiB}`);
    const fin = await finishedEvent(job.job_id);
    expect(fin).toMatchObject({ status: 'failed', stage: 'check' });
    expect(fin.result.disks).toHaveLength(2);
    expect(repo.requests.slice(before).every((r) => r.range === 'bytes=0-1048575')).toBe(true);
    await run('mount', ['-o', 'ro', target.partition(3), dir]);
    try {
      expect((await run('cat', [join(dir, 'marker')])).trim()).toBe('untouched');
    } finally {
      await run('umount', [dir]);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails a restore of an image the repository does not have, naming the stage', async () => {
    const accepted = await restoreOrder('missing', '1', 'unicast-direct');
    const job = await agent.waitJob(accepted.body.job_id);
    expect(job).toMatchObject({ state: 'failed', stage: 'check' });
    expect(job.error).toMatch(/404/);
  });
});
