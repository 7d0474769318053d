import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { DialectName } from './dialect.js';
import { keyedBatches } from './keyed-batches.js';
import type { Database } from './schema.js';

/**
 * Runs `work` in a transaction that writes to one wallet, and resolves once that transaction has
 * committed.
 */
export type WriteTransactions = <T>(walletId: string, work: (trx: Transaction<Database>) => Promise<T>) => Promise<T>;

/** Enough to amortise a commit; small enough that one batch never holds a wallet for long. */
const MAX_BATCH = 64;

const SAVEPOINT = CompiledQuery.raw('savepoint write_job');
const RELEASE = CompiledQuery.raw('release write_job');
const ROLLBACK_TO = CompiledQuery.raw('rollback to write_job');
/** PostgreSQL runs both in one round trip (a simple query may hold several statements). */
const RELEASE_AND_SAVEPOINT = CompiledQuery.raw('release write_job; savepoint write_job');

interface Job {
  readonly work: (trx: Transaction<Database>) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

/** A batch of one needs no savepoint: the transaction is the job's own. */
async function runAlone(db: Kysely<Database>, job: Job): Promise<void> {
  try {
    job.resolve(await db.transaction().execute((trx) => job.work(trx)));
  } catch (error) {
    job.reject(error);
  }
}

async function runBatch(db: Kysely<Database>, dialect: DialectName, jobs: readonly Job[]): Promise<void> {
  const [first] = jobs;
  if (jobs.length === 1 && first !== undefined) {
    await runAlone(db, first);
    return;
  }
  const outcomes: Outcome[] = [];
  try {
    await db.transaction().execute(async (trx) => {
      // The savepoint of the last job that succeeded, still to be released; COMMIT releases the
      // last one.
      let unreleased = false;
      for (const job of jobs) {
        if (!unreleased) await trx.executeQuery(SAVEPOINT);
        else if (dialect === 'postgres') await trx.executeQuery(RELEASE_AND_SAVEPOINT);
        else {
          await trx.executeQuery(RELEASE);
          await trx.executeQuery(SAVEPOINT);
        }
        try {
          const value = await job.work(trx);
          unreleased = true;
          outcomes.push({ ok: true, value });
        } catch (error) {
          await trx.executeQuery(ROLLBACK_TO);
          await trx.executeQuery(RELEASE);
          unreleased = false;
          outcomes.push({ ok: false, error });
        }
      }
    });
  } catch (error) {
    for (const job of jobs) job.reject(error);
    return;
  }
  jobs.forEach((job, index) => {
    const outcome = outcomes[index];
    if (outcome?.ok === true) job.resolve(outcome.value);
    else job.reject(outcome?.error);
  });
}

/**
 * Group commit. Committing (SQLite: writing the transaction's pages to the WAL and now and then
 * checkpointing; PostgreSQL: flushing the WAL to disk, while the writer holds the wallet's row
 * lock) costs more than the statements of a small write, and writes to one wallet run one at a
 * time anyway. So writes that arrive in the same turn of the event loop for the same queue share
 * one transaction, each inside its own savepoint: a job that fails is rolled back to its savepoint
 * alone and gets its own error, the others are unaffected. Every job settles only after the
 * shared COMMIT returned, so nobody is told "saved" before the data is committed; if the commit
 * fails, every job of the batch fails with it. A batch of one runs in a plain transaction, and on
 * PostgreSQL one job's RELEASE travels with the next one's SAVEPOINT: round trips are what a
 * PostgreSQL write costs.
 *
 * SQLite has one writer for the whole file, so it has one queue. On PostgreSQL each wallet has its
 * own queue: a batch locks only the wallet its jobs write, exactly as each job alone would, so
 * writes to different wallets still run in parallel and no new lock order (deadlock) can arise.
 */
function batchedWrites(
  db: Kysely<Database>,
  dialect: DialectName,
  queueOf: (walletId: string) => string,
): WriteTransactions {
  // One batch per queue at a time (db/keyed-batches.ts): writes that arrive while it runs wait and
  // form the next batch (on PostgreSQL they would otherwise only queue up behind the wallet's row
  // lock, one commit each).
  const enqueue = keyedBatches<Job>((_key, jobs) => runBatch(db, dialect, jobs), MAX_BATCH);
  return <T>(walletId: string, work: (trx: Transaction<Database>) => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      enqueue(queueOf(walletId), { work, resolve: resolve as (value: unknown) => void, reject });
    });
}

/** The write path's transactions, batched per wallet (PostgreSQL) or per file (SQLite). */
export function createWriteTransactions(db: Kysely<Database>, dialect: DialectName): WriteTransactions {
  return batchedWrites(db, dialect, dialect === 'sqlite' ? () => '' : (walletId) => walletId);
}
