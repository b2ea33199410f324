import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { ImageCompressor } from '@og/contracts';
import { decompressCommand } from '../image/compressor';
import { PipelineCommand, ProcessPipeline } from '../process/process-pipeline';
import { ImagingError } from '../process/tool-error';
import { PartcloneProgress, PartcloneProgressStream } from '../progress/partclone-progress';
import { HashingCounter } from '../transfer/http-download';

/** Options shared by the restore pipelines. */
export interface RestoreOptions {
  /** Target partition, e.g. `/dev/loop4p1`; must not be mounted. */
  device: string;
  compressor: ImageCompressor;
  /**
   * Pass `-C` (skip partclone's own "target smaller than source device" check): for images whose filesystem is smaller
   * than the device size partclone recorded (an NTFS shrunk by ntfsresize), once the caller checked the filesystem fits.
   */
  noSizeCheck?: boolean;
  signal?: AbortSignal;
  /** partclone.restore's own progress. */
  onProgress?: (p: PartcloneProgress) => void;
}

function commands(opts: RestoreOptions): PipelineCommand[] {
  const progress = new PartcloneProgressStream((p) => opts.onProgress?.(p));
  const restore: PipelineCommand = {
    cmd: 'partclone.restore',
    args: [...(opts.noSizeCheck ? ['-C'] : []), '-s', '-', '-o', opts.device],
    stage: 'write',
    onStderr: (c) => progress.push(c),
  };
  const decompress = decompressCommand(opts.compressor);
  return decompress ? [{ cmd: decompress[0], args: decompress.slice(1), stage: 'decompress' }, restore] : [restore];
}

/**
 * `<decompressor> < file | partclone.restore -s - -o <dev>`, processes connected by the kernel (the file is
 * opened and handed over as the decompressor's stdin; Node never touches the bytes).
 * @throws ImagingError stage `decompress` or `write` with the tool's stderr tail; ImagingCancelledError.
 */
export async function restoreFromFile(file: string, opts: RestoreOptions): Promise<void> {
  const fh = await open(file, 'r');
  try {
    const pipeline = new ProcessPipeline(commands(opts), { stdin: fh.fd, stdout: 'ignore', signal: opts.signal });
    await fh.close();
    await pipeline.done;
  } finally {
    await fh.close().catch(() => undefined);
  }
}

/**
 * Streams `source` (an HTTP response) into `<decompressor> | partclone.restore -s - -o <dev>`, hashing it on the way.
 * @returns hex MD5 and byte count of what was read from `source` (compare with the image's `.full.sum`).
 * @throws ImagingError stage `download` when the source breaks, `decompress`/`write` when a tool fails.
 */
export async function restoreFromStream(
  source: Readable,
  opts: RestoreOptions,
): Promise<{ md5: string; bytes: number }> {
  const pipeline = new ProcessPipeline(commands(opts), { stdin: 'pipe', stdout: 'ignore', signal: opts.signal });
  const counter = new HashingCounter();
  source.on('error', (err) => pipeline.fail(new ImagingError('download', `image stream broke: ${err.message}`)));
  source.on('aborted', () => pipeline.fail(new ImagingError('download', 'image stream aborted by the server')));
  source.pipe(counter).pipe(pipeline.stdin!);
  try {
    await pipeline.done;
  } finally {
    source.unpipe();
    if (!source.readableEnded) source.destroy();
  }
  if (!source.readableEnded) throw new ImagingError('download', 'image stream ended early');
  return { md5: counter.md5(), bytes: counter.bytes };
}
