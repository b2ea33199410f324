import { ChildProcess, spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { AgentJobStage } from '@og/contracts';
import { StderrTail } from './stderr-tail';
import { ImagingCancelledError, ImagingError } from './tool-error';

/** One command of a pipeline. */
export interface PipelineCommand {
  cmd: string;
  args: string[];
  /** Job stage reported when this command fails (`write` for partclone.restore, `decompress` for zstd…). */
  stage: AgentJobStage;
  /** Sees every stderr chunk (progress parsing). */
  onStderr?: (chunk: Buffer) => void;
}

/** Where the pipeline's ends go. */
export interface PipelineOptions {
  /** `pipe` to write into the first command from Node, `ignore`, or an open file descriptor to read from (the caller closes it). */
  stdin: 'pipe' | 'ignore' | number;
  /** `pipe` to read the last command's output from Node, or `ignore`. */
  stdout: 'pipe' | 'ignore';
  /** Aborting kills every command (SIGTERM, SIGKILL after 3 s) and `done` rejects with ImagingCancelledError. */
  signal?: AbortSignal;
}

/**
 * Commands connected stdout→stdin by the kernel (spawn stdio), so no byte passes through Node between them.
 * When any command fails the others are killed; no child outlives the pipeline.
 */
export class ProcessPipeline {
  /** The first command's stdin when `stdin: 'pipe'`. */
  readonly stdin: Writable | null;
  /** The last command's stdout when `stdout: 'pipe'`. */
  readonly stdout: Readable | null;
  /** Resolves when every command exited 0; rejects with the first failure (ImagingError) or ImagingCancelledError. */
  readonly done: Promise<void>;

  private readonly children: ChildProcess[] = [];
  private readonly tails: StderrTail[] = [];
  private firstFailure: Error | null = null;
  private killed = false;
  private cancelled = false;

  constructor(commands: PipelineCommand[], opts: PipelineOptions) {
    if (commands.length === 0) throw new Error('empty pipeline');
    let previous: Readable | null = null;
    commands.forEach((c, i) => {
      const last = i === commands.length - 1;
      const stdin = i === 0 ? opts.stdin : previous;
      const child = spawn(c.cmd, c.args, {
        stdio: [stdin, last ? opts.stdout : 'pipe', 'pipe'],
      });
      if (previous) previous.destroy();
      previous = last ? null : child.stdout;
      const tail = new StderrTail(20);
      child.stderr?.on('data', (chunk: Buffer) => {
        tail.push(chunk);
        c.onStderr?.(chunk);
      });
      this.children.push(child);
      this.tails.push(tail);
    });
    this.stdin = opts.stdin === 'pipe' ? this.children[0].stdin : null;
    this.stdin?.on('error', () => undefined);
    this.stdout = opts.stdout === 'pipe' ? this.children[this.children.length - 1].stdout : null;

    const onAbort = () => {
      this.cancelled = true;
      this.kill();
    };
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });

    this.done = Promise.all(
      this.children.map(
        (child, i) =>
          new Promise<void>((resolve) => {
            const c = commands[i];
            child.on('error', (err) => {
              this.fail(new ImagingError(c.stage, `${c.cmd} could not start: ${err.message}`));
              resolve();
            });
            child.on('close', (code, sig) => {
              if (code !== 0 && !this.killed) {
                const how = sig ? `was killed by ${sig}` : `exited with code ${code}`;
                this.fail(new ImagingError(c.stage, `${c.cmd} ${how}`, this.tails[i].text() || null));
              }
              resolve();
            });
          }),
      ),
    ).then(() => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (this.cancelled) throw new ImagingCancelledError();
      if (this.firstFailure) throw this.firstFailure;
    });
    this.done.catch(() => undefined);
  }

  /** Stderr tail of the command at `index`. */
  stderrTail(index: number): string {
    return this.tails[index]?.text() ?? '';
  }

  /** Kills every command still running (SIGTERM, SIGKILL after 3 s). `done` then settles. */
  kill(): void {
    this.killed = true;
    for (const child of this.children) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      child.kill('SIGTERM');
      setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'), 3000).unref();
    }
  }

  /** Records `err` as the pipeline's failure (first one wins) and kills the rest. */
  fail(err: Error): void {
    if (!this.firstFailure) this.firstFailure = err;
    this.kill();
  }
}
