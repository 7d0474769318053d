import { ApiError, endpoints, minorToDecimal, NetworkError, type Expense } from '@ttm/contract';
import type { ApiCaller } from '../api/api-caller.js';
import { SessionExpiredError } from '../api/session-errors.js';
import { expenseToRecord } from '../local-db/expense-mapper.js';
import type { LocalDb } from '../local-db/local-db.js';
import type { ExpenseFields, ExpenseRecord, OutboxEntry, WalletRecord } from '../local-db/records.js';
import {
  cancelDelete,
  enqueueCreate,
  enqueueDelete,
  enqueueUpdate,
  rollBack,
  type NewExpense,
} from './outbox-writes.js';
import { needsPull, pullCategories, pullExpenses, pullMembers, pullWallets } from './pull.js';
import { SyncStatusStore } from './sync-status.js';

export type WriteOutcome =
  /** The server has it. */
  | { readonly state: 'saved'; readonly expense: ExpenseRecord }
  /** Kept locally; sent when the server can be reached again. */
  | { readonly state: 'queued' };

export interface PendingDelete {
  /** Puts the expense back; false when the undo window had already passed. */
  undo(): Promise<boolean>;
}

export interface SyncEngineOptions {
  readonly db: LocalDb;
  readonly api: ApiCaller;
  readonly now?: () => number;
  /** How long a delete waits before it is sent, so it can be undone. */
  readonly undoWindowMs?: number;
  readonly online?: boolean;
  /** Status store to report to (created here when not given). */
  readonly status?: SyncStatusStore;
  /** Told when the server refuses a write that nobody is awaiting any more. */
  readonly onRefused?: (error: ApiError, entry: OutboxEntry) => void;
  /**
   * Told when a wallet disappeared for this user (removed from it, or it was deleted): its
   * local data is already gone and the UI falls back to the personal wallet.
   */
  readonly onWalletGone?: (wallet: WalletRecord) => void;
}

interface Waiter {
  resolve(outcome: WriteOutcome): void;
  reject(error: unknown): void;
}

/**
 * The one way data changes. Every write is applied to the local store and queued in the
 * outbox in one transaction, then sent in order; the server's answer replaces the local row.
 * Reads of server state (pulls) also land here. Today the queue drains at once; the offline
 * outbox issue only has to change when it drains and how conflicts are resolved.
 */
export class SyncEngine {
  readonly status: SyncStatusStore;
  readonly #db: LocalDb;
  readonly #api: ApiCaller;
  readonly #now: () => number;
  readonly #undoWindowMs: number;
  readonly #onRefused: ((error: ApiError, entry: OutboxEntry) => void) | undefined;
  readonly #onWalletGone: ((wallet: WalletRecord) => void) | undefined;
  readonly #waiters = new Map<number, Waiter>();
  #flushing: Promise<void> | null = null;
  #flushAgain = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #refreshing: Promise<void> | null = null;
  #refreshAgain: string | null = null;
  #busyDepth = 0;

  constructor(options: SyncEngineOptions) {
    this.#db = options.db;
    this.#api = options.api;
    this.#now = options.now ?? Date.now;
    this.#undoWindowMs = options.undoWindowMs ?? 5000;
    this.#onRefused = options.onRefused;
    this.#onWalletGone = options.onWalletGone;
    this.status = options.status ?? new SyncStatusStore(options.online ?? true);
  }

  get db(): LocalDb {
    return this.#db;
  }

