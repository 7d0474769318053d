import { readFileSync } from 'node:fs';

export interface ProcessMemory {
  /** Resident set size now, in MiB. */
  readonly rssMiB: number;
  /** Peak resident set size since the process started (VmHWM), in MiB. */
  readonly peakRssMiB: number;
}

function statusField(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (!match?.[1]) throw new Error(`no ${field} in /proc status`);
  return Number(match[1]) / 1024;
}

/** A process's current and peak RSS from /proc/<pid>/status (Linux only). */
export function readProcessMemory(pid: number): ProcessMemory {
  const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
  return { rssMiB: statusField(status, 'VmRSS'), peakRssMiB: statusField(status, 'VmHWM') };
}
