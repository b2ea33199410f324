import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PartitionLayout } from '@og/contracts';
import { run, VirtualDisk } from '@og/testing';
import { AgentRig } from '@agent/testing/agent-rig';
import { RepositoryPeer } from '@agent/testing/repository-peer';
import { treeHashes } from '@agent/testing/tree-hashes';

const MiB = 1024 * 1024;
const KiB = (mib: number) => String(mib * 1024);

/**
 * Mounts `device` on a fresh directory, runs `fn`, unmounts. exFAT goes through exfat-fuse (this kernel has no
 * exFAT driver; Debian package `exfat-fuse`).
 */
async function withMount<T>(device: string, fs: string, options: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'og-int-fs-'));
  if (fs === 'exfat') await run('mount.exfat-fuse', ['-o', options, device, dir]);
  else await run('mount', ['-o', options, device, dir]);
  try {
    return await fn(dir);
  } finally {
    await run('umount', [dir]);
    await rm(dir, { recursive: true, force: true });
  }
}

/** sha256 of every file, sorted by path (treeHashes for filesystems `mount` alone cannot mount here). */
async function hashes(device: string, fs: string): Promise<string> {
  if (fs !== 'exfat') return treeHashes(device);
  return withMount(device, fs, 'ro', (dir) =>
    run('sh', ['-c', `cd '${dir}' && find . -type f -print0 | sort -z | xargs -0 -r sha256sum`]),
  );
}

/** Size of the mounted filesystem in bytes (statfs blocks × block size). */
async function filesystemBytes(device: string, fs: string): Promise<number> {
  const out = await withMount(device, fs, 'ro', (dir) => run('stat', ['-f', '-c', '%b %S', dir]));
  const [blocks, size] = out.trim().split(' ').map(Number);
  return blocks * size;
}

