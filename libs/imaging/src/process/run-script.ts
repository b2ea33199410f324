import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Bytes of stdout and of stderr a script result keeps (the end of each). */
export const SCRIPT_OUTPUT_CAP_BYTES = 64 * 1024;

/** What a script did. */
export interface ScriptOutcome {
  /** Exit code, or null when it was killed (timeout, cancel, signal). */
  exitCode: number | null;
  /** Signal that ended it, if any. */
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  cancelled: boolean;
  /** The end of stdout (at most {@link SCRIPT_OUTPUT_CAP_BYTES} bytes) and whether anything before it was dropped. */
  stdout: string;
  stdoutTruncated: boolean;
  stderr: string;
  stderrTruncated: boolean;
}

/** Keeps the last `cap` bytes written to it. */
class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  truncated = false;

  constructor(private readonly cap: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.size > 2 * this.cap) this.compact();
  }

  text(): string {
    this.compact();
    // A cut can split a UTF-8 sequence; drop its continuation bytes rather than emit U+FFFD.
    let buf = Buffer.concat(this.chunks);
    if (this.truncated) {
      let i = 0;
      while (i < buf.length && i < 4 && (buf[i] & 0xc0) === 0x80) i++;
      buf = buf.subarray(i);
    }
    return buf.toString('utf8');
  }

  private compact(): void {
    if (this.size <= this.cap) return;
    const all = Buffer.concat(this.chunks);
    const kept = all.subarray(all.length - this.cap);
    this.chunks = [Buffer.from(kept)];
    this.size = kept.length;
    this.truncated = true;
  }
}

/**
 * Runs `script` with bash as its own process group (stdin closed, working directory `/`), keeping the end of
 * stdout and stderr. On timeout or abort the whole group gets SIGTERM, then SIGKILL after 3 s, so no child the
 * script started outlives it. The script is written to a private temporary file (0700) removed afterwards.
 */
export async function runBashScript(
  script: string,
  opts: { timeoutMs: number; signal?: AbortSignal; env?: NodeJS.ProcessEnv },
): Promise<ScriptOutcome> {
  const dir = await mkdtemp(join(tmpdir(), 'og-script-'));
  const file = join(dir, 'script.sh');
  await writeFile(file, script, { mode: 0o700 });
  try {
    return await new Promise<ScriptOutcome>((resolve, reject) => {
      const child = spawn('bash', [file], {
        cwd: '/',
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: opts.env ?? process.env,
      });
      const out = new TailBuffer(SCRIPT_OUTPUT_CAP_BYTES);
      const err = new TailBuffer(SCRIPT_OUTPUT_CAP_BYTES);
      let timedOut = false;
      let cancelled = false;
      const killGroup = (sig: NodeJS.Signals) => {
        try {
          if (child.pid) process.kill(-child.pid, sig);
        } catch {
          // already gone
        }
      };
      const stop = () => {
        killGroup('SIGTERM');
        setTimeout(() => killGroup('SIGKILL'), 3000).unref();
      };
      const onAbort = () => {
        cancelled = true;
        stop();
      };
      if (opts.signal?.aborted) onAbort();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(() => {
        timedOut = true;
        stop();
      }, opts.timeoutMs);
      child.stdout.on('data', (c: Buffer) => out.push(c));
      child.stderr.on('data', (c: Buffer) => err.push(c));
      child.on('error', (e) => {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        reject(e);
      });
      child.on('close', (code, sig) => {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        // Children that kept running after bash exited (background jobs) go with it.
        killGroup('SIGKILL');
        resolve({
          exitCode: timedOut || cancelled ? null : code,
          signal: sig,
          timedOut,
          cancelled,
          stdout: out.text(),
          stdoutTruncated: out.truncated,
          stderr: err.text(),
          stderrTruncated: err.truncated,
        });
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
