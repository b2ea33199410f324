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
 */
export function partcloneCaptureArgs(partclone: string, device: string): string[] {
  return [...(partclone === 'partclone.ntfs' ? ['-I'] : []), '-c', '-s', device, '-o', '-'];
}

/** Compressor argv writing to stdout (`zstd -T0 -<level> -c`, `lzop -1 -c`, `gzip -1 -c`). */
export function compressCommand(compressor: 'zstd' | 'lzop' | 'gzip', zstdLevel: number): string[] {
  switch (compressor) {
    case 'zstd':
      return ['zstd', '-T0', `-${zstdLevel}`, '-c', '-q'];
    case 'lzop':
      return ['lzop', '-1', '-c'];
    case 'gzip':
      return ['gzip', '-1', '-c'];
  }
}
