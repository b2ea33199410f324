import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, VirtualDisk } from '@og/testing';
import { mountDevice, mountpointsOf, unmount, withFilesystemRoot, withReadOnlyMount } from './mounts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('read-only probe mounts of one partition', () => {
  let disk: VirtualDisk;
  let part: string;

  beforeAll(async () => {
    disk = await VirtualDisk.create(64 * 1024 * 1024);
    await disk.writeTable('label: dos\nstart=2048, size=100000, type=83\n');
    part = disk.partition(1);
    await run('mkfs.ext4', ['-F', '-q', part]);
    const dir = await mkdtemp(join(tmpdir(), 'og-int-mounts-'));
    await mountDevice(part, dir);
    await mkdir(join(dir, 'etc'));
    await writeFile(join(dir, 'etc/os-release'), 'PRETTY_NAME="Probe Linux"\n');
    await unmount(dir);
    await rm(dir, { recursive: true });
  });

  afterAll(async () => {
    await disk?.destroy();
  });

  it("never borrows another probe's temporary mount that is unmounted underneath it", async () => {
    const slowProbe = withReadOnlyMount(part, 'ext4', async () => sleep(300));
    await sleep(100); // the slow probe's mount is up now
    const reader = withFilesystemRoot(part, 'ext4', async (root) => {
      await sleep(400); // past the slow probe's unmount
      return readFile(join(root, 'etc/os-release'), 'utf8');
    });
    await slowProbe;
    await expect(reader).resolves.toContain('Probe Linux');
    expect(await mountpointsOf(part)).toEqual([]);
  });

  it('reads where the operator mounted the partition, and leaves that mount alone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'og-int-mounts-user-'));
    await mountDevice(part, dir, 'ro');
    try {
      const seen = await withFilesystemRoot(part, 'ext4', async (root) => root);
      expect(seen).toBe(dir);
      expect(await mountpointsOf(part)).toEqual([dir]);
    } finally {
      await unmount(dir);
      await rm(dir, { recursive: true });
    }
  });

  it('a failing probe does not block the next one', async () => {
    await expect(withReadOnlyMount(part, 'ext4', async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    await expect(withFilesystemRoot(part, 'ext4', async () => 'next')).resolves.toBe('next');
  });
});
