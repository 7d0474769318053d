import { endpoints, type Changes, type Expense, type Wallet } from '@ttm/contract';
import type { ApiCaller } from '../api/api-caller.js';
import { categoryRecordKey } from '../local-db/expense-queries.js';
import { expenseToRecord, sameAsServer } from '../local-db/expense-mapper.js';
import type { LocalDb } from '../local-db/local-db.js';
import type { ExpenseRecord, WalletRecord } from '../local-db/records.js';

/** Changes per request: the contract's maximum, so a 10,000-expense wallet arrives in 10 pages. */
export const CHANGES_PAGE_SIZE = 1000;

export interface WalletsPulled {
  /** The server's list, with each wallet's current version. */
  readonly wallets: readonly Wallet[];
  /** Wallets this device had that the server no longer lists (removed, left, deleted). */
  readonly gone: readonly WalletRecord[];
}

export function walletToRecord({ id, name, currency, role, personal, version, createdAt }: Wallet): WalletRecord {
  return { id, name, currency, role, personal, version, createdAt };
}

/**
 * Replaces the local wallet list. Wallets no longer listed lose their local data; a wallet
 * added here while the list was on its way (created or joined just now) is kept.
 */
export async function pullWallets(db: LocalDb, api: ApiCaller): Promise<WalletsPulled> {
  const before = new Set(await db.wallets.toCollection().primaryKeys());
  const wallets = await api.call(endpoints.wallets.list, {});
  const ids = new Set(wallets.map((wallet) => wallet.id));
  const gone = await db.transaction(
    'rw',
    [db.wallets, db.expenses, db.categories, db.outbox, db.members, db.syncCursors],
    async () => {
      const goneRows = (await db.wallets.toArray()).filter((wallet) => before.has(wallet.id) && !ids.has(wallet.id));
      for (const wallet of goneRows) await db.dropWallet(wallet.id);
      await db.wallets.bulkPut(wallets.map(walletToRecord));
      return goneRows;
    },
  );
  return { wallets, gone };
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

/** Caches a shared wallet's members, so each expense can name who added it. */
export async function pullMembers(db: LocalDb, api: ApiCaller, walletId: string): Promise<void> {
  const members = await api.call(endpoints.members.list, { params: { id: walletId } });
  await db.transaction('rw', db.members, async () => {
    await db.members.where('walletId').equals(walletId).delete();
    await db.members.bulkPut(members.map((member) => ({ walletId, ...member })));
  });
}

/** True when the server's wallet version is past what this device has applied. */
export async function needsPull(db: LocalDb, walletId: string, serverVersion: number): Promise<boolean> {
  const cursor = await db.syncCursors.get(walletId);
  return cursor?.since !== serverVersion;
}

/**
 * Brings the wallet's local expenses in line with the server by following its change feed
 * from the last version applied here: every page (changed rows and deletions) is applied
 * together with the new position, so an interrupted pull resumes where it stopped. Local
 * writes still waiting in the outbox win over the server's copy, and a row deleted here is
 * not brought back by a page fetched before the delete landed. Returns the requests made.
 */
export async function pullExpenses(
  db: LocalDb,
  api: ApiCaller,
  walletId: string,
  serverVersion: number,
  now: () => number,
): Promise<number> {
  const startedAt = now();
  const cursor = await db.syncCursors.get(walletId);
  // A position past the server's version cannot be trusted (the server's data was restored).
  let since = cursor && cursor.since <= serverVersion ? cursor.since : 0;
  let requests = 0;
  let hasMore = true;
  while (hasMore) {
    const page = await api.call(endpoints.sync.changes, {
      params: { id: walletId },
      query: { since, limit: CHANGES_PAGE_SIZE },
    });
    requests += 1;
    await applyChanges(db, walletId, page, startedAt);
    since = page.nextSince;
    hasMore = page.hasMore;
  }
  // The server deleted these before this pull began, so no later page can contain them.
  await db.tombstones.where('deletedAt').below(startedAt).delete();
  return requests;
}

/** Applies one page of the change feed and records the new position, in one transaction. */
export async function applyChanges(
  db: LocalDb,
  walletId: string,
  page: Pick<Changes, 'items' | 'deleted' | 'nextSince'>,
  startedAt: number,
): Promise<void> {
  await db.transaction('rw', [db.expenses, db.outbox, db.tombstones, db.syncCursors], async () => {
    await applyServerRows(db, page.items, startedAt);
    if (page.deleted.length > 0) {
      const ids = page.deleted.map((item) => item.id);
      const [existing, waiting] = await Promise.all([
        db.expenses.bulkGet(ids),
        db.outbox.where('expenseId').anyOf(ids).toArray(),
      ]);
      // A local write still waiting learns of the delete from the server's refusal.
      const pendingIds = new Set(waiting.map((entry) => entry.expenseId));
      const gone = page.deleted.filter(
        (item, index) => !pendingIds.has(item.id) && (existing[index]?.version ?? 0) <= item.version,
      );
      await db.expenses.bulkDelete(gone.map((item) => item.id));
    }
    await db.syncCursors.put({ walletId, since: page.nextSince });
  });
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
