import { spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import type { AgentJobStage } from '@og/contracts';
import { StderrTail } from './stderr-tail';
import { ImagingCancelledError, ImagingError } from './tool-error';

/** Options of {@link runTool}. */
export interface RunToolOptions {
  /** Stage reported when the tool fails (default `check`). */
  stage?: AgentJobStage;
  /** Kills the tool (SIGTERM, then SIGKILL after 3 s) when aborted. */
  signal?: AbortSignal;
  /** Written to the tool's stdin, then closed. */
  input?: string;
  /** Kill the tool after this many milliseconds (default 10 minutes). */
  timeoutMs?: number;
  /** Exit codes that count as success (default `[0]`). */
  okCodes?: number[];
}

/** What a finished tool printed. */
export interface ToolOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * Runs one command (no shell) and collects stdout (keep it small: this buffers it).
 * @throws ImagingError with the stderr tail when the tool exits with a code not in `okCodes` or cannot start;
 *         ImagingCancelledError when `signal` aborts it.
 */
export function runTool(cmd: string, args: string[], opts: RunToolOptions = {}): Promise<ToolOutput> {
  const stage = opts.stage ?? 'check';
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(new ImagingCancelledError());
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const tail = new StderrTail(30);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let killedBy: 'abort' | 'timeout' | null = null;
    const kill = (why: 'abort' | 'timeout') => {
      killedBy = why;
      child.kill('SIGTERM');
      setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'), 3000).unref();
    };
    const onAbort = () => kill('abort');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => kill('timeout'), opts.timeoutMs ?? 600_000);
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => {
      err.push(c);
      tail.push(c);
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
    child.on('error', (e) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      reject(new ImagingError(stage, `${cmd} could not start: ${e.message}`));
    });
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (killedBy === 'abort') return reject(new ImagingCancelledError(`${cmd} cancelled`));
      const exitCode = code ?? -1;
      const stdout = Buffer.concat(out).toString();
      const stderr = Buffer.concat(err).toString();
      if (killedBy === 'timeout') return reject(new ImagingError(stage, `${cmd} timed out`, tail.text() || null));
      if (!(opts.okCodes ?? [0]).includes(exitCode)) {
        const how = sig ? `was killed by ${sig}` : `exited with code ${exitCode}`;
        return reject(new ImagingError(stage, `${cmd} ${args.join(' ')} ${how}`, tail.text() || null));
      }
      resolve({ stdout, stderr, exitCode });
    });
  });
}

/**
 * The first executable file `cmd` in a directory of `PATH` (then `/usr/sbin`, `/sbin`, where Debian puts the partclone
 * and mkfs tools); null when there is none.
 */
export async function findExecutable(cmd: string): Promise<string | null> {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/sbin', '/sbin'];
  for (const dir of dirs) {
    const candidate = join(dir, cmd);
    if (
      await access(candidate, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return candidate;
  }
  return null;
}

/**
 * True when `cmd` is installed ({@link findExecutable}), so an order can be refused up front instead of failing when
 * the tool is spawned.
 */
export async function isInstalled(cmd: string): Promise<boolean> {
  return (await findExecutable(cmd)) !== null;
}
