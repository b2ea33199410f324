import type { ImageCompressor } from '@og/contracts';

/** Magic numbers of the compressors images come in (zstd, lzop, gzip, bzip2, xz). */
const MAGICS: Array<[ImageCompressor, number[]]> = [
  ['ZSTD', [0x28, 0xb5, 0x2f, 0xfd]],
  ['LZOP', [0x89, 0x4c, 0x5a, 0x4f, 0x00, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['GZIP', [0x1f, 0x8b]],
  ['BZIP2', [0x42, 0x5a, 0x68]],
  ['XZ', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
];

/** Identifies the compressor of a file by its first bytes (≥ 9 needed); `NONE` when no magic matches. */
export function detectCompressor(head: Buffer): ImageCompressor {
  for (const [name, magic] of MAGICS) {
    if (head.length >= magic.length && magic.every((b, i) => head[i] === b)) return name;
  }
  return 'NONE';
}

/** argv of the command that decompresses `compressor` from stdin to stdout; null for `NONE`. */
export function decompressCommand(compressor: ImageCompressor): string[] | null {
  switch (compressor) {
    case 'ZSTD':
      return ['zstd', '-d', '-c', '-q'];
    case 'LZOP':
      return ['lzop', '-d', '-c'];
    case 'GZIP':
      return ['gzip', '-d', '-c'];
    case 'BZIP2':
      return ['bzip2', '-d', '-c'];
    case 'XZ':
      return ['xz', '-d', '-c'];
    case 'NONE':
      return null;
  }
}
