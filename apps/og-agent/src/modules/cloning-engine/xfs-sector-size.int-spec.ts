import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, VirtualDisk, withMounted } from '@og/testing';
import { AgentRig } from '@agent/testing/agent-rig';
import { RepositoryPeer } from '@agent/testing/repository-peer';
import { treeHashes } from '@agent/testing/tree-hashes';

const MiB = 1024 * 1024;
const KiB = (mib: number) => String(mib * 1024);

/** `sb_sectsize` of the XFS on `device`, as xfs_db reads it. */
async function xfsSectsize(device: string): Promise<number> {
  const out = await run('xfs_db', ['-r', '-c', 'sb 0', '-c', 'p sectsize', device]);
  return Number(/sectsize = (\d+)/.exec(out)![1]);
}

/**
 * RestaurarImagen of XFS images across logical sector sizes: an XFS made on 512-byte sectors cannot be mounted from a
 * disk with 4096-byte sectors, so that restore is refused before writing; the other direction restores.
 */
describe('og-agent restoring XFS images across 512- and 4096-byte logical sectors', () => {
  let disk512: VirtualDisk;
  let disk4k: VirtualDisk;
  let repo: RepositoryPeer;
  let rig: AgentRig;
  const hashes: Record<string, string> = {};

  beforeAll(async () => {
    disk512 = await VirtualDisk.create(800 * MiB);
    disk4k = await VirtualDisk.create(10700 * MiB, { sectorSize: 4096 });
    rig = await AgentRig.start([disk512.device, disk4k.device], { mac: '08:00:27:4f:be:91', name: 'pc-xfs-ss' });
    ({ repo } = rig);
  });

  afterAll(async () => {
    await rig?.stop();
    await disk512?.destroy();
    await disk4k?.destroy();
  });

  const job = (nfn: string, body: Record<string, unknown>) => rig.job(nfn, body);

  it('captures an XFS of each disk: sb_sectsize 512 on the 512-byte-sector disk, 4096 on the 4K one', async () => {
    for (const [dsk, disk, nci, sectsize] of [
      ['1', disk512, 'xfs-512', 512],
      ['2', disk4k, 'xfs-4k', 4096],
    ] as const) {
      const configured = await job('Configurar', {
        dsk,
        cfg: [
          { par: '1', cpt: 'LINUX', sfi: 'XFS', tam: KiB(300) },
          { par: '2', cpt: 'LINUX', sfi: 'EXT4', tam: KiB(340) },
          ...(dsk === '2' ? [{ par: '3', cpt: 'LINUX', sfi: 'EXT4', tam: KiB(9300) }] : []),
        ],
      });
      expect(configured.view).toMatchObject({ state: 'success', error: null });
      expect(await xfsSectsize(disk.partition(1))).toBe(sectsize);
      await withMounted(disk.partition(1), false, (dir) =>
        run('sh', ['-c', `head -c 3M /dev/urandom > '${dir}/blob' && seq 1 20000 > '${dir}/n.txt'`]),
      );
      hashes[nci] = await treeHashes(disk.partition(1));
      const { view, fin } = await job('CrearImagen', { dsk, par: '1', nci, ipr: repo.address });
      expect(view).toMatchObject({ state: 'success', error: null });
      expect(fin.result.imageInfo).toMatchObject({ tool: 'PARTCLONE', filesystem: 'XFS' });
    }
  });

  it.each(['unicast-direct', 'unicast'])(
    'refuses (%s) the 512-sector XFS image onto the 4096-sector disk at stage check, naming both sizes, writing nothing',
    async (method) => {
      await run('mkfs.ext4', ['-q', '-F', '-L', 'marker', disk4k.partition(2)]);
      await withMounted(disk4k.partition(2), false, (dir) =>
        run('sh', ['-c', `echo untouched > '${join(dir, 'marker')}'`]),
      );
      const { view, fin } = await job('RestaurarImagen', {
        dsk: '2',
        par: '2',
        nci: 'xfs-512',
        ipr: repo.address,
        method,
      });
      expect(view).toMatchObject({ state: 'failed', stage: 'check' });
      expect(view.error).toContain('512-byte sectors');
      expect(view.error).toContain('4096-byte logical sectors');
      expect(fin).toMatchObject({ status: 'failed', stage: 'check' });
      expect((await run('blkid', ['-p', '-o', 'value', '-s', 'TYPE', disk4k.partition(2)])).trim()).toBe('ext4');
      const marker = await withMounted(disk4k.partition(2), true, (dir) => run('cat', [join(dir, 'marker')]));
      expect(marker.trim()).toBe('untouched');
    },
  );

  it('refuses a 512-sector XFS image whose superblock lies past the 1 MiB head, reading on from the repository', async () => {
    // 1 KiB blocks on 9 GiB: a 1.2 MB bitmap, and no compression, so block 0 starts after the first MiB of the file.
    const dir = await mkdtemp(join(tmpdir(), 'og-int-xfs-big-'));
    try {
      const fs = join(dir, 'xfs.fs');
      await run('truncate', ['-s', '9G', fs]);
      await run('mkfs.xfs', ['-q', '-f', '-b', 'size=1024', '-s', 'size=512', fs]);
      await run('sh', ['-c', `partclone.xfs -c -s '${fs}' -o '${repo.imagePath('xfs-big')}' -L /dev/null >/dev/null`]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    await run('mkfs.ext4', ['-q', '-F', '-L', 'marker', disk4k.partition(3)]);
    const before = repo.requests.length;
    const { view } = await job('RestaurarImagen', {
      dsk: '2',
      par: '3',
      nci: 'xfs-big',
      ipr: repo.address,
      method: 'unicast-direct',
    });
    expect(view).toMatchObject({ state: 'failed', stage: 'check' });
    expect(view.error).toContain('512-byte sectors');
    expect(view.error).toContain('4096-byte logical sectors');
    const gets = repo.requests.slice(before).filter((r) => r.method === 'GET' && r.url.endsWith('/xfs-big/file'));
    expect(gets.map((r) => r.range)).toEqual(['bytes=0-1048575', null]);
    expect((await run('blkid', ['-p', '-o', 'value', '-s', 'LABEL', disk4k.partition(3)])).trim()).toBe('marker');
  });

  it('restores the 4096-sector XFS image onto the 512-sector disk: mountable, every file equal', async () => {
    const { view } = await job('RestaurarImagen', {
      dsk: '1',
      par: '2',
      nci: 'xfs-4k',
      ipr: repo.address,
      method: 'unicast-direct',
    });
    expect(view).toMatchObject({ state: 'success', error: null });
    expect(await xfsSectsize(disk512.partition(2))).toBe(4096);
    expect(await treeHashes(disk512.partition(2))).toBe(hashes['xfs-4k']);
  });
});
