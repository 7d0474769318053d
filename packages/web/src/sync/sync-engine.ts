import { ApiError, NetworkError, type MutationResult, type RejectReason } from '@ttm/contract';
import type { ApiCaller } from '../api/api-caller.js';
import { SessionExpiredError } from '../api/session-errors.js';
import type { LocalDb } from '../local-db/local-db.js';
import type { ExpenseFields, ExpenseRecord } from '../local-db/records.js';
import { retryDelay } from './backoff.js';
import { refreshConflicts, resolveConflict, type ConflictChoice } from './conflicts.js';
import { cancelDelete, enqueueCreate, enqueueDelete, enqueueUpdate, type NewExpense } from './outbox-writes.js';
import { pullChanges, pullDueCategories, pullMembers, pullWallets, type LostWallet } from './pull.js';
import { pushOutbox, type PushedChange } from './push.js';
import { readClientId } from './client-id.js';
import { withRequestTimeout } from './request-timeout.js';
import { SyncStatusStore } from './sync-status.js';

export type WriteOutcome =
  /** The server has it as sent (or merged with changes made elsewhere to other fields). */
  | { readonly state: 'saved'; readonly expense: ExpenseRecord | null }
  /** Kept locally; sent when the server can be reached again. */
  | { readonly state: 'queued' }
  /** Someone else changed the same field: their value stayed, this one is listed as a conflict. */
  | { readonly state: 'conflict'; readonly message: string }
  /** The server refused it (nothing was written); the row shows the server's state again. */
  | { readonly state: 'rejected'; readonly reason: RejectReason; readonly message: string };

export interface PendingDelete {
  /** Puts the expense back; false when the undo window had already passed. */
  undo(): Promise<boolean>;
}

/** Runs a sync with every other tab of this app kept out (Web Locks); tabs without it run alone. */
export type ExclusiveRunner = <T>(run: () => Promise<T>) => Promise<T>;

export interface SyncEngineOptions {
  readonly db: LocalDb;
  readonly api: ApiCaller;
  readonly now?: () => number;
  /** How long a delete waits before it is sent, so it can be undone. */
  readonly undoWindowMs?: number;
  /** How long a change waits for more before a sync starts (typing several in a row sends one batch). */
  readonly debounceMs?: number;
  /** Sync this often while started, even when nothing happens here (changes made elsewhere). */
  readonly periodMs?: number;
  /** A request without an answer after this long fails (and is retried), so it cannot hold the sync lock. */
  readonly requestTimeoutMs?: number;
  readonly online?: boolean;
  readonly exclusive?: ExclusiveRunner;
  readonly random?: () => number;
  /** Status store to report to (created here when not given). */
  readonly status?: SyncStatusStore;
  /** Told when the server refused a change nobody is waiting for (it is also kept in `rejections`). */
  readonly onRejected?: (change: PushedChange) => void;
  /** Told when a wallet disappeared for this user; its local data and queued changes are gone. */
  readonly onWalletGone?: (lost: LostWallet) => void;
}

const LOCK_NAME = 'ttm-sync';

/** One sync at a time across the tabs of this origin: the others wait and read the result from IndexedDB. */
export function webLockRunner(): ExclusiveRunner {
  return async <T>(run: () => Promise<T>): Promise<T> => {
    if (typeof navigator === 'undefined' || !('locks' in navigator)) return run();
    return navigator.locks.request(LOCK_NAME, run);
  };
}

function outcomeOf(result: MutationResult, expense: ExpenseRecord | null): WriteOutcome {
  switch (result.status) {
    case 'applied':
    case 'merged':
      return { state: 'saved', expense };
    case 'conflict':
      return { state: 'conflict', message: result.message ?? 'Someone else changed this expense too' };
    case 'rejected':
      return {
        state: 'rejected',
        reason: result.reason ?? 'validation_failed',
        message: result.message ?? 'The server did not accept this change',
      };
  }
}

/**
 * The one way data changes. Every change is applied to the local store and queued in the
 * outbox in one transaction; a sync then pulls what changed elsewhere, pushes the queue in
 * batches and pulls again, so the server merges field by field and every device converges.
 */
export class SyncEngine {
  readonly status: SyncStatusStore;
  readonly #db: LocalDb;
  readonly #api: ApiCaller;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #undoWindowMs: number;
  readonly #debounceMs: number;
  readonly #periodMs: number;
  readonly #exclusive: ExclusiveRunner;
  readonly #onRejected: ((change: PushedChange) => void) | undefined;
  readonly #onWalletGone: ((lost: LostWallet) => void) | undefined;
  readonly #waiters = new Map<string, (outcome: WriteOutcome) => void>();
  #running: Promise<void> | null = null;
  #again = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #timerAt = Number.POSITIVE_INFINITY;
  #periodic: ReturnType<typeof setInterval> | null = null;
  #failures = 0;
  #conflictsChecked = false;
  #membersOf: string | null = null;
  #disposed = false;

