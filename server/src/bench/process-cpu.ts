/**
 * CPU time of the processes a benchmark phase drives, from /proc (Linux): user + system time per
 * process, read before and after the phase. PostgreSQL is the postmaster and every backend it forked:
 * the live children's own time plus what the postmaster collected from children that exited
 * (cutime + cstime), so a connection closed mid-phase still counts.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Clock ticks per second of /proc's times (sysconf CLK_TCK; 100 on Linux unless told otherwise). */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface ProcStat {
  ppid: number;
  /** utime + stime, in ticks. */
  own: number;
  /** cutime + cstime (children waited for), in ticks. */
  children: number;
}

function procStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the command name (which may hold spaces and parentheses): state is field 3, ppid 4, utime 14 … cstime 17.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const n = (i: number) => Number(fields[i - 3]);
    return { ppid: n(4), own: n(14) + n(15), children: n(16) + n(17) };
  } catch {
    return null;
  }
}

/** One process's CPU seconds so far (user + system); null where /proc cannot be read. */
export function processCpuSeconds(pid: number): number | null {
  const stat = procStat(pid);
  return stat ? stat.own / TICKS_PER_SECOND : null;
}

/** A PostgreSQL cluster's CPU seconds so far: the postmaster, its live backends and its exited ones. */
export function postgresCpuSeconds(postmasterPid: number): number | null {
  const postmaster = procStat(postmasterPid);
  if (!postmaster) return null;
  let ticks = postmaster.own + postmaster.children;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const child = procStat(Number(entry));
    if (child?.ppid === postmasterPid) ticks += child.own;
  }
  return ticks / TICKS_PER_SECOND;
}

/** The postmaster's pid, from the first line of `postmaster.pid` in the cluster's data folder. */
export function postmasterPid(dataDir: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0] ?? '', 10);
    return pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** A named set of processes whose CPU time a phase is charged with. */
export type CpuMeter = () => Record<string, number | null>;

/** Runs `phase` and answers what it cost each process, in CPU milliseconds (null where unreadable). */
export async function cpuCost<T>(meter: CpuMeter, phase: () => Promise<T>): Promise<{ value: T; cpuMs: Record<string, number | null> }> {
  const before = meter();
  const value = await phase();
  const after = meter();
  const cpuMs = Object.fromEntries(
    Object.entries(after).map(([name, seconds]) => {
      const was = before[name];
      return [name, seconds === null || was === null || was === undefined ? null : (seconds - was) * 1_000];
    }),
  );
  return { value, cpuMs };
}
