import {
  ApiError,
  NetworkError,
  categoryEndpoints,
  memberEndpoints,
  syncEndpoints,
  walletEndpoints,
  type PullPage,
  type Wallet,
} from '@ttm/contract';
import type { ApiCaller } from '../api/api-caller.js';
import { SessionExpiredError } from '../api/session-errors.js';
import { expenseToRecord } from '../local-db/expense-mapper.js';
import { categoryRecordKey } from '../local-db/expense-queries.js';
import type { LocalDb } from '../local-db/local-db.js';
import type { ExpenseRecord, ServerCopyRecord, WalletRecord } from '../local-db/records.js';
import { storeServerList } from '../local-db/server-list.js';
import { answeredTryLater } from './try-later.js';

/** Changes per pull page: a 10,000-expense wallet arrives in 10 pages. */
export const PULL_PAGE_SIZE = 1000;

const CURSOR_KEY = 'syncCursor';
/** Wallets whose category list is still to be fetched, as a JSON array of ids. */
const CATEGORIES_DUE_KEY = 'categoriesDue';

/** A wallet this device lost (removed from it, left, deleted), with the changes that went with it. */
export interface LostWallet {
  readonly walletId: string;
  readonly wallet: WalletRecord;
  /** Queued changes to it that were dropped: they can no longer be saved. */
  readonly unsent: number;
}

export interface PullReport {
  /** Wallets whose expenses changed (or arrived as a fresh snapshot). */
  readonly changedWallets: ReadonlySet<string>;
  readonly lost: readonly LostWallet[];
  /** The server asked for a fresh start (restored backup, long absence). */
  readonly reset: boolean;
}

export function walletToRecord({ id, name, currency, role, personal, version, createdAt }: Wallet): WalletRecord {
  return { id, name, currency, role, personal, version, createdAt };
}

export async function readCursor(db: LocalDb): Promise<string | null> {
  return (await db.meta.get(CURSOR_KEY))?.value ?? null;
}

/**
 * Follows the server's changes from the stored cursor until there are no more: every page is
 * applied together with its cursor, so an interrupted pull resumes where it stopped. A reset
 * answer forgets the cursor and starts again from a fresh snapshot; queued changes stay.
 */
export async function pullChanges(db: LocalDb, api: ApiCaller): Promise<PullReport> {
  const changedWallets = new Set<string>();
  const lost: LostWallet[] = [];
  let resets = 0;
  for (;;) {
    const cursor = await readCursor(db);
    const result = await api.call(syncEndpoints.pull, { body: { cursor, limit: PULL_PAGE_SIZE } });
    if (result.reset) {
      // A second reset in one pull means the server cannot serve this cursor at all.
      if (resets > 0) throw new Error(`The server asked for another sync reset (${result.reason})`);
      resets += 1;
      await db.meta.delete(CURSOR_KEY);
      continue;
    }
    const page = await applyPullPage(db, cursor, result);
    for (const walletId of page.changedWallets) changedWallets.add(walletId);
    lost.push(...page.lost);
    if (!result.hasMore) return { changedWallets, lost, reset: resets > 0 };
  }
}

/**
 * Applies one page and stores its cursor, in one transaction. Rows with changes still queued
 * here keep their local values (the push that follows merges them on the server); the server's
 * copy is kept aside, for when those changes leave unsent (an undo). A wallet
 * listed as added arrives as a fresh snapshot, so its synced rows are dropped first; a pull
 * from no cursor lists every wallet as added, and local wallets it does not list are gone.
 */
export async function applyPullPage(
  db: LocalDb,
  requestCursor: string | null,
  page: PullPage,
): Promise<{ changedWallets: Set<string>; lost: LostWallet[] }> {
  return db.transaction('rw', db.allTables, async () => {
    const changedWallets = new Set<string>();
    const gone = new Set(page.walletsRemoved);
    if (requestCursor === null) {
      const listed = new Set(page.walletsAdded.map((wallet) => wallet.id));
      for (const id of await db.wallets.toCollection().primaryKeys()) if (!listed.has(id)) gone.add(id);
    }
    const lost: LostWallet[] = [];
    for (const walletId of gone) {
      const wallet = await db.wallets.get(walletId);
      // Not here any more: this device left or deleted it itself, nothing to report.
      if (!wallet) continue;
      const unsent = await db.outbox.where('walletId').equals(walletId).count();
      await db.dropWallet(walletId);
      lost.push({ walletId, wallet, unsent });
    }

    const copies = new Map<string, ServerCopyRecord>();
    for (const wallet of page.walletsAdded) {
      await db.wallets.put(walletToRecord(wallet));
      const pending = new Set((await db.outbox.where('walletId').equals(wallet.id).toArray()).map((e) => e.expenseId));
      await db.expenses
        .where('walletId')
        .equals(wallet.id)
        .filter((row) => !pending.has(row.id))
        .delete();
      // The snapshot lists live expenses only: a queued row it leaves out is not on the server.
      for (const id of pending) copies.set(id, { id, walletId: wallet.id, expense: null });
      changedWallets.add(wallet.id);
    }

    const ids = page.changes.map((change) => (change.op === 'upsert' ? change.expense.id : change.id));
    const pendingIds = new Set((await db.outbox.where('expenseId').anyOf(ids).toArray()).map((e) => e.expenseId));
    const existing = new Map((await db.expenses.bulkGet(ids)).flatMap((row) => (row ? [[row.id, row] as const] : [])));
    const puts = new Map<string, ExpenseRecord>();
    const deletes = new Set<string>();
    const confirmedAt = Date.now();
    for (const change of page.changes) {
      const id = change.op === 'upsert' ? change.expense.id : change.id;
      const walletId = change.op === 'upsert' ? change.expense.walletId : change.walletId;
      changedWallets.add(walletId);
      if (pendingIds.has(id)) {
        const expense = change.op === 'upsert' ? expenseToRecord(change.expense, confirmedAt) : null;
        copies.set(id, { id, walletId, expense });
        continue;
      }
      if (change.op === 'delete') {
        puts.delete(id);
        deletes.add(id);
        continue;
      }
      const local = existing.get(id);
      if (local && local.version > change.expense.version) continue;
      deletes.delete(id);
      puts.set(id, expenseToRecord(change.expense, confirmedAt));
    }
    if (deletes.size > 0) await db.expenses.bulkDelete([...deletes]);
    if (puts.size > 0) await db.expenses.bulkPut([...puts.values()]);
    if (copies.size > 0) await db.serverCopies.bulkPut([...copies.values()]);
    await addCategoriesDue(db, changedWallets);
    await db.meta.put({ key: CURSOR_KEY, value: page.cursor });
    return { changedWallets, lost };
  });
}

