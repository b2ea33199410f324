import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import type { SendfileProgram } from '@repository/common/sendfile-program';

/** What became of a body handed to a sendfile child. */
export type SendfileOutcome =
  /** The child sent all the bytes and exited 0. */
  | 'sent'
  /** The child could not run, or failed before reading a byte: nothing of the body went out, Node may send it. */
  | 'not-started'
  /** The transfer broke part-way (client gone, file shorter than announced, child killed): the body is incomplete. */
  | 'broken';

/** Children sending right now, killed if this process exits before them. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Moves the offset of `fd` (shared with any child it is handed to) to `offset` bytes with `busybox dd skip=… count=0`,
 * which only calls lseek(2): Node has no lseek. Resolves true once the offset is there, false when dd could not run or
 * the offset is not where asked (the caller then sends with Node, which reads at explicit positions); never rejects.
 */
export function seekFile(program: SendfileProgram, fd: number, offset: number): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(program.busybox, ['dd', `skip=${offset}`, 'iflag=skip_bytes', 'count=0', 'status=none'], {
      stdio: [fd, 'ignore', 'ignore'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    const settle = (ok: boolean) => {
      clearTimeout(timer);
      resolve(ok);
    };
    child.once('error', () => settle(false));
    child.once('exit', (code) => settle(code === 0 && fileOffset(fd) === offset));
  });
}

/**
 * Sends `length` bytes of `fd` from its current offset to the end of the file down `socket` with a `busybox cat` child
 * (sendfile(2): the bytes never enter this process). The response head must already be on the wire and the response
 * must end the connection afterwards (`Connection: close`): the child writes straight into the socket.
 *
 * `onProgress` receives, at once, a function returning the bytes the child has sent so far: the offset of `fd` in
 * `/proc/self/fdinfo`, which the child moves at the end of each sendfile call (busybox sends 16 MiB per call, so the
 * count moves in 16 MiB steps), then the final count once it is done. The child is killed when the
 * socket closes, and when this process exits (or dies, with util-linux `setpriv`). Resolves when the child is gone,
 * with the socket's non-blocking mode restored (spawning made it blocking for the child); never rejects.
 */
export function sendFileTail(
  socket: Socket,
  fd: number,
  length: number,
  program: SendfileProgram,
  onProgress: (bytesSent: () => number) => void,
): Promise<SendfileOutcome> {
  const from = fileOffset(fd);
  if (from === null || socket.destroyed) return Promise.resolve(from === null ? 'not-started' : 'broken');
  let sentAtExit: number | null = null;
  const bytesSent = () => sentAtExit ?? Math.max(0, (fileOffset(fd) ?? from) - from);
  let child: ChildProcess;
  try {
    child = program.setpriv
      ? spawn(program.setpriv, ['--pdeathsig', 'KILL', program.busybox, 'cat'], { stdio: [fd, socket, 'ignore'] })
      : spawn(program.busybox, ['cat'], { stdio: [fd, socket, 'ignore'] });
  } catch {
    restoreNonBlocking(socket);
    return Promise.resolve('not-started');
  }
  child.once('error', () => undefined); // a failed spawn is seen below as a missing pid
  if (child.pid === undefined) {
    restoreNonBlocking(socket);
    return Promise.resolve('not-started');
  }
  onProgress(bytesSent);
  track(child);
  const kill = () => child.kill('SIGKILL');
  socket.once('close', kill);
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      socket.off('close', kill);
      sentAtExit = bytesSent();
      restoreNonBlocking(socket);
      if (code === 0 && sentAtExit === length) resolve('sent');
      else if (sentAtExit === 0 && code !== 0 && signal === null && !socket.destroyed) resolve('not-started');
      else resolve('broken');
    });
  });
}

/**
 * The offset of `fd` in bytes, from `/proc/self/fdinfo/<fd>` (`pos:` line); null when it cannot be read. A child given
 * `fd` shares this offset (same open file description), so it shows how far the child has read.
 */
export function fileOffset(fd: number): number | null {
  try {
    return parseFdinfoPos(readFileSync(`/proc/self/fdinfo/${fd}`, 'latin1'));
  } catch {
    return null;
  }
}

/** The `pos:` field of a `/proc/<pid>/fdinfo/<fd>` text (the file offset in bytes); null when absent. */
export function parseFdinfoPos(fdinfo: string): number | null {
  const m = /^pos:\s*(\d+)$/m.exec(fdinfo);
  return m ? Number(m[1]) : null;
}

function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => running.forEach((c) => c.kill('SIGKILL')));
}

/**
 * A child's stdio is made blocking (O_NONBLOCK is a flag of the open file description, so the socket of this process
 * turns blocking too): once the child is gone, the socket goes back to non-blocking for libuv. `setBlocking` is the
 * handle method behind `process.stdout._handle.setBlocking`; there is no public one for sockets.
 */
function restoreNonBlocking(socket: Socket): void {
  const handle = (socket as unknown as { _handle?: { setBlocking?: (blocking: boolean) => number } | null })._handle;
  handle?.setBlocking?.(false);
}
