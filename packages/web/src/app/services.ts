import type { User } from '@ttm/contract';
import type { ApiCaller } from '../api/api-caller.js';
import type { AuthSession, SessionState } from '../api/auth-session.js';
import { readRememberedUser } from '../api/remembered-user.js';
import { LocalDb } from '../local-db/local-db.js';
import type { ExpenseFields } from '../local-db/records.js';
import type { NewExpense } from '../sync/outbox-writes.js';
import type { PendingDelete, SyncEngine, WriteOutcome } from '../sync/sync-engine.js';
import { SyncStatusStore } from '../sync/sync-status.js';

type Network = { readonly session: AuthSession; readonly sync: SyncEngine };

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
  readonly refresh: (walletId: string | null) => Promise<void>;
  readonly flush: () => Promise<void>;
  readonly flushAll: () => Promise<void>;
  readonly setOnline: (online: boolean) => void;
  readonly dispose: () => void;
}

/** Server reads and writes outside the sync engine (summaries, budgets, CSV); loads with the network layer. */
export interface ApiPort extends ApiCaller {
  /** A live access token, for the raw CSV requests the JSON client cannot make. */
  readonly accessToken: () => Promise<string>;
}

export interface Services {
  readonly db: LocalDb;
  readonly session: SessionPort;
  readonly sync: SyncPort;
  readonly api: ApiPort;
}

/**
 * Builds the services. The local store is ready at once, so a returning user's history
 * renders from IndexedDB before the network layer (and zod) has even loaded.
 */
export function createServices(): Services {
  const db = new LocalDb();
  const status = new SyncStatusStore(navigator.onLine);
  const remembered = readRememberedUser(window.localStorage);
  // Nobody remembered: show sign-in at once rather than wait for the network layer to check
  // the cookie (it switches to signed-in if the cookie turns out to be valid).
  let state: SessionState = remembered
    ? { status: 'signed-in', user: remembered, verified: false }
    : { status: 'signed-out', reason: 'none' };
  const listeners = new Set<() => void>();
  const network: Promise<Network> = import('./network.js').then(({ connect }) => {
    const connected = connect(db, status);
    connected.session.subscribe(() => {
      state = connected.session.getState();
      for (const listener of listeners) listener();
    });
    void connected.session.restore();
    return connected;
  });

  const session: SessionPort = {
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getState: () => state,
    signIn: async (email, password) => (await network).session.signIn(email, password),
    signUp: async (email, password) => (await network).session.signUp(email, password),
    signOut: async () => (await network).session.signOut(),
  };

  const sync: SyncPort = {
    status,
    createExpense: async (expense) => (await network).sync.createExpense(expense),
    updateExpense: async (id, changes, baseVersion) => (await network).sync.updateExpense(id, changes, baseVersion),
    deleteExpense: async (id) => (await network).sync.deleteExpense(id),
    refresh: async (walletId) => (await network).sync.refresh(walletId),
    flush: async () => (await network).sync.flush(),
    flushAll: async () => (await network).sync.flushAll(),
    setOnline: (online) => {
      status.update({ online });
    },
    dispose: () => {
      void network.then(({ sync: engine }) => {
        engine.dispose();
      });
    },
  };

  const api: ApiPort = {
    call: async (endpoint, input, options) => (await network).session.call(endpoint, input, options),
    accessToken: async () => (await network).session.accessToken(),
  };

  return { db, session, sync, api };
}
