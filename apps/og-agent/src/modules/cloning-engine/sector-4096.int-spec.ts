import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PartitionLayout } from '@og/contracts';
import { run, VirtualDisk } from '@og/testing';
import { AgentHarness } from '@agent/testing/agent-harness';
import { AgentRig } from '@agent/testing/agent-rig';
import { RepositoryPeer } from '@agent/testing/repository-peer';
import { treeHashes } from '@agent/testing/tree-hashes';

const MiB = 1024 * 1024;
const KiB = (mib: number) => String(mib * 1024);
/** Sectors of 4096 bytes in one MiB. */
const S = 256;

/** Size of the filesystem on `device` in bytes (mounted read-only, statfs). */
async function filesystemBytes(device: string): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'og-int-4k-'));
  await run('mount', ['-o', 'ro', device, dir]);
  try {
    const [blocks, size] = (await run('stat', ['-f', '-c', '%b %S', dir])).trim().split(' ').map(Number);
    return blocks * size;
  } finally {
    await run('umount', [dir]);
    await rm(dir, { recursive: true, force: true });
  }
}

/** Configurar (MSDOS with logical partitions, CACHE kept), CrearImagen and RestaurarImagen on 4096-byte sectors. */
describe('og-agent on a disk with 4096-byte logical sectors (losetup -b 4096)', () => {
  let disk: VirtualDisk;
  let repo: RepositoryPeer;
  let rig: AgentRig;
  let agent: AgentHarness;
  const hashes: Record<string, string> = {};
  /** Filesystem sizes (statfs) of the sources before capture. */
  const sizes: Record<string, number> = {};

  beforeAll(async () => {
    disk = await VirtualDisk.create(1400 * MiB, { sectorSize: 4096 });
    rig = await AgentRig.start([disk.device], { mac: '08:00:27:4f:be:81', name: 'pc-4kn' });
    ({ agent, repo } = rig);
  });

  afterAll(async () => {
    await rig?.stop();
    await disk?.destroy();
  });

  const job = (nfn: string, body: Record<string, unknown>) => rig.job(nfn, body);

  async function fill(par: number, megabytes: number): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'og-int-4k-fill-'));
    await run('mount', [disk.partition(par), dir]);
    try {
      await run('sh', [
        '-c',
        `head -c ${megabytes}M /dev/urandom > '${dir}/blob' && mkdir '${dir}/d' && seq 1 60000 > '${dir}/d/n.txt'`,
      ]);
    } finally {
      await run('umount', [dir]);
      await rm(dir, { recursive: true, force: true });
    }
    return treeHashes(disk.partition(par));
  }

  it('writes an MSDOS table with logical partitions in 4096-byte sectors, 1 MiB aligned', async () => {
    expect((await run('blockdev', ['--getss', disk.device])).trim()).toBe('4096');
    const { view, fin } = await job('Configurar', {
      dsk: '1',
      cfg: [
        { par: '1', cpt: 'LINUX', sfi: 'EXT4', tam: KiB(150) },
        { par: '2', cpt: 'EXTENDED', sfi: 'EMPTY', tam: KiB(840) },
        { par: '5', cpt: 'LINUX', sfi: 'XFS', tam: KiB(300) },
        { par: '6', cpt: 'LINUX', sfi: 'EXT4', tam: KiB(200) },
        { par: '7', cpt: 'LINUX', sfi: 'EXT4', tam: KiB(320) },
        { par: '4', cpt: 'CACHE', sfi: 'CACHE', tam: KiB(200) },
      ],
    });
    expect(view).toMatchObject({ state: 'success', error: null });
    const d = fin.result.disks![0];
    expect(d).toMatchObject({ tableType: 'MSDOS', sectorSize: 4096 });
    const ext = S + 150 * S;
    expect(
      d.partitions.map((p: PartitionLayout) => [p.partition, p.code, p.filesystem, p.startSector, p.sizeBytes]),
    ).toEqual([
      [1, '83', 'EXT4', S, 150 * MiB],
      [2, '5', 'EMPTY', ext, 840 * MiB],
      [4, 'ca', 'CACHE', ext + 840 * S, 200 * MiB],
      [5, '83', 'XFS', ext + S, 300 * MiB],
      [6, '83', 'EXT4', ext + S + 300 * S + S, 200 * MiB],
      [7, '83', 'EXT4', ext + S + 300 * S + S + 200 * S + S, 320 * MiB],
    ]);
  });

  it('captures ext4 (shrunk and grown back) and XFS (whole) partitions of the 4K disk', async () => {
    hashes.ext4 = await fill(1, 10);
    hashes.xfs = await fill(5, 10);
    sizes.ext4 = await filesystemBytes(disk.partition(1));
    sizes.xfs = await filesystemBytes(disk.partition(5));
    for (const [par, nci, fs] of [
      ['1', 'k4-ext4', 'EXTFS'],
      ['5', 'k4-xfs', 'XFS'],
    ]) {
      const { view, fin } = await job('CrearImagen', { dsk: '1', par, nci, ipr: repo.address });
      expect(view).toMatchObject({ state: 'success', error: null });
      expect(fin.result.imageInfo).toMatchObject({ tool: 'PARTCLONE', filesystem: fs });
    }
    expect(await treeHashes(disk.partition(1))).toBe(hashes.ext4);
    expect(await filesystemBytes(disk.partition(1))).toBe(sizes.ext4);
  });

  it('restores the ext4 image through the CACHE into a larger logical partition, grown, every file equal', async () => {
    const { view, fin } = await job('RestaurarImagen', {
      dsk: '1',
      par: '6',
      nci: 'k4-ext4',
      ipr: repo.address,
      method: 'unicast',
    });
    expect(view).toMatchObject({ state: 'success', error: null });
    expect(fin.result).toMatchObject({ method: 'UNICAST-CACHE', cacheHit: false });
    expect(await treeHashes(disk.partition(6))).toBe(hashes.ext4);
    expect(await filesystemBytes(disk.partition(6))).toBeGreaterThan(sizes.ext4 + 40 * MiB);
  });

  it('restores the XFS image over an ext4 logical partition: grown, every file equal', async () => {
    const { view } = await job('RestaurarImagen', {
      dsk: '1',
      par: '7',
      nci: 'k4-xfs',
      ipr: repo.address,
      method: 'unicast-direct',
    });
    expect(view).toMatchObject({ state: 'success', error: null });
    expect((await run('blkid', ['-p', '-o', 'value', '-s', 'TYPE', disk.partition(7)])).trim()).toBe('xfs');
    expect(await treeHashes(disk.partition(7))).toBe(hashes.xfs);
    expect(await filesystemBytes(disk.partition(7))).toBeGreaterThan(sizes.xfs + 15 * MiB);
  });

  it('repartitions with che=1: the CACHE stays, and the cached image restores again without a download', async () => {
    const before = (await agent.call('GET', '/CloningEngine/config')).body.disks[0].partitions.find(
      (p: PartitionLayout) => p.partition === 4,
    );
    const configured = await job('Configurar', {
      dsk: '1',
      che: '1',
      cfg: [
        { par: '1', cpt: 'LINUX', sfi: 'EXT4', tam: KiB(400) },
        { par: '2', cpt: 'LINUX', sfi: 'EXT4', tam: KiB(500) },
        { par: '4', cpt: 'CACHE', sfi: 'CACHE', tam: KiB(200) },
      ],
    });
    expect(configured.view).toMatchObject({ state: 'success', error: null });
    expect(configured.fin.result.disks![0].partitions[2]).toMatchObject({
      partition: 4,
      filesystem: 'CACHE',
      startSector: before.startSector,
    });
    const { view, fin } = await job('RestaurarImagen', {
      dsk: '1',
      par: '2',
      nci: 'k4-ext4',
      ipr: repo.address,
      method: 'unicast',
    });
    expect(view).toMatchObject({ state: 'success', error: null });
    expect(fin.result).toMatchObject({ method: 'UNICAST-CACHE', cacheHit: true, transferredBytes: 0 });
    expect(await treeHashes(disk.partition(2))).toBe(hashes.ext4);
  });
});