  constructor(options: SyncEngineOptions) {
    this.#db = options.db;
    this.#api = withRequestTimeout(options.api, options.requestTimeoutMs ?? 30_000);
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#undoWindowMs = options.undoWindowMs ?? 5000;
    this.#debounceMs = options.debounceMs ?? 200;
    this.#periodMs = options.periodMs ?? 60_000;
    this.#exclusive = options.exclusive ?? webLockRunner();
    this.#onRejected = options.onRejected;
    this.#onWalletGone = options.onWalletGone;
    this.status = options.status ?? new SyncStatusStore(options.online ?? true);
  }

  get db(): LocalDb {
    return this.#db;
  }

  async createExpense(expense: NewExpense): Promise<WriteOutcome> {
    const { mutationId } = await enqueueCreate(this.#db, expense, this.#now());
    return this.#awaitPush(mutationId);
  }

  async updateExpense(id: string, changes: Partial<ExpenseFields>, baseVersion: number): Promise<WriteOutcome> {
    const { mutationId } = await enqueueUpdate(this.#db, id, changes, baseVersion, this.#now());
    return this.#awaitPush(mutationId);
  }

  /** Removes the expense locally at once; the server delete waits out the undo window. */
  async deleteExpense(id: string): Promise<PendingDelete> {
    const { seq } = await enqueueDelete(this.#db, id, this.#now(), this.#undoWindowMs);
    this.#schedule(this.#undoWindowMs);
    return { undo: () => cancelDelete(this.#db, seq) };
  }

  /**
   * Syncs every `periodMs` (changes made elsewhere arrive without a focus or a reload) until
   * dispose(); not while backing off after failures, so the retry delay can grow to its cap.
   */
  start(): void {
    this.#disposed = false;
    this.#periodic ??= setInterval(() => {
      const backingOff = this.#failures > 0 && this.#timer !== null;
      if (!backingOff) void this.sync();
    }, this.#periodMs);
  }

  /**
   * Pulls, pushes every due change and pulls again. Concurrent callers share one run (a call
   * during a run makes it go round once more); failures show in `status` and are retried with
   * backoff, so the promise never rejects.
   */
  sync(): Promise<void> {
    this.#again = true;
    this.#running ??= this.#runLoop();
    return this.#running;
  }

  /** A sync that also refreshes the members of the wallet on screen (shared wallets name who added what). */
  refresh(walletId: string | null): Promise<void> {
    this.#membersOf = walletId;
    return this.sync();
  }

  /** Sends everything now, deletes still inside their undo window included (before signing out). */
  async flushAll(): Promise<void> {
    await this.#db.outbox.toCollection().modify({ notBefore: 0 });
    await this.sync();
  }

  async resolveConflict(conflictId: string, choice: ConflictChoice): Promise<void> {
    try {
      await resolveConflict(this.#db, this.#api, conflictId, choice, this.#now());
    } catch (error) {
      // Settled elsewhere already (or the expense is out of reach): the list was stale.
      if (error instanceof ApiError && (error.status === 404 || error.status === 409)) {
        await this.#db.conflicts.delete(conflictId);
      }
      throw error;
    }
    this.#schedule(0);
  }

  async checkConflicts(walletIds: readonly string[]): Promise<void> {
    for (const walletId of walletIds) await refreshConflicts(this.#db, this.#api, walletId);
  }

  async dismissRejection(mutationId: string): Promise<void> {
    await this.#db.rejections.delete(mutationId);
  }

  /** Stops timers (until the next start); queued changes stay in the outbox. */
  dispose(): void {
    this.#disposed = true;
    this.#conflictsChecked = false;
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#periodic) clearInterval(this.#periodic);
    this.#timer = null;
    this.#periodic = null;
  }

  #awaitPush(mutationId: string): Promise<WriteOutcome> {
    const outcome = new Promise<WriteOutcome>((resolve) => {
      this.#waiters.set(mutationId, resolve);
    });
    this.#schedule(this.#debounceMs);
    return outcome;
  }

  /** Runs a sync after `delayMs`, unless one is already due sooner. */
  #schedule(delayMs: number): void {
    if (this.#disposed) return;
    const at = this.#now() + delayMs;
    if (this.#timer && this.#timerAt <= at) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#timerAt = Number.POSITIVE_INFINITY;
      void this.sync();
    }, delayMs);
  }

  async #runLoop(): Promise<void> {
    try {
      while (this.#again) {
        this.#again = false;
        await this.#round();
      }
    } finally {
      // In the same tick as the last look at #again: a sync() from now on starts a new run.
      this.#running = null;
      this.status.update({ busy: false });
    }
  }

  async #round(): Promise<void> {
    const onlineAtStart = this.status.get().online;
    this.status.update({ busy: true });
    try {
      const wakeAt = await this.#exclusive(() => this.#cycle());
      this.#failures = 0;
      // The round reached the server, which shows the device is online, unless the browser said
      // it went offline while the round ran: that later word stands (the next round tells again).
      const wentOffline = onlineAtStart && !this.status.get().online;
      this.status.update({ online: !wentOffline, problem: null, lastSyncedAt: this.#now() });
      if (wakeAt !== null) this.#schedule(Math.max(0, wakeAt - this.#now()));
    } catch (error) {
      // Whatever failed (a bug here too) is shown in the status and retried, never left unhandled.
      this.#noteFailure(error);
      this.#settleWaiting({ state: 'queued' });
      this.#failures += 1;
      this.#schedule(retryDelay(this.#failures, this.#random()));
    } finally {
      await this.#settleFinished();
    }
  }

  /**
   * One round: pull, push batches, pull what the pushes wrote; returns when a held-back change is
   * due. A pull that fails for another reason than the network does not hold the queue back: it
   * is pushed anyway and the pull tried again.
   */
  async #cycle(): Promise<number | null> {
    const changed = new Set<string>();
    const conflicted = new Set<string>();
    let pullFailure: { readonly error: unknown } | null = null;
    try {
      await this.#pull(changed);
    } catch (error) {
      // Unreachable or signed out: a push would fail the same way.
      if (error instanceof NetworkError || error instanceof SessionExpiredError) throw error;
      pullFailure = { error };
    }
    const clientId = await readClientId(this.#db);
    let wakeAt: number | null = null;
    let pushedAny = false;
    for (;;) {
      const report = await pushOutbox(this.#db, this.#api, {
        clientId,
        now: this.#now(),
        isAwaited: (mutationId) => this.#waiters.has(mutationId),
      });
      wakeAt = report.wakeAt;
      for (const change of report.pushed) this.#report(change, conflicted);
      pushedAny ||= report.pushed.length > 0;
      if (!report.more) break;
    }
    if (pushedAny) await this.#pull(changed);
    else if (pullFailure) throw pullFailure.error;
    await pullWallets(this.#db, this.#api);
    await pullDueCategories(this.#db, this.#api);
    const membersOf = this.#membersOf;
    if (membersOf) {
      const wallet = await this.#db.wallets.get(membersOf);
      if (wallet && !wallet.personal) await pullMembers(this.#db, this.#api, wallet.id);
    }
    // Conflicts made on other devices write nothing, so every wallet is looked at once per start.
    const toCheck = this.#conflictsChecked
      ? new Set([...changed, ...conflicted])
      : new Set(await this.#db.wallets.toCollection().primaryKeys());
    await this.checkConflicts([...toCheck]);
    this.#conflictsChecked = true;
    return wakeAt;
  }

  async #pull(changed: Set<string>): Promise<void> {
    const report = await pullChanges(this.#db, this.#api);
    for (const walletId of report.changedWallets) changed.add(walletId);
    for (const lost of report.lost) {
      changed.delete(lost.walletId);
      this.#onWalletGone?.(lost);
    }
  }

  #report(change: PushedChange, conflicted: Set<string>): void {
    const { entry, result } = change;
    if (result.status === 'conflict') conflicted.add(entry.walletId);
    const waiter = this.#waiters.get(entry.mutationId);
    if (waiter) {
      this.#waiters.delete(entry.mutationId);
      void this.#db.expenses.get(entry.expenseId).then((expense) => {
        waiter(outcomeOf(result, expense ?? null));
      });
      return;
    }
    if (result.status === 'rejected') this.#onRejected?.(change);
  }

  #settleWaiting(outcome: WriteOutcome): void {
    for (const [mutationId, waiter] of this.#waiters) {
      this.#waiters.delete(mutationId);
      waiter(outcome);
    }
  }

  /** Changes another tab pushed while this one waited for the lock: their rows show the result. */
  async #settleFinished(): Promise<void> {
    if (this.#waiters.size === 0) return;
    const queued = new Set((await this.#db.outbox.toArray()).map((entry) => entry.mutationId));
    for (const [mutationId, waiter] of this.#waiters) {
      if (queued.has(mutationId)) continue;
      this.#waiters.delete(mutationId);
      waiter({ state: 'saved', expense: null });
    }
  }

  #noteFailure(error: unknown): void {
    if (error instanceof NetworkError) this.status.update({ online: false });
    else if (error instanceof SessionExpiredError) this.status.update({ problem: 'Signed out' });
    else if (error instanceof ApiError) this.status.update({ problem: error.problem.detail });
    else this.status.update({ problem: `Sync failed: ${error instanceof Error ? error.message : String(error)}` });
  }
}
