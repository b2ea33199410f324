import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readImageHead } from '@og/imaging';
import { run, VirtualDisk } from '@og/testing';
import { AgentHarness } from '@agent/testing/agent-harness';
import { AgentRig } from '@agent/testing/agent-rig';
import { RepositoryPeer } from '@agent/testing/repository-peer';
import { treeHashes } from '@agent/testing/tree-hashes';

const MiB = 1024 * 1024;
const MTOOLS_ENV = { MTOOLS_SKIP_CHECK: '1' };

/** sha256 of every file of a FAT filesystem, read with mtools (the kernel here has no vfat driver). */
async function fatHashes(device: string): Promise<string> {
  return run(
    'sh',
    [
      '-c',
      `mdir -i '${device}' -/ -b :: | grep -v '/$' | sort | while read -r f; do printf '%s ' "$f"; mcopy -n -i '${device}' "$f" - | sha256sum; done`,
    ],
    { env: MTOOLS_ENV },
  );
}

/** Runs `fn` with the NTFS on `device` mounted read-write through ntfs-3g (FUSE). */
async function withNtfs(device: string, fn: (dir: string) => Promise<unknown>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'og-int-ntfs-'));
  await run('ntfs-3g', [device, dir]);
  try {
    await fn(dir);
  } finally {
    await run('umount', [dir]);
    await rm(dir, { recursive: true, force: true });
  }
}

/** NTFS volume size in bytes (`ntfsresize --info`). */
async function ntfsVolumeBytes(device: string): Promise<number> {
  const out = await run('ntfsresize', ['--info', '--force', '--no-progress-bar', device]);
  return Number(/Current volume size: (\d+) bytes/.exec(out)![1]);
}

