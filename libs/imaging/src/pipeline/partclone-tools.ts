import type { CaptureCompressor } from '@og/contracts';

/**
 * partclone program for a filesystem as blkid names it: `ext2/3/4` → `partclone.extfs`, `ntfs` → `partclone.ntfs`,
 * `vfat` → `partclone.fat`, `xfs` → `partclone.xfs`, `btrfs` → `partclone.btrfs`, `exfat` → `partclone.exfat`;
 * any other filesystem → `partclone.imager`, which copies every block of the partition into the partclone image
 * format (partclone 0.3.23's `partclone.dd` writes a raw stream without the header a restore checks).
 * Null for no filesystem (empty string) and for swap.
 */
export function partcloneToolFor(blkidType: string): string | null {
  const t = blkidType.toLowerCase();
  if (!t || t === 'swap') return null;
  if (/^ext[234]$/.test(t)) return 'partclone.extfs';
  if (t === 'ntfs') return 'partclone.ntfs';
  if (t === 'vfat') return 'partclone.fat';
  if (t === 'xfs' || t === 'btrfs' || t === 'exfat') return `partclone.${t}`;
  return 'partclone.imager';
}

/**
 * partclone capture arguments reading `device` to stdout. NTFS adds `-I` (skip partclone's dirty-volume check):
 * ntfsresize, which shrinks the volume first, always schedules a Windows chkdsk, and partclone would refuse it.
 * `blockChecksums: false` adds `-a0`: no CRC32 after the blocks. A zstd capture uses it, because zstd's frame checksum
 * (XXH64 of every byte partclone writes, checked by every `zstd -d`, see {@link compressCommand}) already covers the
 * same bytes, and partclone 0.3.23 computes its CRC32 a byte at a time: about 330 MiB/s on one core, the slowest stage
 * of a capture and again of every restore. Images without block checksums restore with any partclone ≥ 0.3.
 */
export function partcloneCaptureArgs(
  partclone: string,
  device: string,
  opts: { blockChecksums?: boolean } = {},
): string[] {
  return [
    ...(partclone === 'partclone.ntfs' ? ['-I'] : []),
    ...(opts.blockChecksums === false ? ['-a0'] : []),
    '-c',
    '-s',
    device,
    '-o',
    '-',
  ];
}

/**
 * Whether an image made with `compressor` needs partclone's own block checksums: zstd streams carry a checksum of all
 * their content (`--check`); lzop and gzip images keep partclone's CRC32, as OpenGnsys 1.x and Clonezilla make them.
 */
export function needsPartcloneChecksums(compressor: CaptureCompressor): boolean {
  return compressor !== 'zstd';
}

/**
 * Compressor argv writing to stdout (`zstd -T0 -<level> --check -c`, `lzop -1 -c`, `gzip -1 -c`). `--check` (zstd's
 * default, spelled out because zstd captures rely on it) ends the frame with the XXH64 of its content.
 */
export function compressCommand(compressor: 'zstd' | 'lzop' | 'gzip', zstdLevel: number): string[] {
  switch (compressor) {
    case 'zstd':
      return ['zstd', '-T0', `-${zstdLevel}`, '--check', '-c', '-q'];
    case 'lzop':
      return ['lzop', '-1', '-c'];
    case 'gzip':
      return ['gzip', '-1', '-c'];
  }
}
