import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { type Clock, isoAt } from '../../clock.js';
import type { Database } from '../../db/schema.js';
import { compactBefore, type CompactionResult } from './sync.repository.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const EVERY_MS = 6 * 60 * 60 * 1000;

/** Compacts everything older than the horizon (see compactBefore). */
export function compactSyncHistory(db: Kysely<Database>, now: number, horizonDays: number): Promise<CompactionResult> {
  return compactBefore(db, isoAt(now - horizonDays * DAY_MS));
}

/** Compacts once the app is ready and every six hours; a run in progress finishes before close. */
export function scheduleSyncCompaction(
  app: FastifyInstance,
  db: Kysely<Database>,
  clock: Clock,
  horizonDays: number,
): void {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running.then(() =>
      compactSyncHistory(db, clock(), horizonDays).then(
        (result) => {
          if (result.tombstones + result.mutations + result.conflicts > 0) {
            app.log.info({ compacted: result }, 'sync history compacted');
          }
        },
        (error: unknown) => {
          app.log.error({ err: error }, 'sync history compaction failed');
        },
      ),
    );
  };
  app.addHook('onReady', (done) => {
    run();
    timer = setInterval(run, EVERY_MS);
    timer.unref();
    done();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await running;
  });
}
