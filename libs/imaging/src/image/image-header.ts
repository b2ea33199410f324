import { spawn } from 'node:child_process';
import type { ImageCompressor, ImageInfo } from '@og/contracts';
import { decompressCommand, detectCompressor } from './compressor';
import { parsePartcloneHeader, PartcloneHeader, PARTCLONE_V2_HEADER_BYTES } from './partclone-header';

/** What the first bytes of an image file say about it. */
export interface ImageHead {
  compressor: ImageCompressor;
  partclone: PartcloneHeader;
}

/**
 * Decompresses just enough of `head` (the first bytes of an image file, 64 KiB–1 MiB is plenty) to read
 * the partclone header. Uses the real decompressor (zstd, lzop, gzip, bzip2, xz) detected by magic bytes.
 * @throws NotPartcloneImageError when the decompressed bytes are not a partclone image;
 *         Error when the decompressor cannot produce enough bytes.
 */
export async function readImageHead(head: Buffer): Promise<ImageHead> {
  const compressor = detectCompressor(head);
  const argv = decompressCommand(compressor);
  const plain = argv ? await decompressPrefix(argv, head, PARTCLONE_V2_HEADER_BYTES) : head;
  return { compressor, partclone: parsePartcloneHeader(plain) };
}

/** Image info `PARTCLONE:<COMP>:<FS>:<KB>` from a parsed head; KB = used bytes / 1024, rounded up. */
export function imageInfoFromHead(head: ImageHead): ImageInfo {
  return {
    tool: 'PARTCLONE',
    compressor: head.compressor,
    filesystem: head.partclone.filesystem,
    dataSizeKb: Math.ceil(head.partclone.usedBytes / 1024),
  };
}

function decompressPrefix(argv: string[], input: Buffer, wanted: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let got = 0;
    let settled = false;
    // Settles only on 'close' (the decompressor has exited), so no child outlives the caller's step.
    const finish = () => {
      if (settled) return;
      settled = true;
      const out = Buffer.concat(chunks);
      if (out.length >= wanted) resolve(out);
      else
        reject(new Error(`${argv[0]} produced ${out.length} bytes of the ${wanted} needed for the partclone header`));
    };
    child.stdout.on('data', (c: Buffer) => {
      chunks.push(c);
      got += c.length;
      if (got >= wanted && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    child.on('error', (err) => {
      if (!settled) {
        settled = true;
        reject(err);
      }
    });
    child.on('close', finish);
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}
