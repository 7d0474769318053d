import { categoryKey } from '@ttm/contract';
import { categoryRecordKey } from '../local-db/expense-queries.js';
import type { LocalDb } from '../local-db/local-db.js';
import type { ExpenseFields, ExpenseRecord, OutboxEntry } from '../local-db/records.js';
import { restoreWithoutAnswer } from './server-copies.js';

/** A change applied to the local store and queued for the server (in one transaction). */
export interface QueuedChange {
  readonly seq: number;
  readonly mutationId: string;
}

export interface NewExpense extends ExpenseFields {
  readonly id: string;
  readonly walletId: string;
  readonly currency: string;
}

function tables(db: LocalDb) {
  return [db.expenses, db.outbox, db.categories, db.serverCopies];
}

export async function enqueueCreate(db: LocalDb, expense: NewExpense, now: number): Promise<QueuedChange> {
  return db.transaction('rw', tables(db), async () => {
    const existing = await db.expenses.get(expense.id);
    if (existing) throw new Error(`Expense ${expense.id} already exists locally`);
    const stamp = new Date(now).toISOString();
    const record: ExpenseRecord = {
      id: expense.id,
      walletId: expense.walletId,
      amountMinor: expense.amountMinor,
      currency: expense.currency,
      category: expense.category,
      categoryKey: categoryKey(expense.category),
      date: expense.date,
      note: expense.note,
      createdBy: null,
      createdAt: stamp,
      updatedAt: stamp,
      version: 0,
      pending: true,
      confirmedAt: 0,
      kind: expense.kind ?? 'expense',
      originalAmountMinor: expense.originalAmountMinor ?? null,
      originalCurrency: expense.originalCurrency ?? null,
      rate: expense.rate ?? null,
    };
    await db.expenses.add(record);
    await bumpCategory(db, expense.walletId, expense.category, 1);
    return addEntry(db, {
      mutationId: crypto.randomUUID(),
      expenseId: expense.id,
      walletId: expense.walletId,
      currency: expense.currency,
      mutation: {
        kind: 'create',
        fields: {
          amountMinor: expense.amountMinor,
          category: expense.category,
          date: expense.date,
          note: expense.note,
          kind: record.kind ?? 'expense',
          originalAmountMinor: record.originalAmountMinor ?? null,
          originalCurrency: record.originalCurrency ?? null,
          rate: record.rate ?? null,
        },
      },
      previous: null,
      notBefore: now,
      createdAt: now,
    });
  });
}

export async function enqueueUpdate(
  db: LocalDb,
  id: string,
  changes: Partial<ExpenseFields>,
  baseVersion: number,
  now: number,
): Promise<QueuedChange> {
  return db.transaction('rw', tables(db), async () => {
    const current = await db.expenses.get(id);
    if (!current) throw new Error(`Expense ${id} is not in the local store`);
    const next: ExpenseRecord = {
      ...current,
      ...changes,
      categoryKey: categoryKey(changes.category ?? current.category),
      updatedAt: new Date(now).toISOString(),
      pending: true,
    };
    await db.expenses.put(next);
    if (changes.category !== undefined && categoryKey(changes.category) !== current.categoryKey) {
      await bumpCategory(db, current.walletId, current.category, -1);
      await bumpCategory(db, current.walletId, changes.category, 1);
    }
    return addEntry(db, {
      mutationId: crypto.randomUUID(),
      expenseId: id,
      walletId: current.walletId,
      currency: current.currency,
      mutation: { kind: 'update', changes, baseVersion },
      previous: current,
      notBefore: now,
      createdAt: now,
    });
  });
}

export async function enqueueDelete(db: LocalDb, id: string, now: number, undoWindowMs: number): Promise<QueuedChange> {
  return db.transaction('rw', tables(db), async () => {
    const current = await db.expenses.get(id);
    if (!current) throw new Error(`Expense ${id} is not in the local store`);
    await db.expenses.delete(id);
    await bumpCategory(db, current.walletId, current.category, -1);
    return addEntry(db, {
      mutationId: crypto.randomUUID(),
      expenseId: id,
      walletId: current.walletId,
      currency: current.currency,
      mutation: { kind: 'delete', baseVersion: current.version },
      previous: current,
      notBefore: now + undoWindowMs,
      createdAt: now,
    });
  });
}

/**
 * Takes a delete back while it still waits for its undo window; false once it has been handed to
 * the network (the server may have it already). With no other change queued for the expense, it
 * shows the server's copy when a sync brought a newer one meanwhile.
 */
export async function cancelDelete(db: LocalDb, seq: number): Promise<boolean> {
  return db.transaction('rw', tables(db), async () => {
    const entry = await db.outbox.get(seq);
    if (entry?.mutation.kind !== 'delete' || !entry.previous || entry.sentAt !== undefined) return false;
    await db.outbox.delete(seq);
    const stillWaiting = await db.outbox.where('expenseId').equals(entry.expenseId).count();
    let restored: ExpenseRecord | undefined;
    if (stillWaiting > 0) {
      restored = { ...entry.previous, pending: true };
      await db.expenses.put(restored);
    } else restored = await restoreWithoutAnswer(db, entry);
    if (restored) await bumpCategory(db, entry.walletId, restored.category, 1);
    return true;
  });
}

async function bumpCategory(db: LocalDb, walletId: string, name: string, delta: number): Promise<void> {
  const key = categoryRecordKey(walletId, name);
  const existing = await db.categories.get(key);
  const count = Math.max(0, (existing?.count ?? 0) + delta);
  await db.categories.put({ walletKey: key, walletId, name: existing?.name ?? name.trim(), count });
}

async function addEntry(db: LocalDb, entry: OutboxEntry): Promise<QueuedChange> {
  const seq = await db.outbox.add(entry);
  if (seq === undefined) throw new Error('The outbox did not assign a sequence number');
  return { seq, mutationId: entry.mutationId };
}
