/** Peak resident memory of a process, from /proc (Linux): VmHWM, resettable through clear_refs. */
import { readFileSync, writeFileSync } from 'node:fs';

/** Peak RSS in MiB since start or the last reset; null where /proc cannot be read. */
export function peakRssMiB(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/** Starts a new peak measurement (writing 5 to clear_refs resets VmHWM to the current RSS). Returns false when not allowed. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
