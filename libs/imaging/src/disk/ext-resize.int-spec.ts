import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, VirtualDisk } from '@og/testing';
import { mountDevice, unmount } from './mounts';
import { extFilesystemBytes, growExtFilesystem, shrinkExtFilesystem } from './partitioning';

/** Block count, block size (bytes) and last check time (seconds) of an ext filesystem, from `dumpe2fs -h`. */
async function superblock(device: string): Promise<{ blocks: number; blockSize: number; lastChecked: number }> {
  const out = await run('dumpe2fs', ['-h', device]);
  const blocks = Number(/^Block count:\s+(\d+)/m.exec(out)?.[1]);
  const blockSize = Number(/^Block size:\s+(\d+)/m.exec(out)?.[1]);
  const lastChecked = Date.parse(/^Last checked:\s+(.+)$/m.exec(out)?.[1] ?? '') / 1000;
  return { blocks, blockSize, lastChecked };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('shrinking an ext filesystem for a capture and growing it back', () => {
  let disk: VirtualDisk;
  let part: string;
  let full: number;

  beforeAll(async () => {
    disk = await VirtualDisk.create(96 * 1024 * 1024);
    await disk.writeTable('label: dos\nstart=2048, size=180000, type=83\n');
    part = disk.partition(1);
  });

  beforeEach(async () => {
    await run('mkfs.ext4', ['-F', '-q', part]);
    full = (await superblock(part)).blocks;
  });

  afterAll(async () => {
    await disk?.destroy();
  });

  it('grows a filesystem checked by the shrink back to its partition without checking it again', async () => {
    await shrinkExtFilesystem(part);
    const shrunk = await superblock(part);
    expect(shrunk.blocks).toBeLessThan(full);
    await sleep(1100); // a second check would move "Last checked" forward
    await growExtFilesystem(part, { checked: true });
    const grown = await superblock(part);
    expect(grown.blocks).toBe(full);
    expect(grown.lastChecked).toBe(shrunk.lastChecked);
    await run('e2fsck', ['-fn', part]);
  });

  it('checks it first after all when it was mounted since the shrink (resize2fs refuses it unchecked)', async () => {
    await shrinkExtFilesystem(part);
    const shrunk = await superblock(part);
    await sleep(1100);
    const dir = await mkdtemp(join(tmpdir(), 'og-int-ext-resize-'));
    try {
      await mountDevice(part, dir);
      await unmount(dir);
    } finally {
      await rm(dir, { recursive: true });
    }
    await growExtFilesystem(part, { checked: true });
    const grown = await superblock(part);
    expect(grown.blocks).toBe(full);
    expect(grown.lastChecked).toBeGreaterThan(shrunk.lastChecked);
  });

  it('always checks before growing when not told the filesystem was checked (a restored partition)', async () => {
    await shrinkExtFilesystem(part);
    const shrunk = await superblock(part);
    await sleep(1100);
    await growExtFilesystem(part);
    const grown = await superblock(part);
    expect(grown.blocks).toBe(full);
    expect(grown.lastChecked).toBeGreaterThan(shrunk.lastChecked);
  });

  it('grows a filesystem smaller than its partition back to exactly its recorded size, not to the partition', async () => {
    await run('mkfs.ext4', ['-F', '-q', part, '60M']); // 60 MiB in a partition of ~88 MiB
    const before = await superblock(part);
    expect(before.blocks * before.blockSize).toBe(60 * 1024 * 1024);
    const recorded = await extFilesystemBytes(part);
    expect(recorded).toBe(60 * 1024 * 1024);
    await shrinkExtFilesystem(part);
    const shrunk = await superblock(part);
    expect(shrunk.blocks).toBeLessThan(before.blocks);
    await sleep(1100);
    await growExtFilesystem(part, { checked: true, sizeBytes: recorded });
    const grown = await superblock(part);
    expect(grown.blocks).toBe(before.blocks);
    expect(grown.blockSize).toBe(before.blockSize);
    expect(grown.lastChecked).toBe(shrunk.lastChecked); // still no second check
    await growExtFilesystem(part, { sizeBytes: recorded }); // the checking path grows to the size too
    expect((await superblock(part)).blocks).toBe(before.blocks);
    await run('e2fsck', ['-fn', part]);
  });

  it('refuses a size that is not a whole number of KiB before running anything', async () => {
    await expect(growExtFilesystem(part, { sizeBytes: 60 * 1024 * 1024 + 512 })).rejects.toMatchObject({
      stage: 'finish',
    });
    expect((await superblock(part)).blocks).toBe(full);
  });
});
