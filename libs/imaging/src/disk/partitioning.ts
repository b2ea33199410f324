import { access, mkdir, mkdtemp, open, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CONFIGURAR_FILESYSTEMS } from '@og/contracts';
import { runTool } from '../process/run-tool';
import { ImagingError } from '../process/tool-error';
import { gptSgdiskArgs, isExtendedCode, msdosSfdiskScript, PlannedPartition } from './msdos-plan';
import { mountDevice, unmount } from './mounts';
import { partitionNode } from './sfdisk-layout';

/** Folder inside the CACHE filesystem where cached images live (OpenGnsys `$OGCAC$OGIMG`). */
export const CACHE_IMAGES_DIR = 'opt/opengnsys/images';
/** Filesystem label that marks the CACHE partition. Wire contract (OpenGnsys). */
export const CACHE_LABEL = 'CACHE';

/**
 * Writes an MSDOS table with sfdisk (signatures of the old table wiped), wipes the signatures inside each new
 * partition except kept ones (`keepAtSector`: an existing CACHE kept by `che=1`) and the extended container (its
 * first sector is the first EBR), then makes the kernel see it ({@link refreshPartitionNodes}).
 * @throws ImagingError stage `partition` with sfdisk's or wipefs' stderr.
 */
export async function writeMsdosTable(device: string, planned: PlannedPartition[]): Promise<void> {
  const keeps = planned.some((p) => p.keepAtSector !== undefined);
  await wipeDiskSignatures(device, !keeps);
  await runTool(
    'sfdisk',
    ['--no-reread', '--no-tell-kernel', '-q', '--wipe', 'always', '--wipe-partitions', 'never', device],
    { input: msdosSfdiskScript(planned), stage: 'partition' },
  );
  await refreshPartitionNodes(
    device,
    planned.map((p) => p.par),
  );
  for (const p of planned) {
    if (p.keepAtSector === undefined && !isExtendedCode(p.code))
      await runTool('wipefs', ['-a', '-q', p.node], { stage: 'partition' });
  }
}

/**
 * Removes every partition-table signature of a whole disk before a new table is written, so that an MBR left
 * behind a GPT (or GPT headers, primary and backup, left behind an MBR) cannot survive: `wipefs -a` of the disk,
 * then `sgdisk --zap-all` (its exit code is ignored: it complains about the tables it destroys).
 * @param zap also run `sgdisk --zap-all`, which zeroes the last 33 sectors of the disk whatever they hold: false
 *   when a partition is kept, which may reach the disk's end (wipefs alone erases the GPT headers' magic).
 * @throws ImagingError stage `partition` when wipefs fails.
 */
export async function wipeDiskSignatures(device: string, zap = true): Promise<void> {
  await runTool('partx', ['-d', device], { okCodes: [0, 1] }).catch(() => undefined);
  await runTool('wipefs', ['-a', '-q', '-f', device], { stage: 'partition' });
  if (zap) await runTool('sgdisk', ['--zap-all', device], { stage: 'partition', okCodes: [0, 1, 2, 3, 4] });
}

/**
 * Writes a GPT table with sgdisk: old tables zapped ({@link wipeDiskSignatures}), a fresh GPT (`-o`), each partition
 * at its planned 1 MiB-aligned sectors with its gdisk type code and name (the CACHE is `8300` named `CACHE`), the
 * signatures inside the new partitions wiped except kept ones (`keepAtSector`), then the kernel told
 * ({@link refreshPartitionNodes}).
 * @throws ImagingError stage `partition` with sgdisk's stderr.
 */
export async function writeGptTable(device: string, planned: PlannedPartition[]): Promise<void> {
  const keeps = planned.some((p) => p.keepAtSector !== undefined);
  await wipeDiskSignatures(device, !keeps);
  await runTool('sgdisk', ['-o', '-a', '1', ...gptSgdiskArgs(planned), device], { stage: 'partition' });
  await refreshPartitionNodes(
    device,
    planned.map((p) => p.par),
  );
  for (const p of planned) {
    if (p.keepAtSector === undefined) await runTool('wipefs', ['-a', '-q', p.node], { stage: 'partition' });
  }
}

/**
 * Drops stale partition nodes and re-reads the table (`partx -d` then `partx -a`, `partprobe` as a fallback),
 * then waits until `/dev/<disk>[p]N` exists for every expected number and `partx -g` lists exactly them.
 * @throws ImagingError stage `partition` when the nodes do not appear within 15 s.
 */