describe('og-agent on GPT disks and NTFS/FAT32 filesystems (real loop devices)', () => {
  let gpt: VirtualDisk;
  let dos: VirtualDisk;
  let repo: RepositoryPeer;
  let rig: AgentRig;
  let agent: AgentHarness;
  const hashes: Record<string, string> = {};

  beforeAll(async () => {
    gpt = await VirtualDisk.create(700 * MiB);
    dos = await VirtualDisk.create(500 * MiB);
    rig = await AgentRig.start([gpt.device, dos.device], { mac: '08:00:27:4f:be:39', name: 'pc-gpt' });
    ({ agent, repo } = rig);
  });

  afterAll(async () => {
    await rig?.stop();
    await gpt?.destroy();
    await dos?.destroy();
  });

  const job = (nfn: string, body: Record<string, unknown>) => rig.job(nfn, body);

  async function disk(n: number): Promise<any> {
    return (await agent.call('GET', '/CloningEngine/config')).body.disks[n - 1];
  }

  it('reports a disk with an MBR and stale GPT headers as one MSDOS table', async () => {
    await run('sgdisk', ['-o', '-n', '1:2048:+100M', '-t', '1:8300', gpt.device]);
    await run('sfdisk', ['-q', '--wipe', 'never', gpt.device], { input: 'label: dos\n2048,204800,83\n' });
    await gpt.refreshPartitions();
    expect(await run('wipefs', ['-n', gpt.device])).toMatch(/gpt/);
    const d = await disk(1);
    expect(d.tableType).toBe('MSDOS');
    expect(d.partitions.map((p: any) => [p.partition, p.code])).toEqual([[1, '83']]);
  });

  it('refuses an unknown GPT type before writing anything', async () => {
    const bad = await agent.call('POST', '/CloningEngine/Configurar', {
      nfn: 'Configurar',
      dsk: '1',
      ttp: 'GPT',
      cfg: [{ par: '1', cpt: 'a5', sfi: 'EXT4', tam: '1024' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^cpt/);
    expect((await disk(1)).tableType).toBe('MSDOS');
  });

  it('Configurar ttp GPT writes a GPT (stale MBR wiped): EFI FAT32, ext4, NTFS, CACHE, swap at 10, ext2 at 11', async () => {
    const { view, fin } = await job('Configurar', {
      dsk: '1',
      ttp: 'gpt',
      cfg: [
        { par: '1', cpt: 'EFI', sfi: 'FAT32', tam: String(64 * 1024) },
        { par: '2', cpt: 'LINUX', sfi: 'EXT4', tam: String(120 * 1024) },
        { par: '3', cpt: 'NTFS', sfi: 'NTFS', tam: String(120 * 1024) },
        { par: '4', cpt: 'CACHE', sfi: 'CACHE', tam: String(150 * 1024) },
        { par: '10', cpt: 'LINUX-SWAP', sfi: 'LINUX-SWAP', tam: String(32 * 1024) },
        { par: '11', cpt: '8300', sfi: 'EXT2', tam: String(100 * 1024) },
      ],
    });
    expect(view).toMatchObject({ state: 'success', error: null });
    const d = fin.result.disks![0];
    expect(d.tableType).toBe('GPT');
    expect(d.partitions.map((p) => [p.partition, p.code, p.filesystem, p.sizeBytes])).toEqual([
      [1, 'ef00', 'FAT32', 64 * MiB],
      [2, '8300', 'EXT4', 120 * MiB],
      [3, '0700', 'NTFS', 120 * MiB],
      [4, '8300', 'CACHE', 150 * MiB],
      [10, '8200', 'LINUX-SWAP', 32 * MiB],
      [11, '8300', 'EXT2', 100 * MiB],
    ]);
    expect(d.partitions.every((p) => (p.startSector * 512) % MiB === 0)).toBe(true);
    // One table only: the protective MBR of the GPT, no leftover dos table.
    expect((await run('blkid', ['-p', '-o', 'value', '-s', 'PTTYPE', gpt.device])).trim()).toBe('gpt');
    const sf = JSON.parse(await run('sfdisk', ['--json', gpt.device]));
    expect(sf.partitiontable.partitions.find((p: any) => p.node === gpt.partition(4)).name).toBe('CACHE');
    expect((await run('blkid', ['-p', '-o', 'value', '-s', 'LABEL', gpt.partition(4)])).trim()).toBe('CACHE');
  });

  it('Configurar MSDOS over a GPT with a stale MBR: one dos table left; NTFS, FAT32, EXT3, LINUX-SWAP are 7, b, 83, 82', async () => {
    await run('sgdisk', ['-o', '-n', '1:2048:+100M', '-t', '1:0700', dos.device]);
    await run('sfdisk', ['-q', '--wipe', 'never', dos.device], { input: 'label: dos\n2048,204800,7\n' });
    await dos.refreshPartitions();
    expect(await run('wipefs', ['-n', dos.device])).toMatch(/gpt/);
    const { view, fin } = await job('Configurar', {
      dsk: '2',
      cfg: [
        { par: '1', cpt: 'NTFS', sfi: 'NTFS', tam: String(150 * 1024) },
        { par: '2', cpt: 'FAT32', sfi: 'FAT32', tam: String(100 * 1024) },
        { par: '3', cpt: 'LINUX', sfi: 'EXT3', tam: String(100 * 1024) },
        { par: '4', cpt: 'LINUX-SWAP', sfi: 'LINUX-SWAP', tam: String(32 * 1024) },
      ],
    });
    expect(view).toMatchObject({ state: 'success', error: null });
    expect(fin.result.disks![1].partitions.map((p) => [p.partition, p.code, p.filesystem])).toEqual([
      [1, '7', 'NTFS'],
      [2, 'b', 'FAT32'],
      [3, '83', 'EXT3'],
      [4, '82', 'LINUX-SWAP'],
    ]);
    const signatures = await run('wipefs', ['-n', dos.device]);
    expect(signatures).toMatch(/dos/);
    expect(signatures).not.toMatch(/gpt/);
  });

  it('captures ext4, NTFS (shrunk with ntfsresize, grown back) and FAT32 partitions of the GPT disk', async () => {
    const ext = await mkdtemp(join(tmpdir(), 'og-int-ext-'));
    await run('mount', [gpt.partition(2), ext]);
    try {
      await run('sh', [
        '-c',
        `head -c 8M /dev/urandom > '${ext}/blob' && mkdir '${ext}/d' && seq 1 50000 > '${ext}/d/n.txt'`,
      ]);
    } finally {
      await run('umount', [ext]);
      await rm(ext, { recursive: true, force: true });
    }
    hashes.ext = await treeHashes(gpt.partition(2));
    await withNtfs(gpt.partition(3), (dir) =>
      run('sh', [
        '-c',
        `head -c 12M /dev/urandom > '${dir}/big.bin' && mkdir -p '${dir}/Windows/System32' && seq 1 80000 > '${dir}/Windows/System32/list.txt' && echo hola > '${dir}/small.txt'`,
      ]),
    );
    // The model's NTFS volume is smaller than its 120 MiB partition: the capture must leave it so.
    await run('ntfsresize', ['--force', '--no-progress-bar', '-s', String(100 * MiB), gpt.partition(3)], {
      input: 'y\n',
    });
    const ntfsBefore = await ntfsVolumeBytes(gpt.partition(3));
    expect(ntfsBefore).toBeLessThan(101 * MiB);
    hashes.ntfs = await treeHashes(gpt.partition(3));
    await run('sh', ['-c', `head -c 3M /dev/urandom > /tmp/og-int-fat.bin`]);
    try {
      await run('mmd', ['-i', gpt.partition(1), '::/EFI', '::/EFI/BOOT'], { env: MTOOLS_ENV });
      await run('mcopy', ['-i', gpt.partition(1), '/tmp/og-int-fat.bin', '::/EFI/BOOT/BOOTX64.EFI'], {
        env: MTOOLS_ENV,
      });
      await run('mcopy', ['-i', gpt.partition(1), '/etc/os-release', '::/readme.txt'], { env: MTOOLS_ENV });
    } finally {
      await rm('/tmp/og-int-fat.bin', { force: true });
    }
    hashes.fat = await fatHashes(gpt.partition(1));
    expect(hashes.fat.split('\n').filter(Boolean)).toHaveLength(2);

    for (const [par, nci, fs] of [
      ['2', 'gpt-ext4', 'EXTFS'],
      ['3', 'gpt-ntfs', 'NTFS'],
      ['1', 'gpt-fat', 'FAT32'],
    ]) {
      const { view, fin } = await job('CrearImagen', { dsk: '1', par, nci, ipr: repo.address });
      expect(view).toMatchObject({ state: 'success', error: null });
      expect(fin.result.imageInfo).toMatchObject({ tool: 'PARTCLONE', compressor: 'ZSTD', filesystem: fs });
    }
    // partclone.ntfs records the partition as device size, the shrunk volume as its block count.
    const ntfsHead = (await readImageHead(await readFile(repo.imagePath('gpt-ntfs')))).partclone;
    expect(ntfsHead.totalBlocks * ntfsHead.blockSize).toBeLessThan(60 * MiB);
    expect(await ntfsVolumeBytes(gpt.partition(3))).toBe(ntfsBefore);
    expect(await treeHashes(gpt.partition(3))).toBe(hashes.ntfs);
    expect(await fatHashes(gpt.partition(1))).toBe(hashes.fat);
  });

  it('refuses to capture LINUX-SWAP with a clear 400', async () => {
    const res = await agent.call('POST', '/CloningEngine/CrearImagen', {
      nfn: 'CrearImagen',
      dsk: '1',
      par: '10',
      nci: 'swap',
      ipr: repo.address,
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^par 10 is LINUX-SWAP/);
  });

  it('restores the NTFS image into a larger MSDOS partition, every file equal, volume grown to fill it', async () => {
    const { view, fin } = await job('RestaurarImagen', {
      dsk: '2',
      par: '1',
      nci: 'gpt-ntfs',
      ipr: repo.address,
      method: 'unicast-direct',
    });
    expect(view).toMatchObject({ state: 'success', error: null });
    expect(fin.result.partitionCode).toBeUndefined();
    expect(await treeHashes(dos.partition(1))).toBe(hashes.ntfs);
    expect(await ntfsVolumeBytes(dos.partition(1))).toBeGreaterThan(149 * MiB);
    // It must boot where it now lives: hidden sectors = the new start sector, and the backup boot sector agrees.
    const start = Number((await run('cat', [`/sys/class/block/${dos.partition(1).split('/').pop()}/start`])).trim());
    const boot = Buffer.alloc(512);
    const fd = await open(dos.partition(1), 'r');
    await fd.read(boot, 0, 512, 0);
    const backup = Buffer.alloc(512);
    await fd.read(backup, 0, 512, Number(boot.readBigUInt64LE(0x28)) * boot.readUInt16LE(0x0b));
    await fd.close();
    expect(boot.readUInt32LE(0x1c)).toBe(start);
    expect(boot.readUInt16LE(0x18)).toBe(63);
    expect(boot.readUInt16LE(0x1a)).toBe(255);
    expect(backup.equals(boot)).toBe(true);
  });

  it('restores the FAT32 image (through the GPT CACHE) into another partition, every file equal', async () => {
    const { view, fin } = await job('RestaurarImagen', {
      dsk: '2',
      par: '2',
      nci: 'gpt-fat',
      ipr: repo.address,
      method: 'unicast',
    });
    expect(view).toMatchObject({ state: 'success', error: null });
    expect(fin.result).toMatchObject({ method: 'UNICAST-CACHE', cacheHit: false });
    expect(await fatHashes(dos.partition(2))).toBe(hashes.fat);
    expect(fin.result.disks![1].partitions[1]).toMatchObject({ code: 'b', filesystem: 'FAT32' });
  });

  it('restores an ext4 image onto a partition that is NTFS, and sets the code to LINUX (83) without a cpt', async () => {
    const { view, fin } = await job('RestaurarImagen', {
      dsk: '2',
      par: '1',
      nci: 'gpt-ext4',
      ipr: repo.address,
      method: 'unicast-direct',
    });
    expect(view).toMatchObject({ state: 'success', error: null });
    expect(fin.result.partitionCode).toBe('83');
    expect(fin.result.disks![1].partitions[0]).toMatchObject({ code: '83', filesystem: 'EXT4', sizeBytes: 150 * MiB });
    expect((await run('blkid', ['-p', '-o', 'value', '-s', 'TYPE', dos.partition(1)])).trim()).toBe('ext4');
    expect(await treeHashes(dos.partition(1))).toBe(hashes.ext);
  });

  it('restores the NTFS image into the GPT disk onto an ext2 partition: code becomes 0700', async () => {
    const { view, fin } = await job('RestaurarImagen', {
      dsk: '1',
      par: '11',
      nci: 'gpt-ntfs',
      ipr: repo.address,
      method: 'unicast-direct',
    });
    expect(view).toMatchObject({ state: 'success', error: null });
    expect(fin.result.partitionCode).toBe('0700');
    const p11 = fin.result.disks![0].partitions.find((p) => p.partition === 11)!;
    expect(p11).toMatchObject({ code: '0700', filesystem: 'NTFS' });
    expect(await treeHashes(gpt.partition(11))).toBe(hashes.ntfs);
  });

  it('restores the FAT32 image onto an ext3 partition with the cpt given (FAT32 → b)', async () => {
    const { view, fin } = await job('RestaurarImagen', {
      dsk: '2',
      par: '3',
      cpt: '0x0B',
      nci: 'gpt-fat',
      ipr: repo.address,
      method: 'unicast',
    });
    expect(view).toMatchObject({ state: 'success', error: null });
    expect(fin.result).toMatchObject({ cacheHit: true, partitionCode: 'b' });
    expect(fin.result.disks![1].partitions[2]).toMatchObject({ code: 'b', filesystem: 'FAT32' });
    expect(await fatHashes(dos.partition(3))).toBe(hashes.fat);
  });

  it('writes a GPT on a disk with 4096-byte sectors (1 MiB alignment, backup GPT kept free)', async () => {
    const big = await VirtualDisk.create(300 * MiB, { sectorSize: 4096 });
    const solo = await AgentHarness.start(rig.env([big.device], { mac: '08:00:27:4f:be:3a', name: 'pc-4k' }));
    try {
      const accepted = await solo.call('POST', '/CloningEngine/Configurar', {
        nfn: 'Configurar',
        dsk: '1',
        ttp: 'GPT',
        cfg: [
          { par: '1', cpt: 'LINUX', sfi: 'EXT4', tam: String(100 * 1024) },
          { par: '2', cpt: 'NTFS', sfi: 'NTFS', tam: String(100 * 1024) },
          { par: '3', cpt: 'CACHE', sfi: 'CACHE', tam: String(97 * 1024) },
        ],
      });
      expect(accepted.status).toBe(202);
      expect(await solo.waitJob(accepted.body.job_id)).toMatchObject({ state: 'success', error: null });
      const d = (await solo.call('GET', '/CloningEngine/config')).body.disks[0];
      expect(d).toMatchObject({ tableType: 'GPT', sectorSize: 4096 });
      expect(d.partitions.map((p: any) => [p.partition, p.code, p.filesystem, p.startSector])).toEqual([
        [1, '8300', 'EXT4', 256],
        [2, '0700', 'NTFS', 256 + 25600],
        [3, '8300', 'CACHE', 256 + 2 * 25600],
      ]);
    } finally {
      await solo.stop();
      await big.destroy();
    }
  });

  it('refuses a cpt that is not a type of the target table', async () => {
    const res = await agent.call('POST', '/CloningEngine/RestaurarImagen', {
      nfn: 'RestaurarImagen',
      dsk: '2',
      par: '3',
      cpt: '8300',
      nci: 'gpt-fat',
      ipr: repo.address,
      method: 'unicast',
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^cpt/);
  });
});
