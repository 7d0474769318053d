import { ApiError, conflictEndpoints } from '@ttm/contract';
import type { ApiCaller } from '../api/api-caller.js';
import { expenseToRecord } from '../local-db/expense-mapper.js';
import type { LocalDb } from '../local-db/local-db.js';
import type { ConflictRecord } from '../local-db/records.js';
import { keepServerCopy } from './server-copies.js';

/** Which side of a conflict to keep: `client` is the change that lost, `server` what was kept. */
export type ConflictChoice = 'client' | 'server';

/** Replaces the wallet's cached open conflicts with the server's list. */
export async function refreshConflicts(db: LocalDb, api: ApiCaller, walletId: string): Promise<void> {
  let open: ConflictRecord[];
  try {
    open = await api.call(conflictEndpoints.list, { query: { walletId } });
  } catch (error) {
    // No longer a member: the next pull drops the wallet.
    if (error instanceof ApiError && error.status === 404) return;
    throw error;
  }
  await db.transaction('rw', db.conflicts, async () => {
    await db.conflicts.where('walletId').equals(walletId).delete();
    await db.conflicts.bulkPut(open);
  });
}

/**
 * Settles a conflict on the server (an ordinary write every device pulls) and shows the
 * outcome here at once. Needs the server: there is nothing to decide offline.
 */
export async function resolveConflict(
  db: LocalDb,
  api: ApiCaller,
  conflictId: string,
  choice: ConflictChoice,
  now: number,
): Promise<void> {
  const resolved = await api.call(conflictEndpoints.resolve, { params: { id: conflictId }, body: { choice } });
  await db.transaction('rw', [db.conflicts, db.expenses, db.outbox, db.serverCopies], async () => {
    await db.conflicts.delete(conflictId);
    // A change queued here meanwhile stays on top; its push merges with the resolution.
    if ((await db.outbox.where('expenseId').equals(resolved.expenseId).count()) > 0) {
      const expense = resolved.expense ? expenseToRecord(resolved.expense, now) : null;
      await keepServerCopy(db, resolved.expenseId, resolved.walletId, expense);
      return;
    }
    if (resolved.expense) await db.expenses.put(expenseToRecord(resolved.expense, now));
    else await db.expenses.delete(resolved.expenseId);
  });
}