export async function refreshPartitionNodes(device: string, expected: number[]): Promise<void> {
  await runTool('partx', ['-d', device], { okCodes: [0, 1] }).catch(() => undefined);
  const added = await runTool('partx', ['-a', device], { okCodes: [0, 1] }).catch(() => null);
  if (!added || added.exitCode !== 0) await runTool('partprobe', [device]).catch(() => undefined);
  const deadline = Date.now() + 15_000;
  const want = [...expected].sort((a, b) => a - b).join(',');
  for (;;) {
    const listed = await runTool('partx', ['-g', '-o', 'NR', device], { okCodes: [0, 1] }).catch(() => null);
    const numbers = (listed?.stdout ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map(Number)
      .sort((a, b) => a - b);
    const nodes = await Promise.all(
      expected.map((n) =>
        access(partitionNode(device, n)).then(
          () => true,
          () => false,
        ),
      ),
    );
    if (numbers.join(',') === want && nodes.every(Boolean)) return;
    if (Date.now() > deadline) {
      throw new ImagingError(
        'partition',
        `partition nodes of ${device} did not appear (partx lists [${numbers.join(',')}], want [${want}])`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** `mkfs.ext4 -F -q [-L label] <dev>`. @throws ImagingError stage `format`. */
export async function formatExt4(device: string, label?: string): Promise<void> {
  await runTool('mkfs.ext4', ['-F', '-q', ...(label ? ['-L', label] : []), device], {
    stage: 'format',
    timeoutMs: 1_800_000,
  });
}

/** Removes filesystem signatures (`wipefs -a`), for partitions ordered `EMPTY`. @throws ImagingError stage `format`. */
export async function wipeFilesystem(device: string): Promise<void> {
  await runTool('wipefs', ['-a', '-q', device], { stage: 'format' });
}

/**
 * Makes `device` the CACHE: ext4 labelled `CACHE` with the `opt/opengnsys/images` folder inside
 * (OpenGnsys `initCache`). @throws ImagingError stage `format`.
 */
export async function formatCache(device: string): Promise<void> {
  await formatExt4(device, CACHE_LABEL);
  const dir = await mkdtemp(join(tmpdir(), 'og-cache-init-'));
  try {
    await mountDevice(device, dir).catch((err: Error) => {
      throw new ImagingError('format', `cannot mount the new CACHE ${device}: ${err.message}`);
    });
    try {
      await mkdir(join(dir, CACHE_IMAGES_DIR), { recursive: true });
    } finally {
      await unmount(dir);
    }
  } finally {
    await rmdir(dir).catch(() => undefined);
  }
}

/** Program each `sfi` of `Configurar` ({@link formatFilesystem}) runs, with its Debian package (null: nothing beyond wipefs). */
export const FORMAT_TOOLS: Readonly<Record<(typeof CONFIGURAR_FILESYSTEMS)[number], [string, string] | null>> = {
  EXT4: ['mkfs.ext4', 'e2fsprogs'],
  EXT3: ['mkfs.ext3', 'e2fsprogs'],
  EXT2: ['mkfs.ext2', 'e2fsprogs'],
  XFS: ['mkfs.xfs', 'xfsprogs'],
  BTRFS: ['mkfs.btrfs', 'btrfs-progs'],
  EXFAT: ['mkfs.exfat', 'exfatprogs'],
  NTFS: ['mkntfs', 'ntfs-3g'],
  FAT32: ['mkfs.vfat', 'dosfstools'],
  'LINUX-SWAP': ['mkswap', 'util-linux'],
  CACHE: ['mkfs.ext4', 'e2fsprogs'],
  EMPTY: null,
};

/**
 * Formats a partition as OpenGnsys `ogFormatFs` does: `mkfs.extN -F`, `mkfs.xfs -f`, `mkfs.btrfs -f`, `mkfs.exfat`,
 * `mkntfs -f -Q` (with the partition's start sector and a 255/63 geometry in its boot sector, so Windows can boot
 * from it), `mkfs.vfat -F 32`, `mkswap`, the CACHE ({@link formatCache}), or `EMPTY` = signatures wiped.
 * @param where the partition's first sector and the disk's logical sector size (for NTFS).
 * @throws ImagingError stage `format`.
 */
export async function formatFilesystem(
  device: string,
  sfi: string,
  where: { startSector: number; sectorSize: number },
): Promise<void> {
  const opts = { stage: 'format' as const, timeoutMs: 1_800_000 };
  switch (sfi.toUpperCase()) {
    case 'EXT4':
    case 'EXT3':
    case 'EXT2':
      await runTool(`mkfs.${sfi.toLowerCase()}`, ['-F', '-q', device], opts);
      return;
    case 'XFS':
      await runTool('mkfs.xfs', ['-f', '-q', device], opts);
      return;
    case 'BTRFS':
      await runTool('mkfs.btrfs', ['-f', '-q', device], opts);
      return;
    case 'EXFAT':
      await runTool('mkfs.exfat', [device], opts);
      return;
    case 'NTFS':
      await runTool(
        'mkntfs',
        [
          '-f',
          '-Q',
          '-q',
          '-p',
          String(where.startSector),
          '-H',
          '255',
          '-S',
          '63',
          '-s',
          String(where.sectorSize),
          device,
        ],
        opts,
      );
      return;
    case 'FAT32':
      await runTool(
        'mkfs.vfat',
        ['-F', '32', ...(where.sectorSize !== 512 ? ['-S', String(where.sectorSize)] : []), device],
        opts,
      );
      return;
    case 'LINUX-SWAP':
      await runTool('mkswap', ['-f', device], opts);
      return;
    case 'CACHE':
      await formatCache(device);
      return;
    case 'EMPTY':
      await wipeFilesystem(device);
      return;
    default:
      throw new ImagingError('format', `cannot format ${device} as ${sfi}`);
  }
}

/**
 * Sets the type of partition `n`: MSDOS id with `sfdisk --part-type`, GPT gdisk code with `sgdisk -t n:code`.
 * @throws ImagingError stage `finish`.
 */
export async function setPartitionType(
  device: string,
  n: number,
  code: string,
  tableType: 'MSDOS' | 'GPT' | 'NONE' = 'MSDOS',
): Promise<void> {
  if (tableType === 'GPT') {
    await runTool('sgdisk', ['-t', `${n}:${code}`, device], { stage: 'finish' });
    return;
  }
  await runTool('sfdisk', ['--no-reread', '--no-tell-kernel', '-q', '--part-type', device, String(n), code], {
    stage: 'finish',
  });
}

/**
 * Size in bytes of an ext filesystem from `dumpe2fs -h`: Block count × Block size (the filesystem's own size, which
 * may be smaller than its partition); null when either field is absent.
 */
export function extSizeBytesFromDumpe2fs(text: string): number | null {
  const count = /^Block count:\s+(\d+)/m.exec(text);
  const size = /^Block size:\s+(\d+)/m.exec(text);
  return count && size ? Number(count[1]) * Number(size[1]) : null;
}

/**
 * Size in bytes of the ext filesystem on `device` (Block count × Block size from `dumpe2fs -h`, which reads the
 * superblock only). A capture records it before {@link shrinkExtFilesystem} to grow the filesystem back to exactly
 * this size with {@link growExtFilesystem}.
 * @throws ImagingError stage `check` when dumpe2fs fails or prints no block count or block size.
 */
export async function extFilesystemBytes(device: string, signal?: AbortSignal): Promise<number> {
  const out = await runTool('dumpe2fs', ['-h', device], { stage: 'check', timeoutMs: 60_000, signal });
  const bytes = extSizeBytesFromDumpe2fs(out.stdout);
  if (bytes === null) throw new ImagingError('check', `dumpe2fs -h gave no block count or block size for ${device}`);
  return bytes;
}

/**
 * Shrinks an ext filesystem to its minimum before a capture (OpenGnsys `ogReduceFs`): `e2fsck -fy` (exit 0–2
 * accepted) then `resize2fs -M`, so the image records the smallest filesystem and restores into any partition large
 * enough for its data. Read its size first ({@link extFilesystemBytes}) and grow it back to that size with
 * {@link growExtFilesystem}.
 * @throws ImagingError stage `check`; ImagingCancelledError.
 */
export async function shrinkExtFilesystem(device: string, signal?: AbortSignal): Promise<void> {
  await runTool('e2fsck', ['-fy', device], { stage: 'check', okCodes: [0, 1, 2], timeoutMs: 1_800_000, signal });
  await runTool('resize2fs', ['-M', device], { stage: 'check', timeoutMs: 3_600_000, signal });
}

/**
 * Grows an ext filesystem: `e2fsck -fy` (exit 0–2 accepted: errors corrected) then `resize2fs`, to fill its partition
 * (a restore) or, with `sizeBytes`, to exactly that size (a capture: the model's filesystem as large as it was before
 * {@link shrinkExtFilesystem}, which may be smaller than its partition; passed as `resize2fs <dev> <sizeBytes/1024>K`).
 * With `checked` (the filesystem was checked by {@link shrinkExtFilesystem} and only read since, as in a capture),
 * `resize2fs` runs first without a second full check, as OpenGnsys' ogExtendFs does; resize2fs itself refuses a
 * filesystem that is marked with errors, not clean, or mounted since its last check, and then the check runs after all.
 * @param opts.sizeBytes the filesystem's size in bytes (Block count × Block size, as from {@link extFilesystemBytes}):
 *   a positive multiple of 1024 no larger than the partition.
 * @throws ImagingError stage `finish` when `sizeBytes` is not a positive multiple of 1024, or e2fsck or resize2fs
 *   fails (resize2fs refuses a size larger than the partition).
 */
export async function growExtFilesystem(
  device: string,
  opts: { checked?: boolean; sizeBytes?: number } = {},
): Promise<void> {
  const { sizeBytes } = opts;
  if (sizeBytes !== undefined && !(Number.isSafeInteger(sizeBytes) && sizeBytes > 0 && sizeBytes % 1024 === 0))
    throw new ImagingError('finish', `cannot grow ${device} to ${sizeBytes} bytes: not a positive multiple of 1 KiB`);
  const size = sizeBytes === undefined ? [] : [`${sizeBytes / 1024}K`];
  const grow = () => runTool('resize2fs', [device, ...size], { stage: 'finish', timeoutMs: 1_800_000 });
  if (
    opts.checked &&
    (await grow().then(
      () => true,
      () => false,
    ))
  )
    return;
  await runTool('e2fsck', ['-fy', device], { stage: 'finish', okCodes: [0, 1, 2], timeoutMs: 1_800_000 });
  await grow();
}

/**
 * Grows an XFS filesystem to fill its partition: mounted on a temporary directory (`nouuid`: a restored copy shares
 * its source's UUID), `xfs_growfs`, unmounted (OpenGnsys `ogExtendFs`; XFS grows only while mounted).
 * @throws ImagingError stage `finish`.
 */
export async function growXfsFilesystem(device: string): Promise<void> {
  await withFinishMount(device, 'nouuid', (dir) =>
    runTool('xfs_growfs', [dir], { stage: 'finish', timeoutMs: 600_000 }),
  );
}

/**
 * Grows a (single-device) btrfs filesystem to fill its partition: mounted on a temporary directory,
 * `btrfs filesystem resize max`, unmounted. @throws ImagingError stage `finish`.
 */
export async function growBtrfsFilesystem(device: string): Promise<void> {
  await withFinishMount(device, undefined, (dir) =>
    runTool('btrfs', ['filesystem', 'resize', 'max', dir], { stage: 'finish', timeoutMs: 600_000 }),
  );
}

async function withFinishMount(device: string, options: string | undefined, fn: (dir: string) => Promise<unknown>) {
  const dir = await mkdtemp(join(tmpdir(), 'og-grow-'));
  try {
    await mountDevice(device, dir, options).catch((err: Error) => {
      throw new ImagingError('finish', `cannot mount ${device} to grow it: ${err.message}`);
    });
    try {
      await fn(dir);
    } finally {
      await unmount(dir);
    }
  } finally {
    await rmdir(dir).catch(() => undefined);
  }
}

/** Minimum NTFS volume size in bytes from `ntfsresize --info` ("You might resize at N bytes"); null when absent. */
export function ntfsMinimumBytes(info: string): number | null {
  const m = /resize at (\d+) bytes/.exec(info);
  return m ? Number(m[1]) : null;
}

/**
 * Current NTFS volume size in bytes from `ntfsresize --info` ("Current volume size: N bytes": its clusters plus one
 * sector, which may be less than its partition); null when absent. `ntfsresize --size N` makes a volume of exactly
 * these clusters again.
 */
export function ntfsVolumeBytes(info: string): number | null {
  const m = /Current volume size: (\d+) bytes/.exec(info);
  return m ? Number(m[1]) : null;
}

/** What {@link shrinkNtfsFilesystem} did. */
export interface NtfsShrink {
  /** True when the volume was shrunk (grow it back with {@link growNtfsFilesystem}). */
  shrunk: boolean;
  /** The volume's size in bytes before the shrink, as `ntfsresize --info` reports it ({@link ntfsVolumeBytes}). */
  volumeBytes: number;
}

/**
 * Shrinks an NTFS volume before a capture (OpenGnsys `ogReduceFs`): its current and minimum sizes from
 * `ntfsresize --info`, the minimum plus 10 %, rounded up to a MiB, then `ntfsresize -f -s`; left alone when that would
 * not make it smaller than it is (nor than `currentBytes`).
 * ntfsresize marks the volume for a Windows chkdsk, so partclone.ntfs must then capture with `-I`.
 * @param currentBytes the partition's size in bytes.
 * @returns whether it was shrunk, and its size in bytes before (pass it to {@link growNtfsFilesystem} to grow it back
 *   to exactly that size). @throws ImagingError stage `check` (also when `--info` gives no current or minimum size);
 *   ImagingCancelledError.
 */
export async function shrinkNtfsFilesystem(
  device: string,
  currentBytes: number,
  signal?: AbortSignal,
): Promise<NtfsShrink> {
  const info = await runTool('ntfsresize', ['--info', '--force', '--no-progress-bar', device], {
    stage: 'check',
    timeoutMs: 1_800_000,
    signal,
  });
  const min = ntfsMinimumBytes(info.stdout);
  const volumeBytes = ntfsVolumeBytes(info.stdout);
  if (min === null) throw new ImagingError('check', `ntfsresize --info gave no minimum size for ${device}`);
  if (volumeBytes === null) throw new ImagingError('check', `ntfsresize --info gave no volume size for ${device}`);
  const MiB = 1024 * 1024;
  const size = Math.ceil((min * 1.1) / MiB) * MiB;
  if (size >= Math.min(currentBytes, volumeBytes)) return { shrunk: false, volumeBytes };
  await runTool('ntfsresize', ['--force', '--no-progress-bar', '-s', String(size), device], {
    stage: 'check',
    input: 'y\n',
    timeoutMs: 3_600_000,
    signal,
  });
  return { shrunk: true, volumeBytes };
}

/**
 * Grows an NTFS volume (`ntfsresize -f`, OpenGnsys `ogExtendFs`) to fill its partition (a restore) or, with
 * `volumeBytes`, to exactly that size (a capture: `ntfsresize -f -s <volumeBytes>`, the size in bytes that
 * {@link shrinkNtfsFilesystem} read before the shrink, so the model's volume keeps its clusters even when it was
 * smaller than its partition). "Nothing to do" (already that size) is not an error.
 * @param volumeBytes size in bytes (no k/M/G suffix: ntfsresize reads those as powers of 10), at most the partition's.
 * @throws ImagingError stage `finish` when `volumeBytes` is not a positive integer or ntfsresize fails.
 */
export async function growNtfsFilesystem(device: string, volumeBytes?: number): Promise<void> {
  if (volumeBytes !== undefined && !(Number.isSafeInteger(volumeBytes) && volumeBytes > 0))
    throw new ImagingError('finish', `cannot grow ${device} to ${volumeBytes} bytes`);
  const size = volumeBytes === undefined ? [] : ['-s', String(volumeBytes)];
  const out = await runTool('ntfsresize', ['--force', '--no-progress-bar', ...size, device], {
    stage: 'finish',
    input: 'y\n',
    timeoutMs: 1_800_000,
    okCodes: [0, 1],
  });
  if (out.exitCode !== 0 && !/Nothing to do/i.test(out.stdout + out.stderr))
    throw new ImagingError(
      'finish',
      `ntfsresize could not grow ${device}: ${out.stderr.trim().split('\n').pop() ?? ''}`,
    );
}

/**
 * Makes a restored NTFS boot sector right for the partition it now lives in: the start sector ("hidden sectors")
 * and a 255/63 geometry through `partclone.ntfsreloc` (`-b`: loop partitions fail its geometry ioctl), so Windows boots from a partition at another offset than
 * the model's. Run it before growing the volume; then call {@link syncNtfsBackupBootSector}.
 * @param startSector the partition's first sector (512-byte units on 512-byte disks).
 * @throws ImagingError stage `finish`.
 */
export async function relocateNtfsBootSector(device: string, startSector: number): Promise<void> {
  await runTool('partclone.ntfsreloc', ['-w', '-f', '-b', '-s', String(startSector), '-h', '255', '-t', '63', device], {
    stage: 'finish',
    timeoutMs: 60_000,
  });
}

/**
 * Copies the NTFS boot sector to the backup boot sector (the sector just after the volume's last one), so both
 * carry the target's geometry and size after a relocation and a resize.
 * @throws ImagingError stage `finish` when the boot sector is not NTFS.
 */
export async function syncNtfsBackupBootSector(device: string): Promise<void> {
  const fd = await open(device, 'r+');
  try {
    const boot = Buffer.alloc(512);
    await fd.read(boot, 0, 512, 0);
    if (boot.toString('latin1', 3, 11) !== 'NTFS    ')
      throw new ImagingError('finish', `${device} has no NTFS boot sector`);
    const bytesPerSector = boot.readUInt16LE(0x0b);
    const totalSectors = Number(boot.readBigUInt64LE(0x28));
    await fd.write(boot, 0, 512, totalSectors * bytesPerSector);
    await fd.sync();
  } finally {
    await fd.close();
  }
}
