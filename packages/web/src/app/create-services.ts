import type { AuthSession, SessionState } from '../api/auth-session.js';
import { readRememberedUser } from '../api/remembered-user.js';
import { LocalDb } from '../local-db/local-db.js';
import { nextTask } from '../platform/scheduling.js';
import type { ApiPort, Services, SessionPort, SyncPort } from '../session/services.js';
import type { SyncEngine } from '../sync/sync-engine.js';
import { SyncStatusStore } from '../sync/sync-status.js';

type Network = { readonly session: AuthSession; readonly sync: SyncEngine };

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
  // Fetched from a task of its own: starting the network layer's fetches (a module preload per
  // chunk) is not free, and this task already opens the local store and starts the first render.
  const network: Promise<Network> = nextTask()
    .then(() => import('./network.js'))
    .then(({ connect }) => {
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
    flushAll: async () => (await network).sync.flushAll(),
    resolveConflict: async (conflictId, choice) => (await network).sync.resolveConflict(conflictId, choice),
    checkConflicts: async (walletIds) => (await network).sync.checkConflicts(walletIds),
    dismissRejection: async (mutationId) => (await network).sync.dismissRejection(mutationId),
    setOnline: (online) => {
      status.update({ online });
    },
    start: () => {
      void network.then(({ sync: engine }) => {
        engine.start();
      });
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
