import { spawn, ChildProcess } from 'node:child_process';
import type { ImageCompressor } from '@og/contracts';
import { ZstdFrameWalker } from '@og/imaging';

/**
 * How the stream of an image is checked during its one read (`OG_REPOSITORY_STREAM_CHECK`): `full` runs the
 * compressor's test mode (decompresses everything: `zstd -t`, `gzip -t`…); `frames` walks a zstd stream's frames and
 * blocks without decompressing (finds truncation and non-zstd bytes, not a bit flipped inside a block) and uses the
 * test mode for the other compressors, which have no such structure.
 */
export type StreamCheckMode = 'frames' | 'full';

/** A check fed every chunk of the file in order. */
export interface StreamCheck {
  /** Feeds one chunk; resolves once the chunk's memory may be reused. */
  write(chunk: Buffer): Promise<void>;
  /** The verdict, once every chunk was fed. */
  finish(): Promise<IntegrityResult>;
  /** Stops the check (reading failed). */
  abort(): void;
}

/**
 * The check of a stream compressed with `compressor`; `partclone` tells an uncompressed partclone image. With `fd`
 * (the image, opened for reading at offset 0 and read by the caller only with positional reads) a test tool reads the
 * file itself, beside the caller's pass over the same cached pages, and `write` is a no-op: no pipe, no copy through
 * Node.
 */
export function streamCheckFor(
  compressor: ImageCompressor,
  partclone: boolean,
  mode: StreamCheckMode,
  fd?: number,
): StreamCheck {
  if (mode === 'frames' && compressor === 'ZSTD') return new ZstdFrameCheck();
  const argv = integrityTestCommand(compressor, partclone);
  return argv ? new IntegrityTester(argv, fd) : new NoStreamCheck();
}

/** No tool can test an uncompressed image other than partclone's (raw images are checked against their superblock). */
export class NoStreamCheck implements StreamCheck {
  /** Nothing to look at. */
  write(): Promise<void> {
    return Promise.resolve();
  }

  /** Always sound. */
  finish(): Promise<IntegrityResult> {
    return Promise.resolve({ ok: true });
  }

  /** Nothing to stop. */
  abort(): void {}
}

/** {@link StreamCheck} by {@link ZstdFrameWalker}, in this thread (a few bytes looked at per 128 KiB block). */
export class ZstdFrameCheck implements StreamCheck {
  private readonly walker = new ZstdFrameWalker();

  /** Walks the chunk's frames and blocks. */
  write(chunk: Buffer): Promise<void> {
    this.walker.update(chunk);
    return Promise.resolve();
  }

  /** The walker's verdict. */
  finish(): Promise<IntegrityResult> {
    const problem = this.walker.finish();
    return Promise.resolve(problem === null ? { ok: true } : { ok: false, reason: problem });
  }

  /** Nothing to stop. */
  abort(): void {}
}

/**
 * argv of the real tool that checks a whole stream read from stdin: the compressor's own test mode,
 * `partclone.chkimg` (which verifies partclone's block checksums) for an uncompressed partclone image; null for other
 * uncompressed images, which no tool can test (raw images are checked against their superblock size instead).
 */
export function integrityTestCommand(compressor: ImageCompressor, partclone = true): string[] | null {
  switch (compressor) {
    case 'ZSTD':
      return ['zstd', '-t', '-q'];
    case 'LZOP':
      return ['lzop', '-t', '-q'];
    case 'GZIP':
      return ['gzip', '-t'];
    case 'BZIP2':
      return ['bzip2', '-t'];
    case 'XZ':
      return ['xz', '-t'];
    case 'NONE':
      return partclone ? ['partclone.chkimg', '-s', '-', '-L', '/dev/null'] : null;
  }
}

/** Verdict of an integrity test. */
export type IntegrityResult = { ok: true } | { ok: false; reason: string };

/**
 * A running integrity tester: fed chunk by chunk (with backpressure) during the one read of the file, or reading the
 * file itself from `stdinFd`. When the tool exits early (it found corruption) further chunks are dropped.
 */
export class IntegrityTester implements StreamCheck {
  private readonly child: ChildProcess;
  private readonly done: Promise<IntegrityResult>;
  private exited = false;
  private stderr = '';

  constructor(
    private readonly argv: string[],
    stdinFd?: number,
  ) {
    this.child = spawn(argv[0], argv.slice(1), { stdio: [stdinFd ?? 'pipe', 'ignore', 'pipe'] });
    this.child.stdin?.on('error', () => undefined); // EPIPE after an early exit: the exit code tells the story
    this.child.stderr?.on('data', (c: Buffer) => {
      if (this.stderr.length < 4000) this.stderr += c.toString();
    });
    this.done = new Promise((resolve) => {
      this.child.on('error', (err) => {
        this.exited = true;
        resolve({ ok: false, reason: `${argv[0]} could not run: ${err.message}` });
      });
      this.child.on('close', (code, signal) => {
        this.exited = true;
        if (code === 0) resolve({ ok: true });
        else
          resolve({
            ok: false,
            reason: `${argv.join(' ')} failed (${signal ?? `exit ${code}`}): ${this.stderr.trim().slice(0, 500)}`,
          });
      });
    });
  }

  /**
   * Feeds one chunk; resolves once the chunk has been handed to the tool's pipe (the caller may then reuse its
   * memory), or the tool has exited.
   */
  write(chunk: Buffer): Promise<void> {
    const stdin = this.child.stdin;
    if (this.exited || !stdin || stdin.destroyed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const settle = () => {
        this.child.off('close', settle);
        resolve();
      };
      this.child.once('close', settle);
      stdin.write(chunk, settle);
    });
  }

  /** Closes stdin (when fed) and waits for the verdict. */
  finish(): Promise<IntegrityResult> {
    if (this.child.stdin && !this.child.stdin.destroyed) this.child.stdin.end();
    return this.done;
  }

  /** Kills the tool (reading failed). */
  abort(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }
}
