import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PartitionLayout } from '@og/contracts';
import { CACHE_IMAGES_DIR } from '@og/imaging';
import { run, VirtualDisk } from '@og/testing';
import { AgentHarness } from '@agent/testing/agent-harness';
import { AgentRig } from '@agent/testing/agent-rig';
import { RepositoryPeer } from '@agent/testing/repository-peer';
import { treeHashes } from '@agent/testing/tree-hashes';

const MiB = 1024 * 1024;
const KiB = (mib: number) => String(mib * 1024);

/** Configurar with an extended partition and logical ones, and `che=1` keeping the CACHE, on real loop devices. */
describe('og-agent MSDOS extended/logical partitions and a kept CACHE (real loop devices)', () => {
  let disk: VirtualDisk;
  let repo: RepositoryPeer;
  let rig: AgentRig;
  let agent: AgentHarness;
  let logicalHashes: string;

  beforeAll(async () => {
    disk = await VirtualDisk.create(600 * MiB);
    rig = await AgentRig.start([disk.device], { mac: '08:00:27:4f:be:51', name: 'pc-logical' });
    ({ agent, repo } = rig);
  });

  afterAll(async () => {
    await rig?.stop();
    await disk?.destroy();
  });

  const job = (nfn: string, body: Record<string, unknown>) => rig.job(nfn, body);

  async function partitions(): Promise<PartitionLayout[]> {
    return (await agent.call('GET', '/CloningEngine/config')).body.disks[0].partitions;
  }

  /** Runs `fn` on the CACHE's images folder (partition 4 mounted read-write). */
  async function inCache<T>(fn: (dir: string) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(join(tmpdir(), 'og-int-keep-'));
    await run('mount', [disk.partition(4), dir]);
    try {
      return await fn(join(dir, CACHE_IMAGES_DIR));
    } finally {
      await run('umount', [dir]);
      await rm(dir, { recursive: true, force: true });
    }
  }

  const layout = [
    { par: '1', cpt: 'LINUX', sfi: 'EXT4', tam: KiB(100) },
    { par: '2', cpt: 'EXTENDED', sfi: 'EMPTY', tam: KiB(300) },
    { par: '5', cpt: 'LINUX', sfi: 'EXT4', tam: KiB(100) },
    { par: '6', cpt: 'NTFS', sfi: 'NTFS', tam: KiB(120) },
    { par: '7', cpt: '82', sfi: 'LINUX-SWAP', tam: KiB(20) },
    { par: '4', cpt: 'CACHE', sfi: 'CACHE', tam: KiB(150) },
  ];

  it.each([
    ['a logical partition without an extended one', [{ par: '1' }, { par: '5' }], /^par 5 is a logical partition/],
    [
      'two extended partitions',
      [
        { par: '1', cpt: '5' },
        { par: '2', cpt: 'f' },
      ],
      /^cpt: .*one extended/,
    ],
    [
      'logical partitions outside the extended one',
      [
        { par: '1', cpt: 'EXTENDED', tam: KiB(100) },
        { par: '5', tam: KiB(60) },
        { par: '6', tam: KiB(60) },
      ],
      /^tam: logical partitions do not fit in the extended par 1/,
    ],
    ['a layout larger than the disk', [{ par: '1', tam: KiB(700) }], /^tam: partitions do not fit/],
  ])('refuses %s with a 400 naming the field, writing nothing', async (_what, cfg, message) => {
    const before = await run('sfdisk', ['--dump', disk.device]).catch(() => '');
    const res = await agent.call('POST', '/CloningEngine/Configurar', {
      nfn: 'Configurar',
      dsk: '1',
      cfg: cfg.map((c) => ({ cpt: 'LINUX', sfi: 'EXT4', tam: KiB(50), ...c })),
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(message);
    expect(await run('sfdisk', ['--dump', disk.device]).catch(() => '')).toBe(before);
  });

  it('writes an extended partition with logical partitions 5–7 inside it, and reads them back by number and code', async () => {
    const { view, fin } = await job('Configurar', { dsk: '1', cfg: layout });
    expect(view).toMatchObject({ state: 'success', error: null });
    const parts = fin.result.disks![0].partitions;
    expect(parts.map((p) => [p.partition, p.code, p.filesystem, p.sizeBytes])).toEqual([
      [1, '83', 'EXT4', 100 * MiB],
      [2, '5', 'EMPTY', 300 * MiB],
      [4, 'ca', 'CACHE', 150 * MiB],
      [5, '83', 'EXT4', 100 * MiB],
      [6, '7', 'NTFS', 120 * MiB],
      [7, '82', 'LINUX-SWAP', 20 * MiB],
    ]);
    const [ext, l5, l6, l7] = [2, 5, 6, 7].map((n) => parts.find((p) => p.partition === n)!);
    // Each logical starts 1 MiB after the sector holding its EBR, all inside the extended partition.
    expect([l5, l6, l7].map((p) => p.startSector)).toEqual([
      ext.startSector + 2048,
      ext.startSector + 2048 + 100 * 2048 + 2048,
      ext.startSector + 2048 + 100 * 2048 + 2048 + 120 * 2048 + 2048,
    ]);
    expect(l7.startSector + l7.sizeBytes / 512).toBeLessThanOrEqual(ext.startSector + ext.sizeBytes / 512);
    const sf = JSON.parse(await run('sfdisk', ['--json', disk.device])).partitiontable;
    expect(sf.partitions.map((p: { node: string; type: string }) => [p.node, p.type])).toEqual([
      [disk.partition(1), '83'],
      [disk.partition(2), '5'],
      [disk.partition(4), 'ca'],
      [disk.partition(5), '83'],
      [disk.partition(6), '7'],
      [disk.partition(7), '82'],
    ]);
  });

  it('captures a logical partition and restores it into another logical one (NTFS → ext4, code 83), every file equal', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'og-int-logical-'));
    await run('mount', [disk.partition(5), dir]);
    try {
      await run('sh', ['-c', `head -c 6M /dev/urandom > '${dir}/blob' && seq 1 40000 > '${dir}/n.txt'`]);
    } finally {
      await run('umount', [dir]);
      await rm(dir, { recursive: true, force: true });
    }
    logicalHashes = await treeHashes(disk.partition(5));
    const cap = await job('CrearImagen', { dsk: '1', par: '5', nci: 'logical', ipr: repo.address });
    expect(cap.view).toMatchObject({ state: 'success', error: null });
    const res = await job('RestaurarImagen', {
      dsk: '1',
      par: '6',
      nci: 'logical',
      ipr: repo.address,
      method: 'unicast-direct',
    });
    expect(res.view).toMatchObject({ state: 'success', error: null });
    expect(res.fin.result.partitionCode).toBe('83');
    expect(await treeHashes(disk.partition(6))).toBe(logicalHashes);
    expect((await partitions()).find((p) => p.partition === 6)).toMatchObject({ code: '83', filesystem: 'EXT4' });
  });

  it('refuses to capture or overwrite the extended container itself', async () => {
    const cap = await agent.call('POST', '/CloningEngine/CrearImagen', {
      nfn: 'CrearImagen',
      dsk: '1',
      par: '2',
      nci: 'container',
      ipr: repo.address,
    });
    expect(cap.status).toBe(400);
    expect(cap.body.message).toMatch(/^par 2 is an extended partition/);
    const res = await agent.call('POST', '/CloningEngine/RestaurarImagen', {
      nfn: 'RestaurarImagen',
      dsk: '1',
      par: '2',
      nci: 'logical',
      ipr: repo.address,
      method: 'unicast-direct',
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^par 2 is an extended partition/);
  });

  it('che=1 keeps the CACHE of the requested size in place, its cached images intact, and lays the rest around it', async () => {
    await inCache((dir) => writeFile(join(dir, 'kept.img'), 'cached image bytes\n'));
    const cacheBefore = (await partitions()).find((p) => p.partition === 4)!;
    const { view, fin } = await job('Configurar', {
      dsk: '1',
      che: '1',
      tch: KiB(150),
      cfg: [
        { par: '1', cpt: 'NTFS', sfi: 'NTFS', tam: KiB(200) },
        { par: '2', cpt: 'LINUX', sfi: 'EXT4', tam: KiB(150) },
        { par: '4', cpt: 'CACHE', sfi: 'CACHE', tam: KiB(150), ope: '1' },
      ],
    });
    expect(view).toMatchObject({ state: 'success', error: null });
    const parts = fin.result.disks![0].partitions;
    expect(parts.map((p) => [p.partition, p.code, p.filesystem])).toEqual([
      [1, '7', 'NTFS'],
      [2, '83', 'EXT4'],
      [4, 'ca', 'CACHE'],
    ]);
    expect(parts[2]).toMatchObject({ startSector: cacheBefore.startSector, sizeBytes: cacheBefore.sizeBytes });
    expect(fin.result.cacheKept).toBe(true);
    expect(await inCache((dir) => readdir(dir))).toEqual(['kept.img']);
  });

  it('che=1 refuses a layout that would overlap the kept CACHE, before writing anything', async () => {
    const before = await run('sfdisk', ['--dump', disk.device]);
    const res = await agent.call('POST', '/CloningEngine/Configurar', {
      nfn: 'Configurar',
      dsk: '1',
      che: 1,
      cfg: [
        { par: '1', cpt: 'LINUX', sfi: 'EXT4', tam: KiB(420) },
        { par: '4', cpt: 'CACHE', sfi: 'CACHE', tam: KiB(150) },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^tam: par 1 .*would overlap the kept par 4/);
    expect(await run('sfdisk', ['--dump', disk.device])).toBe(before);
    expect(await inCache((dir) => readdir(dir))).toEqual(['kept.img']);
  });

  it('che=0 makes the CACHE anew: the cached image is gone', async () => {
    const { view, fin } = await job('Configurar', {
      dsk: '1',
      che: '0',
      cfg: [
        { par: '1', cpt: 'LINUX', sfi: 'EXT4', tam: KiB(200) },
        { par: '4', cpt: 'CACHE', sfi: 'CACHE', tam: KiB(150) },
      ],
    });
    expect(view).toMatchObject({ state: 'success', error: null });
    expect(fin.result.cacheKept).toBeUndefined();
    expect((await partitions()).map((p) => [p.partition, p.filesystem])).toEqual([
      [1, 'EXT4'],
      [4, 'CACHE'],
    ]);
    expect(await inCache((dir) => readdir(dir))).toEqual([]);
  });

  it('che=1 keeps the CACHE in place when the disk becomes GPT (8300 named CACHE), its images intact', async () => {
    await inCache((dir) => writeFile(join(dir, 'again.img'), 'more cached bytes\n'));
    const cacheBefore = (await partitions()).find((p) => p.partition === 4)!;
    const { view, fin } = await job('Configurar', {
      dsk: '1',
      ttp: 'GPT',
      che: '1',
      cfg: [
        { par: '1', cpt: 'EFI', sfi: 'FAT32', tam: KiB(100) },
        { par: '2', cpt: 'LINUX', sfi: 'EXT4', tam: KiB(90) },
        { par: '4', cpt: 'CACHE', sfi: 'CACHE', tam: KiB(150) },
      ],
    });
    expect(view).toMatchObject({ state: 'success', error: null });
    const d = fin.result.disks![0];
    expect(d.tableType).toBe('GPT');
    expect(d.partitions.map((p) => [p.partition, p.code, p.filesystem])).toEqual([
      [1, 'ef00', 'FAT32'],
      [2, '8300', 'EXT4'],
      [4, '8300', 'CACHE'],
    ]);
    expect(d.partitions[2]).toMatchObject({ startSector: cacheBefore.startSector, sizeBytes: cacheBefore.sizeBytes });
    const sf = JSON.parse(await run('sfdisk', ['--json', disk.device])).partitiontable;
    expect(sf.partitions.find((p: { node: string }) => p.node === disk.partition(4)).name).toBe('CACHE');
    expect((await run('blkid', ['-p', '-o', 'value', '-s', 'PTTYPE', disk.device])).trim()).toBe('gpt');
    expect(await inCache((dir) => readdir(dir))).toEqual(['again.img']);
  });

  it('che=1 with tch and no CACHE entry in cfg keeps the CACHE under its own number', async () => {
    const { view, fin } = await job('Configurar', {
      dsk: '1',
      ttp: 'GPT',
      che: '1',
      tch: KiB(150),
      cfg: [{ par: '1', cpt: 'LINUX', sfi: 'EXT4', tam: KiB(180) }],
    });
    expect(view).toMatchObject({ state: 'success', error: null });
    expect(fin.result.disks![0].partitions.map((p) => [p.partition, p.filesystem])).toEqual([
      [1, 'EXT4'],
      [4, 'CACHE'],
    ]);
    expect(await inCache((dir) => readdir(dir))).toEqual(['again.img']);
  });
});
