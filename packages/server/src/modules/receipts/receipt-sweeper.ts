import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/schema.js';
import type { ReceiptFiles } from './receipt-files.js';
import {
  deleteReceiptRow,
  existingReceipts,
  existingWallets,
  listDeletedReceipts,
  listReceiptsOfDeletedExpenses,
  type ReceiptRow,
} from './receipts.repository.js';

const BATCH = 500;
/**
 * A file without a row is left alone this long: an upload renames its file into place just before
 * it writes the row, so only files older than this can be leftovers of a crash.
 */
export const ORPHAN_GRACE_MS = 60 * 60 * 1000;

/**
 * Removes receipt files that no row needs any more. Deleting an expense (REST, sync push, conflict
 * resolution) marks its receipts in the same transaction; deleting a wallet or an account removes
 * the rows by ON DELETE CASCADE. The files follow here, after the commit: a rolled-back delete can
 * never have removed a file.
 */
export function createReceiptSweeper(db: Kysely<Database>, files: ReceiptFiles, clock: Clock, log: FastifyBaseLogger) {
  let running: Promise<void> = Promise.resolve();
  let queued = false;
  let foldersQueued = false;

  /** Removes the files, then the rows, of what `next` lists, a batch at a time. */
  async function removeAll(next: (limit: number) => Promise<Pick<ReceiptRow, 'id' | 'wallet_id'>[]>) {
    let removed = 0;
    for (;;) {
      const doomed = await next(BATCH);
      for (const receipt of doomed) {
        await files.remove(receipt.wallet_id, receipt.id);
        await deleteReceiptRow(db, receipt.id);
      }
      removed += doomed.length;
      if (doomed.length < BATCH) return removed;
    }
  }

  /** Files of receipts marked deleted (one indexed query when there are none). */
  function sweepMarked(): Promise<number> {
    return removeAll((limit) => listDeletedReceipts(db, limit));
  }

  /** Marked receipts and the folders of wallets that no longer exist (a directory listing). */
  async function sweepDeleted(): Promise<number> {
    let removed = await sweepMarked();
    const folders = await files.walletIds();
    const alive = await existingWallets(db, folders);
    for (const walletId of folders) {
      if (alive.has(walletId)) continue;
      await files.removeWallet(walletId);
      removed += 1;
    }
    return removed;
  }

  /**
   * Receipts of deleted expenses that were never marked, files no row names (a crash between the
   * rename and the commit) and stale temporary files.
   */
  async function sweepOrphans(): Promise<number> {
    const before = clock() - ORPHAN_GRACE_MS;
    let removed = await removeAll((limit) => listReceiptsOfDeletedExpenses(db, limit));
    for (const walletId of await files.walletIds()) {
      const names = await files.filesOlderThan(walletId, before);
      const known = await existingReceipts(db, names);
      for (const name of names) {
        if (known.has(name)) continue;
        await files.remove(walletId, name);
        removed += 1;
      }
    }
    for (const name of await files.filesOlderThan(null, before)) {
      await files.removeTemp(name);
      removed += 1;
    }
    return removed;
  }

  function enqueue(job: () => Promise<number>): Promise<void> {
    running = running.then(job).then(
      (removed) => {
        if (removed > 0) log.info({ removed }, 'receipt files removed');
      },
      (error: unknown) => {
        log.error({ err: error }, 'receipt sweep failed');
      },
    );
    return running;
  }

  return {
    /**
     * Soon after a delete; calls made while one waits to run share it. Only a deleted wallet or
     * account (`folders`) makes it list the wallet folders on disk; an expense delete or a sync
     * push needs just the marked rows.
     */
    afterDelete(scope: 'receipts' | 'folders' = 'receipts'): void {
      if (scope === 'folders') foldersQueued = true;
      if (queued) return;
      queued = true;
      void enqueue(() => {
        queued = false;
        const folders = foldersQueued;
        foldersQueued = false;
        return folders ? sweepDeleted() : sweepMarked();
      });
    },
    /** Everything, orphans included (at startup and periodically). */
    full(): Promise<void> {
      return enqueue(async () => (await sweepDeleted()) + (await sweepOrphans()));
    },
    /** Resolves once every sweep started so far has finished. */
    idle(): Promise<void> {
      return running;
    },
  };
}

export type ReceiptSweeper = ReturnType<typeof createReceiptSweeper>;

const EVERY_MS = 60 * 60 * 1000;

/** A full sweep once the app is ready and every hour; a sweep in progress finishes before close. */
export function scheduleReceiptSweeps(app: FastifyInstance, sweeper: ReceiptSweeper): void {
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', (done) => {
    void sweeper.full();
    timer = setInterval(() => void sweeper.full(), EVERY_MS);
    timer.unref();
    done();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await sweeper.idle();
  });
}
