import { Logger } from '@nestjs/common';
import { findExecutable, runTool } from '@og/imaging';

/**
 * How to run the busybox applets of the sendfile path: Debian's busybox `cat` copies a file to a socket with
 * sendfile(2) (no copy through userspace), and its `dd skip=N count=0` only seeks.
 */
export interface SendfileProgram {
  /** Absolute path of busybox. */
  busybox: string;
  /**
   * Absolute path of util-linux `setpriv`, run in front of `cat` with `--pdeathsig KILL` so the child dies with this
   * process even when it is killed outright; null when absent (children are then killed on a normal exit only).
   */
  setpriv: string | null;
}

/** Where to look; by default both are searched in `PATH`. */
export interface SendfileProgramSearch {
  busybox?: string;
  setpriv?: string;
}

const logger = new Logger('SendFile');
let detected: Promise<SendfileProgram | null> | null = null;

/**
 * The sendfile program of this process, found on first use and then kept; logs once which path downloads take.
 * Never rejects: resolves null (downloads copy through Node) when busybox is missing or lacks `cat` or `dd`.
 */
export function sendfileProgram(): Promise<SendfileProgram | null> {
  detected ??= findSendfileProgram().then((program) => {
    if (program)
      logger.log(
        `large downloads use sendfile(2) via ${program.busybox} cat` +
          (program.setpriv ? '' : ' (setpriv not found: children are killed on a normal exit only)'),
      );
    else
      logger.warn('busybox not found (or without cat/dd): downloads copy through Node; install busybox for sendfile');
    return program;
  });
  return detected;
}

/**
 * Looks for busybox and setpriv (given paths, else {@link findExecutable}) and checks that they run: `busybox cat` and `busybox dd`
 * on /dev/null, and `setpriv --pdeathsig KILL busybox true`. Resolves null without a working busybox; never rejects.
 */
export async function findSendfileProgram(search: SendfileProgramSearch = {}): Promise<SendfileProgram | null> {
  const busybox = search.busybox ?? (await findExecutable('busybox'));
  if (!busybox || !(await exitsZero(busybox, ['cat', '/dev/null'])) || !(await exitsZero(busybox, ['dd', 'count=0'])))
    return null;
  const setpriv = search.setpriv ?? (await findExecutable('setpriv'));
  const setprivWorks = !!setpriv && (await exitsZero(setpriv, ['--pdeathsig', 'KILL', busybox, 'true']));
  return { busybox, setpriv: setprivWorks ? setpriv : null };
}

/** Runs `command args` (no input); true when it ran and exited 0 within 5 s. */
function exitsZero(command: string, args: string[]): Promise<boolean> {
  return runTool(command, args, { timeoutMs: 5000 }).then(
    () => true,
    () => false,
  );
}
