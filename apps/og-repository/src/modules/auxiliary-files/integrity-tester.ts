import { spawn, ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { ImageCompressor } from '@og/contracts';

/**
 * argv of the real tool that checks a whole stream read from stdin: the compressor's own test mode,
 * `partclone.chkimg` (which verifies partclone's block checksums) for an uncompressed partclone image, or `cat` (no
 * check) for other uncompressed images (raw images are checked against their superblock size instead).
 */
export function integrityTestCommand(compressor: ImageCompressor, partclone = true): string[] {
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
      return partclone ? ['partclone.chkimg', '-s', '-', '-L', '/dev/null'] : ['sh', '-c', 'cat > /dev/null'];
  }
}

/** Verdict of an integrity test. */
export type IntegrityResult = { ok: true } | { ok: false; reason: string };

/**
 * A running integrity tester fed chunk by chunk (with backpressure) during the one read of the file.
 * When the tool exits early (it found corruption) further chunks are dropped.
 */
export class IntegrityTester {
  private readonly child: ChildProcessByStdio<Writable, null, Readable>;
  private readonly done: Promise<IntegrityResult>;
  private exited = false;
  private stderr = '';

  constructor(private readonly argv: string[]) {
    this.child = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'ignore', 'pipe'] });
    this.child.stdin.on('error', () => undefined); // EPIPE after an early exit: the exit code tells the story
    this.child.stderr.on('data', (c: Buffer) => {
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

  /** Feeds one chunk; resolves when the tool can take more. */
  async write(chunk: Buffer): Promise<void> {
    if (this.exited || this.child.stdin.destroyed) return;
    if (this.child.stdin.write(chunk)) return;
    await new Promise<void>((resolve) => {
      const settle = () => {
        this.child.stdin.off('drain', settle);
        this.child.off('close', settle);
        resolve();
      };
      this.child.stdin.once('drain', settle);
      this.child.once('close', settle);
    });
  }

  /** Closes stdin and waits for the verdict. */
  finish(): Promise<IntegrityResult> {
    if (!this.child.stdin.destroyed) this.child.stdin.end();
    return this.done;
  }

  /** Kills the tool (reading failed). */
  abort(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }
}
