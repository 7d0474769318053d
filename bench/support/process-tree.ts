import { readFileSync } from 'node:fs';

/**
 * A process and all of its descendants (Linux: /proc/<pid>/task/<tid>/children), so that a server
 * running worker processes is measured whole, not only its primary.
 */
export function processTree(pid: number): number[] {
  const pids = [pid];
  for (let index = 0; index < pids.length; index++) {
    const parent = pids[index];
    if (parent === undefined) continue;
    try {
      const children = readFileSync(`/proc/${String(parent)}/task/${String(parent)}/children`, 'utf8');
      for (const child of children.trim().split(/\s+/)) if (child !== '') pids.push(Number(child));
    } catch {
      // The process ended meanwhile.
    }
  }
  return pids;
}