/** Configurar, CrearImagen and RestaurarImagen of XFS, btrfs and exFAT (OpenGnsys sfi XFS, BTRFS, EXFAT). */
describe('og-agent with XFS, btrfs and exFAT partitions (real loop devices)', () => {
  let disk: VirtualDisk;
  let repo: RepositoryPeer;
  let rig: AgentRig;
  const sources: Record<string, { par: number; hashes: string; bytes: number }> = {};

  beforeAll(async () => {
    disk = await VirtualDisk.create(2200 * MiB);
    rig = await AgentRig.start([disk.device], { mac: '08:00:27:4f:be:61', name: 'pc-newfs' });
    ({ repo } = rig);
  });

  afterAll(async () => {
    await rig?.stop();
    await disk?.destroy();
  });

  const job = (nfn: string, body: Record<string, unknown>) => rig.job(nfn, body);

  it('formats XFS, btrfs and exFAT partitions (mkfs.xfs -f, mkfs.btrfs -f, mkfs.exfat) and reads them back by blkid', async () => {
    const { view, fin } = await job('Configurar', {
      dsk: '1',
      cfg: [
        { par: '1', cpt: 'LINUX', sfi: 'XFS', tam: KiB(300) },
        { par: '2', cpt: 'EXTENDED', sfi: 'EMPTY', tam: KiB(1300) },
        { par: '5', cpt: 'LINUX', sfi: 'XFS', tam: KiB(340) },
        { par: '6', cpt: 'LINUX', sfi: 'BTRFS', tam: KiB(256) },
        { par: '7', cpt: 'LINUX', sfi: 'BTRFS', tam: KiB(320) },
        { par: '8', cpt: 'NTFS', sfi: 'EXFAT', tam: KiB(64) },
        { par: '9', cpt: 'NTFS', sfi: 'EXFAT', tam: KiB(96) },
        { par: '10', cpt: 'LINUX', sfi: 'EMPTY', tam: KiB(110) },
        { par: '3', cpt: 'LINUX', sfi: 'EXT4', tam: KiB(100) },
        { par: '4', cpt: 'CACHE', sfi: 'CACHE', tam: KiB(300) },
      ],
    });
    expect(view).toMatchObject({ state: 'success', error: null });
    const parts = fin.result.disks![0].partitions;
    expect(parts.map((p: PartitionLayout) => [p.partition, p.code, p.filesystem])).toEqual([
      [1, '83', 'XFS'],
      [2, '5', 'EMPTY'],
      [3, '83', 'EXT4'],
      [4, 'ca', 'CACHE'],
      [5, '83', 'XFS'],
      [6, '83', 'BTRFS'],
      [7, '83', 'BTRFS'],
      [8, '7', 'EXFAT'],
      [9, '7', 'EXFAT'],
      [10, '83', 'EMPTY'],
    ]);
  });

  it.each([
    ['xfs', 1, 'XFS'],
    ['btrfs', 6, 'BTRFS'],
    ['exfat', 8, 'EXFAT'],
  ])('captures %s whole with its partclone tool, leaving the source as it was', async (fs, par, headerFs) => {
    await withMount(disk.partition(par), fs, 'rw', (dir) =>
      run('sh', [
        '-c',
        `head -c 5M /dev/urandom > '${dir}/blob.bin' && mkdir -p '${dir}/sub/deeper' && seq 1 30000 > '${dir}/sub/deeper/n.txt' && echo ${fs} > '${dir}/name.txt'`,
      ]),
    );
    sources[fs] = {
      par,
      hashes: await hashes(disk.partition(par), fs),
      bytes: await filesystemBytes(disk.partition(par), fs),
    };
    const { view, fin } = await job('CrearImagen', { dsk: '1', par: String(par), nci: `img-${fs}`, ipr: repo.address });
    expect(view).toMatchObject({ state: 'success', error: null });
    expect(fin.result.imageInfo).toMatchObject({ tool: 'PARTCLONE', compressor: 'ZSTD', filesystem: headerFs });
    expect(await hashes(disk.partition(par), fs)).toBe(sources[fs].hashes);
    expect(await filesystemBytes(disk.partition(par), fs)).toBe(sources[fs].bytes);
  });

  it('refuses to restore the XFS image into a partition smaller than its filesystem, writing nothing', async () => {
    const { view } = await job('RestaurarImagen', {
      dsk: '1',
      par: '3',
      nci: 'img-xfs',
      ipr: repo.address,
      method: 'unicast-direct',
    });
    expect(view).toMatchObject({ state: 'failed', stage: 'check' });
    expect(view.error).toMatch(/needs \d+ bytes/);
    expect((await run('blkid', ['-p', '-o', 'value', '-s', 'TYPE', disk.partition(3)])).trim()).toBe('ext4');
  });

  it.each([
    { fs: 'xfs', par: 5, method: 'unicast-direct', grows: true, how: 'grown with xfs_growfs' },
    { fs: 'btrfs', par: 7, method: 'unicast', grows: true, how: 'through the CACHE, grown with btrfs resize max' },
    { fs: 'exfat', par: 9, method: 'unicast-direct', grows: false, how: 'keeping its size' },
  ])('restores the $fs image into a larger partition, every file equal, $how', async ({ fs, par, method, grows }) => {
    const { view, fin } = await job('RestaurarImagen', {
      dsk: '1',
      par: String(par),
      nci: `img-${fs}`,
      ipr: repo.address,
      method,
    });
    expect(view).toMatchObject({ state: 'success', error: null });
    expect(fin.result.partitionCode).toBeUndefined();
    expect(await hashes(disk.partition(par), fs)).toBe(sources[fs].hashes);
    const bytes = await filesystemBytes(disk.partition(par), fs);
    // XFS and btrfs are grown to fill the larger partition; exFAT cannot grow and keeps the source's size.
    if (grows) expect(bytes).toBeGreaterThan(sources[fs].bytes + 30 * MiB);
    else expect(bytes).toBe(sources[fs].bytes);
  });

  it('captures a filesystem it has no partclone tool for (minix) block by block with partclone.imager, restored byte for byte', async () => {
    await run('mkfs.minix', ['-3', disk.partition(3)]);
    await run('sh', [
      '-c',
      `head -c 1M /dev/urandom | dd of=${disk.partition(3)} bs=1M seek=40 conv=notrunc status=none`,
    ]);
    const cap = await job('CrearImagen', { dsk: '1', par: '3', nci: 'img-minix', ipr: repo.address });
    expect(cap.view).toMatchObject({ state: 'success', error: null });
    expect(cap.fin.result.imageInfo).toMatchObject({ tool: 'PARTCLONE', filesystem: 'RAW' });
    const res = await job('RestaurarImagen', {
      dsk: '1',
      par: '10',
      nci: 'img-minix',
      ipr: repo.address,
      method: 'unicast-direct',
    });
    expect(res.view).toMatchObject({ state: 'success', error: null });
    expect((await run('blkid', ['-p', '-o', 'value', '-s', 'TYPE', disk.partition(10)])).trim()).toBe('minix');
    await run('cmp', ['-n', String(100 * MiB), disk.partition(3), disk.partition(10)]);
  });
});
