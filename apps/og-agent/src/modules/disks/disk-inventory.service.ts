import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { DiskLayout, PartitionLayout } from '@og/contracts';
import { DomainException } from '@og/nest-common';
import { discoverFixedDisks, isMounted, readDiskLayout } from '@og/imaging';
import { AGENT_CONFIG, AgentConfig } from '@agent/config/env';

/**
 * The PC's disks as OpenGnsys numbers them (disk 1 = first of OG_AGENT_DISKS, or first fixed disk from lsblk),
 * read fresh on every call.
 */
@Injectable()
export class DiskInventory {
  /** Partition devices a job is writing: layout reads skip probing them. */
  private readonly busy = new Set<string>();
  /** Layout reads in flight: they may hold short read-only mounts (OS probe) a job must not mistake for a user's. */
  private readonly reads = new Set<Promise<unknown>>();

  constructor(@Inject(AGENT_CONFIG) private readonly config: AgentConfig) {}

  /** Disk devices, disk 1 first. */
  async devices(): Promise<string[]> {
    return this.config.disks ?? (await discoverFixedDisks());
  }

  /**
   * Device of disk `dsk` (1-based).
   * @throws DomainException 400 `DISK_NOT_FOUND` naming `dsk`.
   */
  async device(dsk: number): Promise<string> {
    const all = await this.devices();
    const dev = all[dsk - 1];
    if (!dev)
      throw new DomainException(
        'DISK_NOT_FOUND',
        `dsk ${dsk}: this agent has ${all.length} disk(s)`,
        HttpStatus.BAD_REQUEST,
      );
    return dev;
  }

  /** Layout of every disk. @param probeOs mount unmounted filesystems read-only to find the OS (default true). */
  async readAll(probeOs = true): Promise<DiskLayout[]> {
    return this.tracked(this.readAllNow(probeOs));
  }

  private async readAllNow(probeOs: boolean): Promise<DiskLayout[]> {
    const devices = await this.devices();
    const layouts: DiskLayout[] = [];
    for (const [i, dev] of devices.entries())
      layouts.push(await readDiskLayout(i + 1, dev, { busyDevices: this.busy, probeOs }));
    return layouts;
  }

  /** Layout of disk `dsk`. @throws DomainException 400 `DISK_NOT_FOUND`. */
  async read(dsk: number, probeOs = false): Promise<DiskLayout> {
    return readDiskLayout(dsk, await this.device(dsk), { busyDevices: this.busy, probeOs });
  }

  /**
   * Partition `par` of disk `dsk` with its filesystem.
   * @throws DomainException 400 `PARTITION_NOT_FOUND` naming `par`.
   */
  async partition(dsk: number, par: number): Promise<PartitionLayout> {
    const disk = await this.read(dsk);
    const p = disk.partitions.find((x) => x.partition === par);
    if (!p)
      throw new DomainException(
        'PARTITION_NOT_FOUND',
        `par ${par}: disk ${dsk} (${disk.device}) has no partition ${par}`,
        HttpStatus.BAD_REQUEST,
      );
    return p;
  }

  /** The CACHE partition (ext filesystem labelled CACHE) on any disk, or null. */
  async findCache(): Promise<PartitionLayout | null> {
    for (const disk of await this.readAll(false)) {
      const cache = disk.partitions.find((p) => p.filesystem === 'CACHE');
      if (cache) return cache;
    }
    return null;
  }

  /** True when `device` is mounted (by someone else than a layout read of this agent, which is waited for). */
  async isMounted(device: string): Promise<boolean> {
    await this.quiesce();
    return isMounted(device);
  }

  /** Marks devices as being written while `fn` runs (after layout reads in flight have released their mounts). */
  async whileBusy<T>(devices: string[], fn: () => Promise<T>): Promise<T> {
    for (const d of devices) this.busy.add(d);
    try {
      await this.quiesce();
      return await fn();
    } finally {
      for (const d of devices) this.busy.delete(d);
    }
  }

  private tracked<T>(read: Promise<T>): Promise<T> {
    this.reads.add(read);
    const forget = () => this.reads.delete(read);
    read.then(forget, forget);
    return read;
  }

  private async quiesce(): Promise<void> {
    while (this.reads.size) await Promise.allSettled([...this.reads]);
  }
}
