import { endpoints, type Expense } from '@ttm/contract';
import type { ApiCaller } from '../api/api-caller.js';
import { categoryRecordKey } from '../local-db/expense-queries.js';
import { expenseToRecord, sameAsServer } from '../local-db/expense-mapper.js';
import type { LocalDb } from '../local-db/local-db.js';
import type { ExpenseRecord } from '../local-db/records.js';

const PAGE_SIZE = 200;
/** Rows written per local transaction: each write re-renders the list once. */
const APPLY_BATCH = 2000;

/** Replaces the local wallet list; expenses of wallets no longer listed are dropped. */
export async function pullWallets(db: LocalDb, api: ApiCaller): Promise<void> {
  const wallets = await api.call(endpoints.wallets.list, {});
  const ids = new Set(wallets.map((wallet) => wallet.id));
  await db.transaction('rw', [db.wallets, db.expenses, db.categories], async () => {
    const gone = (await db.wallets.toCollection().primaryKeys()).filter((id) => !ids.has(id));
    await db.wallets.bulkDelete(gone);
    for (const walletId of gone) {
      await db.expenses.where('walletId').equals(walletId).delete();
      await db.categories.where('walletId').equals(walletId).delete();
    }
    await db.wallets.bulkPut(
      wallets.map(({ id, name, currency, role, personal, createdAt }) => ({
        id,
        name,
        currency,
        role,
        personal,
        createdAt,
      })),
    );
  });
}

export async function pullCategories(db: LocalDb, api: ApiCaller, walletId: string): Promise<void> {
  const categories = await api.call(endpoints.categories.list, { query: { walletId } });
  await db.transaction('rw', db.categories, async () => {
    await db.categories.where('walletId').equals(walletId).delete();
    await db.categories.bulkPut(
      categories.map((category) => ({
        walletKey: categoryRecordKey(walletId, category.name),
        walletId,
        name: category.name,
        count: category.count,
      })),
    );
  });
}

/**
 * Brings the wallet's local expenses in line with the server: every page is applied as it
 * arrives (the first one at once, so a new device shows something quickly), then rows the
 * server no longer has are removed. Local writes still waiting in the outbox win over the
 * server's copy, rows confirmed after the pull began are never removed, and a row deleted
 * here is not brought back by a page fetched before the delete landed.
 */
export async function pullExpenses(db: LocalDb, api: ApiCaller, walletId: string, now: () => number): Promise<void> {
  const startedAt = now();
  const seen = new Set<string>();
  let cursor: string | undefined;
  let batch: Expense[] = [];
  let firstPage = true;
  do {
    const page = await api.call(endpoints.expenses.list, {
      query: { walletId, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) },
    });
    for (const item of page.items) {
      seen.add(item.id);
      batch.push(item);
    }
    cursor = page.nextCursor ?? undefined;
    if (firstPage || batch.length >= APPLY_BATCH || cursor === undefined) {
      await applyServerRows(db, batch, startedAt);
      batch = [];
      firstPage = false;
    }
  } while (cursor !== undefined);
  await removeVanished(db, walletId, seen, startedAt);
}

export async function applyServerRows(db: LocalDb, items: readonly Expense[], startedAt: number): Promise<void> {
  if (items.length === 0) return;
  await db.transaction('rw', [db.expenses, db.outbox, db.tombstones], async () => {
    const ids = items.map((item) => item.id);
    const [existing, waiting, tombstones] = await Promise.all([
      db.expenses.bulkGet(ids),
      db.outbox.where('expenseId').anyOf(ids).toArray(),
      db.tombstones.bulkGet(ids),
    ]);
    const pendingIds = new Set(waiting.map((entry) => entry.expenseId));
    const writes: ExpenseRecord[] = [];
    items.forEach((item, index) => {
      const local = existing[index];
      if (pendingIds.has(item.id) || tombstones[index] !== undefined) return;
      if (local && (local.version > item.version || sameAsServer(local, item))) return;
      writes.push(expenseToRecord(item, startedAt));
    });
    if (writes.length > 0) await db.expenses.bulkPut(writes);
  });
}

async function removeVanished(
  db: LocalDb,
  walletId: string,
  seen: ReadonlySet<string>,
  startedAt: number,
): Promise<void> {
  await db.transaction('rw', [db.expenses, db.outbox, db.tombstones], async () => {
    const waiting = new Set((await db.outbox.toArray()).map((entry) => entry.expenseId));
    const gone: string[] = [];
    await db.expenses
      .where('walletId')
      .equals(walletId)
      .each((row) => {
        if (!seen.has(row.id) && !row.pending && !waiting.has(row.id) && row.confirmedAt < startedAt) gone.push(row.id);
      });
    await db.expenses.bulkDelete(gone);
    // The server deleted these before this pull began, so no later page can contain them.
    await db.tombstones.where('deletedAt').below(startedAt).delete();
  });
}