/**
 * Refreshes names, roles and versions of the wallets this device has; pulls add and remove
 * wallets. Every sync round ends here: only the wallets that changed are written
 * (local-db/server-list.ts says why), and a rename made here meanwhile is not undone.
 */
export async function pullWallets(db: LocalDb, api: ApiCaller): Promise<void> {
  await storeServerList({
    table: db.wallets,
    stored: (table) => table.toCollection(),
    fetch: async () => (await api.call(walletEndpoints.list, {})).map(walletToRecord),
    key: (wallet) => wallet.id,
    mode: 'refresh',
  });
}

/**
 * A wallet's categories with their counts, for the category suggestions and filters. False when
 * the list was not stored because a change made here meanwhile touched them: fetch it again later.
 */
export async function pullCategories(db: LocalDb, api: ApiCaller, walletId: string): Promise<boolean> {
  return storeServerList({
    table: db.categories,
    stored: (table) => table.where('walletId').equals(walletId),
    fetch: async () =>
      (await api.call(categoryEndpoints.list, { query: { walletId } })).map((category) => ({
        walletKey: categoryRecordKey(walletId, category.name),
        walletId,
        name: category.name,
        count: category.count,
      })),
    key: (category) => category.walletKey,
    mode: 'replace',
  });
}

async function readCategoriesDue(db: LocalDb): Promise<Set<string>> {
  const stored = await db.meta.get(CATEGORIES_DUE_KEY);
  let ids: unknown = [];
  try {
    ids = stored ? JSON.parse(stored.value) : [];
  } catch {
    // Not ours to read: start over (the next changes make their wallets due again).
  }
  return new Set(Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : []);
}

async function writeCategoriesDue(db: LocalDb, due: ReadonlySet<string>): Promise<void> {
  if (due.size === 0) await db.meta.delete(CATEGORIES_DUE_KEY);
  else await db.meta.put({ key: CATEGORIES_DUE_KEY, value: JSON.stringify([...due]) });
}

/**
 * Marks wallets whose category lists must be fetched again. Called in the transaction that applies
 * a pull page, with the cursor it stores: once the cursor is past a change, nothing else would
 * bring that wallet's categories if the round stopped before fetching them.
 */
async function addCategoriesDue(db: LocalDb, walletIds: ReadonlySet<string>): Promise<void> {
  // Most pages of an idle round change nothing: no read either.
  if (walletIds.size === 0) return;
  const due = await readCategoriesDue(db);
  const size = due.size;
  for (const walletId of walletIds) due.add(walletId);
  if (due.size > size) await writeCategoriesDue(db, due);
}

/** Whether a failed fetch is worth trying again next round: offline, signed out, or a server fault. */
function worthRetrying(error: unknown): boolean {
  if (error instanceof NetworkError || error instanceof SessionExpiredError) return true;
  return error instanceof ApiError && answeredTryLater(error.status);
}

/**
 * Fetches the category lists still due: those of the wallets whose expenses a pull changed (marked
 * with the pull page), and those an earlier round could not store, because the fetch failed (the
 * round stopped, offline or on a server fault) or a change made here meanwhile held the list back.
 * Each stays due in the local store until its list is stored, so neither a stopped round nor a
 * reload forgets it. A wallet no longer here is dropped; so is one the server refuses for good (a
 * 4xx other than 401 and 429, see try-later.ts), which fails that round as before but cannot fail
 * every round after it.
 */
export async function pullDueCategories(db: LocalDb, api: ApiCaller): Promise<void> {
  const due = await readCategoriesDue(db);
  for (const walletId of [...due]) {
    let refusal: { readonly error: unknown } | null = null;
    try {
      const here = (await db.wallets.get(walletId)) !== undefined;
      if (here && !(await pullCategories(db, api, walletId))) continue;
    } catch (error) {
      if (worthRetrying(error)) throw error;
      refusal = { error };
    }
    due.delete(walletId);
    await writeCategoriesDue(db, due);
    if (refusal) throw refusal.error;
  }
}

/** Caches a shared wallet's members, so each expense can name who added it. */
export async function pullMembers(db: LocalDb, api: ApiCaller, walletId: string): Promise<void> {
  await storeServerList({
    table: db.members,
    stored: (table) => table.where('walletId').equals(walletId),
    fetch: async () =>
      (await api.call(memberEndpoints.list, { params: { id: walletId } })).map((member) => ({ walletId, ...member })),
    key: (member) => member.userId,
    mode: 'replace',
  });
}
