/**
 * partclone program for a filesystem as blkid names it (`ext4` → `partclone.extfs`, `ntfs` → `partclone.ntfs`,
 * `vfat` → `partclone.fat`); null when unsupported.
 */
export function partcloneToolFor(blkidType: string): string | null {
  const t = blkidType.toLowerCase();
  if (/^ext[234]$/.test(t)) return 'partclone.extfs';
  if (t === 'ntfs') return 'partclone.ntfs';
  if (t === 'vfat') return 'partclone.fat';
  return null;
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
