import type { WorkerRole } from '../app.js';
import { revocationPeers } from '../security/revocation-relay.js';
import { type MessageChannel, SharedCounterClient } from '../security/shared-window-counter.js';

/** Set by the primary in the environment of the worker that runs the background jobs. */
export const BACKGROUND_JOBS_ENV = 'TTM_WORKER_RUNS_BACKGROUND_JOBS';

/** The role of this process, started by the primary as one of `workers` workers. */
export function workerRole(workers: number): WorkerRole {
  const primary: MessageChannel = {
    send: (message) => {
      if (process.send === undefined) throw new Error('a worker without an IPC channel to its primary');
      return process.send(message);
    },
    on: (event, listener) => process.on(event, listener),
  };
  const counters = new SharedCounterClient(primary);
  return {
    workers,
    runsBackgroundJobs: process.env[BACKGROUND_JOBS_ENV] === '1',
    sharedCounter: (prefix) => counters.counter(prefix),
    revocations: revocationPeers(primary),
  };
}
