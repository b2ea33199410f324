import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, VirtualDisk } from '@og/testing';
import { growNtfsFilesystem, shrinkNtfsFilesystem } from './partitioning';

const MiB = 1024 * 1024;

/** Volume size in bytes (`ntfsresize --info`) and cluster count (`ntfsinfo -m`) of an NTFS volume. */
async function volume(device: string): Promise<{ bytes: number; clusters: number }> {
  const info = await run('ntfsresize', ['--info', '--force', '--no-progress-bar', device]);
  const bytes = Number(/Current volume size: (\d+) bytes/.exec(info)?.[1]);
  const clusters = Number(/Volume Size in Clusters: (\d+)/.exec(await run('ntfsinfo', ['-m', '-f', device]))?.[1]);
  return { bytes, clusters };
}

describe('shrinking an NTFS volume for a capture and growing it back', () => {
  let disk: VirtualDisk;
  let part: string;
  const partitionSectors = 180_000; // ~88 MiB

  beforeAll(async () => {
    disk = await VirtualDisk.create(96 * MiB);
    await disk.writeTable(`label: dos\nstart=2048, size=${partitionSectors}, type=7\n`);
    part = disk.partition(1);
  });

  afterAll(async () => {
    await disk?.destroy();
  });

  it('grows a volume smaller than its partition back to exactly its size before the shrink', async () => {
    await run('mkntfs', ['-f', '-q', part, String(120_000)]); // ~59 MiB of the ~88 MiB partition
    const before = await volume(part);
    expect(before.bytes).toBeLessThan(60 * MiB);
    const shrink = await shrinkNtfsFilesystem(part, partitionSectors * 512);
    expect(shrink).toEqual({ shrunk: true, volumeBytes: before.bytes });
    expect((await volume(part)).clusters).toBeLessThan(before.clusters);
    await growNtfsFilesystem(part, shrink.volumeBytes);
    expect(await volume(part)).toEqual(before);
  });

  it('leaves alone a volume already too full to shrink, even when its partition is much larger', async () => {
    await run('mkntfs', ['-f', '-q', part, String(40_960)]); // 20 MiB holding 17 MiB: its minimum + 10 % is larger
    const dir = await mkdtemp(join(tmpdir(), 'og-int-ntfs-resize-'));
    try {
      await run('ntfs-3g', [part, dir]);
      try {
        await run('sh', ['-c', `head -c 17M /dev/urandom > '${dir}/full.bin'`]);
      } finally {
        await run('umount', [dir]);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const before = await volume(part);
    const shrink = await shrinkNtfsFilesystem(part, partitionSectors * 512);
    expect(shrink).toEqual({ shrunk: false, volumeBytes: before.bytes });
    expect(await volume(part)).toEqual(before);
  });

  it('still grows a volume to fill its partition without a size (a restore)', async () => {
    await run('mkntfs', ['-f', '-q', part, String(120_000)]);
    const before = await volume(part);
    await growNtfsFilesystem(part);
    const grown = await volume(part);
    expect(grown.clusters).toBeGreaterThan(before.clusters);
    expect(grown.bytes).toBeGreaterThan(partitionSectors * 512 - MiB);
    expect(grown.bytes).toBeLessThanOrEqual(partitionSectors * 512);
  });
});
