import cluster, { type Worker } from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import type { Config } from '../config.js';
import { createDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import { loadOrCreateJwtSecret } from '../security/jwt-secret.js';
import { relayRevocations } from '../security/revocation-relay.js';
import { serveSharedCounters } from '../security/shared-window-counter.js';
import { MemoryWindowCounter } from '../security/window-counter.js';
import { readyUrl } from './serve.js';
import { BACKGROUND_JOBS_ENV } from './worker-role.js';

/** A worker that keeps crashing this often within the window stops the server instead of looping. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;
const RESTART_DELAY_MS = 1_000;
/** Workers still running this long after SIGTERM are killed. */
const SHUTDOWN_GRACE_MS = 30_000;

/**
 * The primary process of `WORKERS` > 1: it migrates the database and makes sure the JWT secret
 * exists (once, before any worker starts), then starts the workers, which share the port
 * (node:cluster hands each new connection to the next worker). It keeps the counters that must
 * be exact across workers, starts a new worker when one dies, and on SIGTERM or SIGINT lets every
 * worker finish its in-flight requests before exiting. It never answers a request itself.
 */
export async function runPrimary(config: Config): Promise<void> {
  const log = pino({ level: config.logLevel });
  const database = createDatabase(config.databaseUrl);
  try {
    await migrateToLatest(database.db);
  } finally {
    await database.destroy();
  }
  if (config.jwtSecret === null) loadOrCreateJwtSecret(config.dataDir);

  const counters = new MemoryWindowCounter();
  /** Slot of each running worker: slot 0 runs the background jobs, in every incarnation. */
  const slots = new Map<Worker, number>();
  const listening = new Set<Worker>();
  const restarts: number[] = [];
  let announced = false;
  let stopping = false;
  let exitCode = 0;

  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    for (const worker of slots.keys()) worker.process.kill('SIGTERM');
    setTimeout(() => {
      for (const worker of slots.keys()) worker.process.kill('SIGKILL');
    }, SHUTDOWN_GRACE_MS).unref();
    if (slots.size === 0) process.exit(exitCode);
  };

  const start = (slot: number) => {
    const worker = cluster.fork({ [BACKGROUND_JOBS_ENV]: slot === 0 ? '1' : '0' });
    slots.set(worker, slot);
    serveSharedCounters(worker, counters);
    relayRevocations(worker, () => slots.keys());
    worker.once('listening', (address: AddressInfo) => {
      listening.add(worker);
      if (!announced && listening.size === config.workers) {
        announced = true;
        log.info(
          `TrackThatMoney is ready: ${readyUrl(config.host, address.port)} (API docs at /docs), ${String(config.workers)} worker processes`,
        );
      }
    });
  };

  cluster.on('exit', (worker, code, signal) => {
    const slot = slots.get(worker);
    slots.delete(worker);
    const started = listening.delete(worker);
    if (stopping) {
      if (code !== 0 && signal !== 'SIGTERM') exitCode = 1;
      if (slots.size === 0) process.exit(exitCode);
      return;
    }
    if (slot === undefined) return;
    if (!started) {
      log.error(
        { worker: worker.process.pid, code, signal },
        'a worker exited before it was ready: stopping the server',
      );
      stop(1);
      return;
    }
    const now = Date.now();
    restarts.push(now);
    while (restarts.length > 0 && (restarts[0] ?? now) < now - RESTART_WINDOW_MS) restarts.shift();
    if (restarts.length > MAX_RESTARTS) {
      log.error({ restarts: restarts.length }, 'workers keep crashing: stopping the server');
      stop(1);
      return;
    }
    log.error({ worker: worker.process.pid, code, signal }, 'a worker exited unexpectedly: starting a new one');
    setTimeout(() => {
      if (!stopping) start(slot);
    }, RESTART_DELAY_MS);
  });

  const onSignal = (signal: NodeJS.Signals) => {
    log.info({ signal }, 'shutting down: workers are finishing in-flight requests');
    stop(0);
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);

  for (let slot = 0; slot < config.workers; slot++) start(slot);
}
