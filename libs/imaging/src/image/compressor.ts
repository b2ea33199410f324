import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
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

/**
 * The first `wanted` decompressed bytes of `input` (fewer when it ends first). Settles once the decompressor has
 * exited (killed as soon as it has given enough), so no child outlives the call; `input` is destroyed.
 * @throws Error when `input` errors or the decompressor cannot be started.
 */
export function readPlainPrefix(input: Readable, compressor: ImageCompressor, wanted: number): Promise<Buffer> {
  const argv = decompressCommand(compressor);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let got = 0;
    let failure: Error | null = null;
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      input.destroy();
      if (failure) reject(failure);
      else resolve(Buffer.concat(chunks).subarray(0, wanted));
    };
    /** Keeps `c`; true once enough bytes are kept. */
    const keep = (c: Buffer): boolean => {
      if (got < wanted) {
        chunks.push(c);
        got += c.length;
      }
      return got >= wanted;
    };
    if (!argv) {
      input.on('data', (c: Buffer) => {
        if (keep(c)) settle();
      });
      input.on('error', (err) => {
        failure = err;
        settle();
      });
      input.on('end', settle);
      input.on('close', settle);
      return;
    }
    const child = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'ignore'] });
    const stop = () => {
      input.unpipe(child.stdin);
      input.destroy();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    child.stdout.on('data', (c: Buffer) => {
      if (keep(c)) stop();
    });
    child.on('error', (err) => {
      failure = err;
      input.destroy();
      settle();
    });
    child.on('close', settle);
    child.stdin.on('error', () => undefined);
    input.on('error', (err) => {
      failure ??= err;
      stop();
    });
    // A destroyed input (e.g. an aborted response) may never end: close the decompressor's stdin so it exits.
    input.on('close', () => child.stdin.end());
    input.pipe(child.stdin);
  });
}
