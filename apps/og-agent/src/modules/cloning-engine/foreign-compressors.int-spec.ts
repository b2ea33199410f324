import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatCache } from '@og/imaging';
import { run, VirtualDisk } from '@og/testing';
import { AgentRig } from '@agent/testing/agent-rig';
import { RepositoryPeer } from '@agent/testing/repository-peer';
import { treeHashes } from '@agent/testing/tree-hashes';

const MiB = 1024 * 1024;

/**
 * Images made by other tools (OpenGnsys 1.x: partclone | lzop; FOG: pigz; Clonezilla: gzip, xz, bzip2), placed in
 * the repository as they are: RestaurarImagen must find their compressor from their first bytes.
 */
describe('RestaurarImagen of partclone images compressed by other tools (real gzip, lzop, xz, bzip2)', () => {
  let disk: VirtualDisk;
  let repo: RepositoryPeer;
  let rig: AgentRig;
  let sourceHashes: string;

  beforeAll(async () => {
    disk = await VirtualDisk.create(400 * MiB);
    await run('sfdisk', ['-q', disk.device], {
      input:
        'label: dos\nunit: sectors\n\nstart=2048, size=204800, type=83\nstart=206848, size=262144, type=83\nstart=468992, size=20480, type=83\nstart=489472, size=245760, type=ca\n',
    });
    await disk.refreshPartitions();
    await run('mkfs.ext4', ['-F', '-q', disk.partition(1)]);
    await formatCache(disk.partition(4));
    const dir = await mkdtemp(join(tmpdir(), 'og-int-foreign-'));
    await run('mount', [disk.partition(1), dir]);
    try {
      await run('sh', [
        '-c',
        `head -c 4M /dev/urandom > '${dir}/random.bin' && mkdir '${dir}/data' && seq 1 200000 > '${dir}/data/numbers' && cp /etc/os-release '${dir}/data/'`,
      ]);
    } finally {
      await run('umount', [dir]);
      await rm(dir, { recursive: true, force: true });
    }
    sourceHashes = await treeHashes(disk.partition(1));
    rig = await AgentRig.start([disk.device], { mac: '08:00:27:4f:be:71', name: 'pc-foreign' });
    ({ repo } = rig);
  });

  afterAll(async () => {
    await rig?.stop();
    await disk?.destroy();
  });

  const job = (nfn: string, body: Record<string, unknown>) => rig.job(nfn, body);

  it.each([
    { compressor: 'GZIP', pipe: 'gzip -c', method: 'unicast-direct' },
    { compressor: 'GZIP', pipe: 'pigz -c', method: 'unicast' },
    { compressor: 'LZOP', pipe: 'lzop -c', method: 'unicast-direct' },
    { compressor: 'LZOP', pipe: 'lzop -1 -c', method: 'unicast' },
    { compressor: 'XZ', pipe: 'xz -c -T0', method: 'unicast-direct' },
    { compressor: 'BZIP2', pipe: 'bzip2 -c', method: 'unicast-direct' },
  ])('restores `partclone.ext4 -c | $pipe` ($method) into a larger partition, every file equal', async (c) => {
    const name = `foreign-${c.pipe.split(' ')[0]}-${c.method}`;
    await run('bash', [
      '-c',
      `set -o pipefail; partclone.ext4 -c -q -s ${disk.partition(1)} -o - | ${c.pipe} > '${repo.imagePath(name)}'`,
    ]);
    // An empty target: a restore that wrote nothing cannot pass for one that did.
    await run('wipefs', ['-a', '-q', disk.partition(2)]);
    const { view, fin } = await job('RestaurarImagen', {
      dsk: '1',
      par: '2',
      nci: name,
      ipr: repo.address,
      method: c.method,
    });
    expect(view).toMatchObject({ state: 'success', error: null });
    expect(fin.result.imageInfo).toMatchObject({ tool: 'PARTCLONE', compressor: c.compressor, filesystem: 'EXTFS' });
    expect(fin.result.method).toBe(c.method === 'unicast' ? 'UNICAST-CACHE' : 'UNICAST-DIRECT');
    expect(await treeHashes(disk.partition(2))).toBe(sourceHashes);
    expect(fin.result.disks![0].partitions[1]).toMatchObject({ filesystem: 'EXT4', sizeBytes: 128 * MiB });
  });

  it('fails at stage check, writing nothing, for a compressed file that is not a partclone image', async () => {
    await run('sh', ['-c', `head -c 3M /dev/urandom | xz -c > '${repo.imagePath('not-partclone')}'`]);
    await run('mkfs.ext4', ['-F', '-q', disk.partition(3)]);
    const { view } = await job('RestaurarImagen', {
      dsk: '1',
      par: '3',
      nci: 'not-partclone',
      ipr: repo.address,
      method: 'unicast-direct',
    });
    expect(view).toMatchObject({ state: 'failed', stage: 'check' });
    expect((await run('blkid', ['-p', '-o', 'value', '-s', 'TYPE', disk.partition(3)])).trim()).toBe('ext4');
  });
});
