import { readdirSync, readFileSync } from 'node:fs';
import { run } from '@og/testing';

/** Clock ticks per second of /proc's CPU times (`getconf CLK_TCK`). */
let ticksPerSecond = 100;

/** Reads `getconf CLK_TCK` once; /proc CPU times are in those ticks. */
export async function initCpuClock(): Promise<void> {
  ticksPerSecond = Number((await run('getconf', ['CLK_TCK'])).trim()) || 100;
}

/** CPU time (user + system, ms) a process has used so far; 0 once it is gone. */
function processCpuMs(pid: number): number {
  try {
    // Fields after the parenthesised command name: state is the 1st, utime the 12th, stime the 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return 0;
  }
}

/** Pids of the processes whose command line contains `text` (e.g. PostgreSQL backends of one database). */
function pidsMatching(text: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(text);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Pid of the process listening on TCP `port` (from `ss -ltnp`). @throws when none is. */
export async function pidListeningOn(port: number): Promise<number> {
  const out = await run('ss', ['-Hltnp', `sport = :${port}`]);
  const pid = /pid=(\d+)/.exec(out)?.[1];
  if (!pid) throw new Error(`no process listens on port ${port}`);
  return Number(pid);
}

/**
 * CPU time (ms) used so far by og-core (`corePid`) and by the PostgreSQL backends serving `database`:
 * unlike latency, it does not grow when other work shares the machine.
 */
export function cpuSnapshot(corePid: number, database: string): { core: number; postgres: number } {
  const backends = pidsMatching(` ${database} `);
  return { core: processCpuMs(corePid), postgres: backends.reduce((sum, pid) => sum + processCpuMs(pid), 0) };
}
