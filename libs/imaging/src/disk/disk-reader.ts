import { readFile, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import type { DiskLayout, PartitionLayout } from '@og/contracts';
import { runTool } from '../process/run-tool';
import { filesystemName, parseKeyValueLines, usedBytesFromDumpe2fs } from './filesystem-names';
import { withFilesystemRoot } from './mounts';
import { parseSfdiskJson, SfdiskJson } from './sfdisk-layout';

/** Options of {@link readDiskLayout}. */
export interface ReadDiskOptions {
  /** Devices being written right now: reported from the table only (no blkid, mount or dumpe2fs). */
  busyDevices?: ReadonlySet<string>;
  /** Mount unmounted filesystems read-only to find the OS name (default true). */
  probeOs?: boolean;
}

/** Disk size in bytes and logical sector size in bytes (`blockdev --getsize64 --getss`). */
export async function readDiskGeometry(device: string): Promise<{ sizeBytes: number; sectorSize: number }> {
  const { stdout } = await runTool('blockdev', ['--getsize64', '--getss', device]);
  const [size, ss] = stdout.trim().split(/\s+/).map(Number);
  return { sizeBytes: size, sectorSize: ss };
}

/** `blkid -p -o export <dev>` fields (low-level probe, no cache); empty when nothing is found. */
export async function probeBlkid(device: string): Promise<Record<string, string>> {
  const out = await runTool('blkid', ['-p', '-o', 'export', device], { okCodes: [0, 2] }).catch(() => null);
  return out ? parseKeyValueLines(out.stdout) : {};
}

/**
 * Reads one disk: table with `sfdisk --json`, geometry with `blockdev`, each partition's filesystem with `blkid`,
 * used bytes with `dumpe2fs -h` (ext) or `statfs` of a mount, and the OS name from `/etc/os-release` (best effort).
 * @param diskNumber 1-based OpenGnsys disk number.
 */
export async function readDiskLayout(
  diskNumber: number,
  device: string,
  opts: ReadDiskOptions = {},
): Promise<DiskLayout> {
  const geometry = await readDiskGeometry(device);
  const sf = await runTool('sfdisk', ['--json', device]).catch(() => null);
  const json = sf && sf.stdout.trim() ? (JSON.parse(sf.stdout) as SfdiskJson) : null;
  const layout = parseSfdiskJson(json, { disk: diskNumber, device, ...geometry });
  for (const p of layout.partitions) {
    if (opts.busyDevices?.has(p.device)) continue;
    await probePartition(p, opts.probeOs ?? true).catch(() => undefined);
  }
  return layout;
}

async function probePartition(p: PartitionLayout, probeOs: boolean): Promise<void> {
  const blkid = await probeBlkid(p.device);
  p.filesystem = filesystemName(blkid);
  const type = (blkid.TYPE ?? '').toLowerCase();
  if (!type || type === 'swap') return;
  if (/^ext[234]$/.test(type)) {
    const dump = await runTool('dumpe2fs', ['-h', p.device]).catch(() => null);
    p.usedBytes = dump ? usedBytesFromDumpe2fs(dump.stdout) : null;
  }
  if (p.filesystem === 'CACHE' || !probeOs) return;
  const inspect = async (dir: string) => {
    if (p.usedBytes === null) {
      const s = await statfs(dir);
      p.usedBytes = (s.blocks - s.bfree) * s.bsize;
    }
    p.os = await osName(dir);
  };
  await withFilesystemRoot(p.device, type, inspect);
}

async function osName(root: string): Promise<string> {
  for (const rel of ['etc/os-release', 'usr/lib/os-release']) {
    const text = await readFile(join(root, rel), 'utf8').catch(() => null);
    if (text) return parseKeyValueLines(text).PRETTY_NAME ?? '';
  }
  return '';
}
