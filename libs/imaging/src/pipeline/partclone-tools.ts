/** partclone program for a filesystem as blkid names it (`ext4` → `partclone.extfs`); null when unsupported. */
export function partcloneToolFor(blkidType: string): string | null {
  const t = blkidType.toLowerCase();
  if (/^ext[234]$/.test(t)) return 'partclone.extfs';
  return null;
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
