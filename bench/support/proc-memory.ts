import { readFileSync } from 'node:fs';
import { processTree } from './process-tree.js';

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

/**
 * A server's current and peak RSS from /proc/<pid>/status (Linux only), its worker processes
 * included: `rssMiB` is their sum, `peakRssMiB` the highest peak of any one of them (a request is
 * answered by one worker, so that is the process whose memory a large answer grows).
 */
export function readProcessMemory(pid: number): ProcessMemory {
  let rssMiB = 0;
  let peakRssMiB = 0;
  for (const member of processTree(pid)) {
    const status = readFileSync(`/proc/${String(member)}/status`, 'utf8');
    rssMiB += statusField(status, 'VmRSS');
    peakRssMiB = Math.max(peakRssMiB, statusField(status, 'VmHWM'));
  }
  return { rssMiB, peakRssMiB };
}