  async createExpense(expense: NewExpense): Promise<WriteOutcome> {
    const seq = await enqueueCreate(this.#db, expense, this.#now());
    return this.#send(seq);
  }

  async updateExpense(id: string, changes: Partial<ExpenseFields>, baseVersion: number): Promise<WriteOutcome> {
    const seq = await enqueueUpdate(this.#db, id, changes, baseVersion, this.#now());
    return this.#send(seq);
  }

  /** Removes the expense locally at once; the server delete waits out the undo window. */
  async deleteExpense(id: string): Promise<PendingDelete> {
    const seq = await enqueueDelete(this.#db, id, this.#now(), this.#undoWindowMs);
    void this.flush();
    return { undo: () => cancelDelete(this.#db, seq) };
  }

  /** Sends every due write, oldest first. Concurrent callers share one run. */
  flush(): Promise<void> {
    this.#flushAgain = true;
    this.#flushing ??= this.#runFlush().finally(() => {
      this.#flushing = null;
    });
    return this.#flushing;
  }

  /** Sends everything now, deletes still inside their undo window included (before signing out). */
  async flushAll(): Promise<void> {
    await this.#db.outbox.toCollection().modify({ notBefore: 0 });
    await this.flush();
  }

  /**
   * Sends waiting writes, then pulls the wallet list and, when the wallet's version moved on,
   * its categories and the changes to its expenses (members too, for a shared wallet).
   */
  refresh(walletId: string | null): Promise<void> {
    if (this.#refreshing) {
      this.#refreshAgain = walletId ?? '';
      return this.#refreshing;
    }
    this.#refreshing = this.#runRefresh(walletId).finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  setOnline(online: boolean): void {
    this.status.update({ online });
  }

  /** Stops timers; waiting writes stay in the outbox for the next start. */
  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  async #send(seq: number): Promise<WriteOutcome> {
    const outcome = new Promise<WriteOutcome>((resolve, reject) => {
      this.#waiters.set(seq, { resolve, reject });
    });
    void this.flush();
    return outcome;
  }

  async #runRefresh(walletId: string | null): Promise<void> {
    let target: string | null = walletId;
    for (;;) {
      this.#enterBusy();
      try {
        await this.flush();
        const { wallets, gone } = await pullWallets(this.#db, this.#api);
        for (const wallet of gone) this.#onWalletGone?.(wallet);
        const walletId = await this.#resolveWallet(target);
        const wallet = wallets.find((item) => item.id === walletId);
        if (wallet) await this.#pullWallet(wallet.id, wallet.personal, wallet.version);
        this.status.update({ online: true, problem: null, lastSyncedAt: this.#now() });
        this.#leaveBusy();
      } catch (error) {
        this.#noteFailure(error);
        this.#leaveBusy();
        if (!(error instanceof NetworkError || error instanceof SessionExpiredError || error instanceof ApiError))
          throw error;
      }
      if (this.#refreshAgain === null) return;
      target = this.#refreshAgain === '' ? target : this.#refreshAgain;
      this.#refreshAgain = null;
    }
  }

  async #pullWallet(walletId: string, personal: boolean, version: number): Promise<void> {
    try {
      if (!personal) await pullMembers(this.#db, this.#api, walletId);
      if (!(await needsPull(this.#db, walletId, version))) return;
      await pullCategories(this.#db, this.#api, walletId);
      await pullExpenses(this.#db, this.#api, walletId, version, this.#now);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error;
      // Removed from the wallet (or it was deleted) since the list came.
      const wallet = await this.#db.wallets.get(walletId);
      await this.#db.dropWallet(walletId);
      if (wallet) this.#onWalletGone?.(wallet);
    }
  }

  async #resolveWallet(walletId: string | null): Promise<string | null> {
    if (walletId && (await this.#db.wallets.get(walletId))) return walletId;
    const wallets = await this.#db.wallets.toArray();
    return (wallets.find((wallet) => wallet.personal) ?? wallets[0])?.id ?? null;
  }

  async #runFlush(): Promise<void> {
    while (this.#flushAgain) {
      this.#flushAgain = false;
      await this.#drain();
    }
  }

  async #drain(): Promise<void> {
    const entries = await this.#db.outbox.orderBy('seq').toArray();
    if (entries.length === 0) return;
    const held = new Set<string>();
    let wakeAt: number | null = null;
    this.#enterBusy();
    try {
      for (const entry of entries) {
        const seq = entry.seq;
        if (seq === undefined || held.has(entry.expenseId)) continue;
        if (entry.notBefore > this.#now()) {
          held.add(entry.expenseId);
          wakeAt = Math.min(wakeAt ?? entry.notBefore, entry.notBefore);
          continue;
        }
        // An undo may have taken it back since the list was read.
        if (!(await this.#db.outbox.get(seq))) continue;
        try {
          const saved = await this.#deliver(entry);
          this.#settle(seq, (waiter) => {
            waiter.resolve(saved ? { state: 'saved', expense: saved } : { state: 'queued' });
          });
          this.status.update({ online: true, problem: null });
        } catch (error) {
          if (error instanceof NetworkError || error instanceof SessionExpiredError) {
            this.#noteFailure(error);
            for (const waitingSeq of [...this.#waiters.keys()]) {
              this.#settle(waitingSeq, (waiter) => {
                waiter.resolve({ state: 'queued' });
              });
            }
            return;
          }
          if (!(error instanceof ApiError)) throw error;
          if (error.status >= 500 || error.status === 429) {
            this.#noteFailure(error);
            this.#settle(seq, (waiter) => {
              waiter.resolve({ state: 'queued' });
            });
            held.add(entry.expenseId);
            continue;
          }
          await this.#refuse(entry, error);
          const waited = this.#settle(seq, (waiter) => {
            waiter.reject(error);
          });
          if (!waited) this.#onRefused?.(error, entry);
          held.add(entry.expenseId);
        }
      }
    } finally {
      this.#leaveBusy();
    }
    this.#schedule(wakeAt);
  }

  /** Sends one write; returns the saved row for creates and updates. */
  async #deliver(entry: OutboxEntry): Promise<ExpenseRecord | null> {
    const { mutation, expenseId, currency } = entry;
    if (mutation.kind === 'delete') {
      try {
        await this.#api.call(endpoints.expenses.delete, { params: { id: expenseId }, headers: {} });
      } catch (error) {
        // Already gone on the server: the delete has happened.
        if (!(error instanceof ApiError && error.status === 404)) throw error;
      }
      await this.#db.transaction('rw', [this.#db.outbox, this.#db.tombstones], async () => {
        await this.#db.outbox.delete(entry.seq ?? -1);
        await this.#db.tombstones.put({ id: expenseId, deletedAt: this.#now() });
      });
      return null;
    }
    let expense: Expense;
    if (mutation.kind === 'create') {
      const { fields } = mutation;
      expense = await this.#api.call(endpoints.expenses.create, {
        body: {
          id: expenseId,
          walletId: entry.walletId,
          amount: minorToDecimal(fields.amountMinor, currency),
          category: fields.category,
          date: fields.date,
          note: fields.note,
        },
      });
    } else {
      const { changes, baseVersion } = mutation;
      expense = await this.#api.call(endpoints.expenses.update, {
        params: { id: expenseId },
        headers: baseVersion > 0 ? { 'if-match': `"${String(baseVersion)}"` } : {},
        body: {
          ...(changes.amountMinor !== undefined ? { amount: minorToDecimal(changes.amountMinor, currency) } : {}),
          ...(changes.category !== undefined ? { category: changes.category } : {}),
          ...(changes.date !== undefined ? { date: changes.date } : {}),
          ...(changes.note !== undefined ? { note: changes.note } : {}),
        },
      });
    }
    return this.#confirm(entry, expense);
  }

  async #confirm(entry: OutboxEntry, expense: Expense): Promise<ExpenseRecord> {
    const confirmedAt = this.#now();
    return this.#db.transaction('rw', [this.#db.outbox, this.#db.expenses], async () => {
      await this.#db.outbox.delete(entry.seq ?? -1);
      const later = await this.#db.outbox.where('expenseId').equals(entry.expenseId).count();
      const local = await this.#db.expenses.get(entry.expenseId);
      const saved = expenseToRecord(expense, confirmedAt);
      if (later > 0) {
        // Newer local writes are still on their way: keep them, learn the server's version.
        // (A delete waiting out its undo window has removed the row: leave it removed.)
        if (!local) return saved;
        const merged = {
          ...local,
          version: expense.version,
          createdBy: expense.createdBy,
          createdAt: expense.createdAt,
          confirmedAt,
        };
        await this.#db.expenses.put(merged);
        return merged;
      }
      await this.#db.expenses.put(saved);
      return saved;
    });
  }

  /**
   * A refused write is rolled back, and the server's current copy (if any) is fetched: the
   * change feed skipped this row while the write waited, so the feed will not bring it again.
   */
  async #refuse(entry: OutboxEntry, error: ApiError): Promise<void> {
    await rollBack(this.#db, entry);
    if (entry.mutation.kind === 'create' && error.status === 400) return;
    try {
      const fresh = await this.#api.call(endpoints.expenses.get, { params: { id: entry.expenseId } });
      await this.#db.expenses.put(expenseToRecord(fresh, this.#now()));
    } catch (fetchError) {
      if (fetchError instanceof ApiError && fetchError.status === 404) {
        await this.#db.expenses.delete(entry.expenseId);
        return;
      }
      if (!(
        fetchError instanceof NetworkError ||
        fetchError instanceof SessionExpiredError ||
        fetchError instanceof ApiError
      ))
        throw fetchError;
    }
  }

  #settle(seq: number, action: (waiter: Waiter) => void): boolean {
    const waiter = this.#waiters.get(seq);
    if (!waiter) return false;
    this.#waiters.delete(seq);
    action(waiter);
    return true;
  }

  #schedule(at: number | null): void {
    if (at === null) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(
      () => {
        this.#timer = null;
        void this.flush();
      },
      Math.max(0, at - this.#now()),
    );
  }

  /** Pulls and sends nest (a refresh flushes first): the indicator is busy until both end. */
  #enterBusy(): void {
    this.#busyDepth += 1;
    this.status.update({ busy: true });
  }

  #leaveBusy(): void {
    this.#busyDepth = Math.max(0, this.#busyDepth - 1);
    if (this.#busyDepth === 0) this.status.update({ busy: false });
  }

  #noteFailure(error: unknown): void {
    if (error instanceof NetworkError) this.status.update({ online: false });
    else if (error instanceof SessionExpiredError) this.status.update({ problem: 'Signed out' });
    else if (error instanceof ApiError && (error.status >= 500 || error.status === 429))
      this.status.update({ problem: error.message });
  }
}
