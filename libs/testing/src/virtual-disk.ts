import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './run';

/**
 * A sparse file attached to a loop device: a real block device for partitioning and imaging tests.
 * Partition nodes appear as `/dev/loopNpK` after `refreshPartitions()`.
 */
export class VirtualDisk {
  private constructor(
    /** `/dev/loopN`. */
    public readonly device: string,
    /** Backing file path. */
    public readonly file: string,
    private readonly dir: string,
  ) {}

  /**
   * Creates a sparse file of `sizeBytes` and attaches it.
   * @param sectorSize logical sector size, 512 or 4096.
   */
  static async create(sizeBytes: number, opts: { sectorSize?: 512 | 4096; dir?: string } = {}): Promise<VirtualDisk> {
    const dir = await mkdtemp(join(opts.dir ?? tmpdir(), 'og-vdisk-'));
    const file = join(dir, 'disk.img');
    await run('truncate', ['-s', String(sizeBytes), file]);
    const args = ['-f', '--show'];
    if (opts.sectorSize === 4096) args.push('-b', '4096');
    const device = (await run('losetup', [...args, file])).trim();
    const disk = new VirtualDisk(device, file, dir);
    await disk.refreshPartitions();
    return disk;
  }

  /** Writes a partition table from an sfdisk script (`label: dos\nstart=2048, size=…, type=83\n`) and re-reads it. */
  async writeTable(sfdiskScript: string): Promise<void> {
    await run('sfdisk', ['-q', this.device], { input: sfdiskScript });
    await this.refreshPartitions();
  }

  /** Partition node `/dev/loopNpK`. */
  partition(n: number): string {
    return `${this.device}p${n}`;
  }

  /** Drops stale partition nodes and re-reads the table (`partx -d` then `partx -a`), as STACK.md advises. */
  async refreshPartitions(): Promise<void> {
    await run('partx', ['-d', this.device]).catch(() => undefined);
    await run('partx', ['-a', this.device]).catch(() => undefined);
  }

  /** Unmounts anything on the disk, detaches the loop device and deletes the file. Never throws. */
  async destroy(): Promise<void> {
    const mounts = await run('findmnt', ['-rn', '-o', 'TARGET,SOURCE']).catch(() => '');
    for (const line of mounts.split('\n')) {
      const [target, source] = line.split(' ');
      if (source?.startsWith(this.device)) await run('umount', ['-l', target]).catch(() => undefined);
    }
    await run('partx', ['-d', this.device]).catch(() => undefined);
    await run('losetup', ['-d', this.device]).catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }
}
