import type { LocalDb } from '../local-db/local-db.js';
import type { ExpenseRecord, OutboxEntry } from '../local-db/records.js';

/**
 * Remembers what the server holds for a row whose queued changes keep the pull from writing it
 * (`expense` null: deleted there). Call inside a transaction that includes `serverCopies`.
 */
export async function keepServerCopy(
  db: LocalDb,
  id: string,
  walletId: string,
  expense: ExpenseRecord | null,
): Promise<void> {
  await db.serverCopies.put({ id, walletId, expense });
}

/**
 * The last queued change of a row left without a server answer (undone, or refused before it was
 * sent): the row takes the server's copy when a pull or push brought one meanwhile, else it goes
 * back to how it was before the change. Returns the row as it now is (undefined: gone). Call
 * inside a transaction that includes `expenses` and `serverCopies`.
 */
export async function restoreWithoutAnswer(db: LocalDb, entry: OutboxEntry): Promise<ExpenseRecord | undefined> {
  const copy = await db.serverCopies.get(entry.expenseId);
  await db.serverCopies.delete(entry.expenseId);
  const restored = copy ? copy.expense : entry.previous;
  if (!restored) {
    await db.expenses.delete(entry.expenseId);
    return undefined;
  }
  const row = { ...restored, pending: false };
  await db.expenses.put(row);
  return row;
}

/** The row's queued changes are all answered: the server's answer is newer than any kept copy. */
export async function forgetServerCopy(db: LocalDb, id: string): Promise<void> {
  await db.serverCopies.delete(id);
}
