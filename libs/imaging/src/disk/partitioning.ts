import { access, mkdir, mkdtemp, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTool } from '../process/run-tool';
import { ImagingError } from '../process/tool-error';
import { msdosSfdiskScript, PlannedPartition } from './msdos-plan';
import { mountDevice, unmount } from './mounts';
import { partitionNode } from './sfdisk-layout';

/** Folder inside the CACHE filesystem where cached images live (OpenGnsys `$OGCAC$OGIMG`). */
export const CACHE_IMAGES_DIR = 'opt/opengnsys/images';
/** Filesystem label that marks the CACHE partition. Wire contract (OpenGnsys). */
export const CACHE_LABEL = 'CACHE';

/**
 * Writes an MSDOS table with sfdisk (signatures of the old table and of the new partitions wiped), then makes the
 * kernel see it ({@link refreshPartitionNodes}).
 * @throws ImagingError stage `partition` with sfdisk's stderr.
 */
export async function writeMsdosTable(device: string, planned: PlannedPartition[]): Promise<void> {
  await runTool(
    'sfdisk',
    ['--no-reread', '--no-tell-kernel', '-q', '--wipe', 'always', '--wipe-partitions', 'always', device],
    { input: msdosSfdiskScript(planned), stage: 'partition' },
  );
  await refreshPartitionNodes(
    device,
    planned.map((p) => p.par),
  );
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

/** Sets the MSDOS type id of partition `n` (`sfdisk --part-type`). @throws ImagingError stage `finish`. */
export async function setPartitionType(device: string, n: number, code: string): Promise<void> {
  await runTool('sfdisk', ['--no-reread', '--no-tell-kernel', '-q', '--part-type', device, String(n), code], {
    stage: 'finish',
  });
}

/**
 * Shrinks an ext filesystem to its minimum before a capture (OpenGnsys `ogReduceFs`): `e2fsck -fy` (exit 0–2
 * accepted) then `resize2fs -M`, so the image records the smallest filesystem and restores into any partition large
 * enough for its data. Grow it back with {@link growExtFilesystem}.
 * @throws ImagingError stage `check`; ImagingCancelledError.
 */
export async function shrinkExtFilesystem(device: string, signal?: AbortSignal): Promise<void> {
  await runTool('e2fsck', ['-fy', device], { stage: 'check', okCodes: [0, 1, 2], timeoutMs: 1_800_000, signal });
  await runTool('resize2fs', ['-M', device], { stage: 'check', timeoutMs: 3_600_000, signal });
}

/**
 * Grows an ext filesystem to fill its partition: `e2fsck -fy` (exit 0–2 accepted: errors corrected) then `resize2fs`.
 * @throws ImagingError stage `finish`.
 */
export async function growExtFilesystem(device: string): Promise<void> {
  await runTool('e2fsck', ['-fy', device], { stage: 'finish', okCodes: [0, 1, 2], timeoutMs: 1_800_000 });
  await runTool('resize2fs', [device], { stage: 'finish', timeoutMs: 1_800_000 });
}
