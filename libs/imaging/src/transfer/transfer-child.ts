import { ChildProcess, spawn, StdioOptions } from 'node:child_process';
import type { AgentJobStage } from '@og/contracts';
import { ImagingCancelledError, ImagingError } from '../process/tool-error';

/** How a transfer child's outcome is settled from its messages (first call wins; an error kills the child). */
export interface TransferSettlement<T> {
  /** Resolves the transfer with `result`. */
  done(result: T): void;
  /** Rejects the transfer with `err`. */
  reject(err: Error): void;
  /** Rejects with ImagingError at the transfer's stage, `message` prefixed with what the transfer is. */
  fail(message: string): void;
}

/** Options of {@link runTransferChild}. */
export interface TransferChildOptions<M> {
  /** CommonJS program run with `node -e`; it gets `start` as its first IPC message. */
  source: string;
  /** Its stdio; index 3 must be `'ipc'`. Streams given here are handed over (the caller destroys its own end). */
  stdio: StdioOptions;
  /** First message sent to the child. */
  start: unknown;
  /** Stage of the ImagingErrors (`upload`, `download`). */
  stage: AgentJobStage;
  /** What is transferred, as error messages start: `PUT http://…`. */
  what: string;
  signal?: AbortSignal;
  /** Handles each message of the child. */
  onMessage: (message: M, settle: TransferSettlement<unknown>) => void;
}

/**
 * Runs one transfer in a `node -e` child (a small heap: image bytes cost it next to nothing in garbage collection)
 * and settles from its messages. The child is killed when the transfer fails or `signal` aborts, and the transfer
 * fails if the child exits before settling it.
 * @throws ImagingError at `stage` (child could not start, exited early, or `fail`), ImagingCancelledError.
 */
export function runTransferChild<T, M>(opts: TransferChildOptions<M>): { child: ChildProcess; result: Promise<T> } {
  const child = spawn(process.execPath, ['-e', opts.source], { stdio: opts.stdio });
  child.stderr?.resume();
  const result = new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | null, value?: T) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      if (err) {
        child.kill('SIGKILL');
        reject(err);
      } else resolve(value as T);
    };
    const onAbort = () => finish(new ImagingCancelledError());
    const fail = (message: string) => finish(new ImagingError(opts.stage, `${opts.what}: ${message}`));
    const settlement: TransferSettlement<unknown> = {
      done: (value) => finish(null, value as T),
      reject: (err) => finish(err),
      fail,
    };
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (err) => fail(`transfer process could not start: ${err.message}`));
    child.on('close', (code, signal) => fail(`transfer process exited (${signal ?? `code ${code}`}) before the end`));
    child.on('message', (m: M) => opts.onMessage(m, settlement));
    child.send(opts.start as object);
  });
  return { child, result };
}
