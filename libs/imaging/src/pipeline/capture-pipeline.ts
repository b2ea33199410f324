import type { CaptureCompressor, ImageInfo } from '@og/contracts';
import { imageInfoFromHead, readImageHead } from '../image/image-header';
import { ProcessPipeline } from '../process/process-pipeline';
import { PartcloneProgress, PartcloneProgressStream } from '../progress/partclone-progress';
import { uploadImageStream } from '../transfer/image-stream-upload';
import { compressCommand, needsPartcloneChecksums, partcloneCaptureArgs } from './partclone-tools';

/** Options of {@link captureToUrl}. */
export interface CaptureOptions {
  /** Partition to read, e.g. `/dev/loop3p1`; must not be mounted. */
  device: string;
  /** partclone program, e.g. `partclone.extfs`. */
  partclone: string;
  compressor: CaptureCompressor;
  /** zstd level (1–19). */
  zstdLevel: number;
  /** Where to PUT the image (`…/ogrepository/v1/images/<nci>/file`). */
  url: string;
  /** Extra request headers (Authorization). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** partclone's own progress (percent of used blocks, rate). */
  onProgress?: (p: PartcloneProgress) => void;
}

/** What a capture produced. */
export interface CaptureResult {
  /** HTTP status of the repository's answer (2xx, or the caller reports it). */
  status: number;
  /** The repository's answer body. */
  body: Buffer;
  /** Hex SHA-256 of the image bytes sent (the repository checked the same). */
  sha256: string;
  /** Image bytes sent (compressed size). */
  bytes: number;
  /** `PARTCLONE:<COMP>:<FS>:<KiB>` read back from the image's own first bytes; null if they could not be parsed. */
  imageInfo: ImageInfo | null;
}

const HEAD_BYTES = 1024 * 1024;

/**
 * `partclone.X -c -s <dev> -o -` → compressor → uploader child (all connected by the kernel: no image byte passes
 * through this process) → og-repository's streamed upload ({@link uploadImageStream}: SHA-256/length trailer). The
 * upload is terminated (trailer + FIN) only after both tools exited 0; otherwise og-repository keeps nothing.
 * @throws ImagingError (stage `capture` with the tool's stderr, or `upload`), ImagingCancelledError.
 */
export async function captureToUrl(opts: CaptureOptions): Promise<CaptureResult> {
  const progress = new PartcloneProgressStream((p) => opts.onProgress?.(p));
  const compressor = compressCommand(opts.compressor, opts.zstdLevel);
  const pipeline = new ProcessPipeline(
    [
      {
        cmd: opts.partclone,
        args: partcloneCaptureArgs(opts.partclone, opts.device, {
          blockChecksums: needsPartcloneChecksums(opts.compressor),
        }),
        stage: 'capture',
        onStderr: (c) => progress.push(c),
      },
      { cmd: compressor[0], args: compressor.slice(1), stage: 'capture' },
    ],
    { stdin: 'ignore', stdout: 'pipe', signal: opts.signal },
  );
  try {
    // called in the tick the pipeline was made: the uploader child takes over the compressor's stdout unread
    const upload = await uploadImageStream({
      url: opts.url,
      headers: opts.headers,
      input: pipeline.stdout!,
      headBytes: HEAD_BYTES,
      signal: opts.signal,
      commit: () => pipeline.done,
    });
    if (upload.status < 200 || upload.status >= 300) {
      // refused before any byte was taken: stop the tools, the caller reports the refusal
      pipeline.kill();
      await pipeline.done.catch(() => undefined);
      return { status: upload.status, body: upload.body, sha256: upload.sha256, bytes: upload.bytes, imageInfo: null };
    }
    await pipeline.done;
    const imageInfo = await readImageHead(upload.head).then(imageInfoFromHead, () => null);
    return { status: upload.status, body: upload.body, sha256: upload.sha256, bytes: upload.bytes, imageInfo };
  } catch (err) {
    pipeline.kill();
    await pipeline.done.catch(() => undefined);
    // A tool failure explains a broken upload better than the socket error it caused.
    throw await pipeline.done.then(
      () => err,
      (toolErr: unknown) => (isToolFailure(toolErr) ? toolErr : err),
    );
  }
}

function isToolFailure(err: unknown): boolean {
  return err instanceof Error && 'stderrTail' in err && (err as { stderrTail: unknown }).stderrTail !== null;
}
