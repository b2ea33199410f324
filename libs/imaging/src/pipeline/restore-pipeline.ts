import { open } from 'node:fs/promises';
import type { ImageCompressor } from '@og/contracts';
import { decompressCommand } from '../image/compressor';
import { PipelineCommand, ProcessPipeline } from '../process/process-pipeline';
import { ImagingError } from '../process/tool-error';
import { PartcloneProgress, PartcloneProgressStream } from '../progress/partclone-progress';
import { DownloadOutputClosedError, downloadIntoPipe } from '../transfer/image-download-child';

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
 * GETs `url` into `<decompressor> | partclone.restore -s - -o <dev>` from a downloader child
 * ({@link downloadIntoPipe}: the body goes from the socket to the decompressor without passing through this process),
 * hashing it on the way.
 * @returns hex MD5 and byte count of the body (compare with the image's `.full.sum`).
 * @throws ImagingError stage `download` when the answer is not 200 or the body breaks (that explains a tool failure
 *         it caused), `decompress`/`write` when a tool fails; ImagingCancelledError.
 */
export async function restoreFromUrl(
  url: string,
  opts: RestoreOptions & { headers?: Record<string, string> },
): Promise<{ md5: string; bytes: number }> {
  const pipeline = new ProcessPipeline(commands(opts), { stdin: 'pipe', stdout: 'ignore', signal: opts.signal });
  const download = downloadIntoPipe({ url, headers: opts.headers, output: pipeline.stdin!, signal: opts.signal });
  download.catch((err: Error) => {
    if (!(err instanceof DownloadOutputClosedError)) pipeline.fail(err);
  });
  const [tools, body] = await Promise.allSettled([pipeline.done, download]);
  if (body.status === 'rejected' && body.reason instanceof ImagingError) throw body.reason;
  if (tools.status === 'rejected') throw tools.reason;
  if (body.status === 'rejected') throw body.reason;
  return body.value;
}
