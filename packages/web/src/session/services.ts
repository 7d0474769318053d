import type { User } from '@ttm/contract';
import type { ApiCaller } from '../api/api-caller.js';
import type { SessionState } from '../api/auth-session.js';
import type { LocalDb } from '../local-db/local-db.js';
import type { ExpenseFields } from '../local-db/records.js';
import type { ConflictChoice } from '../sync/conflicts.js';
import type { NewExpense } from '../sync/outbox-writes.js';
import type { PendingDelete, WriteOutcome } from '../sync/sync-engine.js';
import type { SyncStatusStore } from '../sync/sync-status.js';

/** The session as the UI sees it; the real one loads with the network layer. */
export interface SessionPort {
  readonly subscribe: (listener: () => void) => () => void;
  readonly getState: () => SessionState;
  readonly signIn: (email: string, password: string) => Promise<User>;
  readonly signUp: (email: string, password: string) => Promise<User>;
  readonly signOut: () => Promise<void>;
}

/** The single module every write goes through (see sync/sync-engine.ts). */
export interface SyncPort {
  readonly status: SyncStatusStore;
  readonly createExpense: (expense: NewExpense) => Promise<WriteOutcome>;
  readonly updateExpense: (id: string, changes: Partial<ExpenseFields>, baseVersion: number) => Promise<WriteOutcome>;
  readonly deleteExpense: (id: string) => Promise<PendingDelete>;
  /** Syncs now, also refreshing the members of the wallet on screen. */
  readonly refresh: (walletId: string | null) => Promise<void>;
  readonly flushAll: () => Promise<void>;
  readonly resolveConflict: (conflictId: string, choice: ConflictChoice) => Promise<void>;
  /** Asks the server for the wallets' open conflicts. */
  readonly checkConflicts: (walletIds: readonly string[]) => Promise<void>;
  readonly dismissRejection: (mutationId: string) => Promise<void>;
  readonly setOnline: (online: boolean) => void;
  /** Syncs periodically until dispose(). */
  readonly start: () => void;
  readonly dispose: () => void;
}

/** Server reads and writes outside the sync engine (summaries, budgets, CSV); loads with the network layer. */
export interface ApiPort extends ApiCaller {
  /** A live access token, for the raw CSV requests the JSON client cannot make. */
  readonly accessToken: () => Promise<string>;
}

/** What every screen reaches through `useServices()`; app/create-services.ts builds them. */
export interface Services {
  readonly db: LocalDb;
  readonly session: SessionPort;
  readonly sync: SyncPort;
  readonly api: ApiPort;
}
