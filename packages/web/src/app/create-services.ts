import type { AuthSession, SessionState } from '../api/auth-session.js';
import { readRememberedUser } from '../api/remembered-user.js';
import { LocalDb } from '../local-db/local-db.js';
import { nextTask } from '../platform/scheduling.js';
import type { ApiPort, Services, SessionPort, SyncPort } from '../session/services.js';
import type { SyncEngine } from '../sync/sync-engine.js';
import { SyncStatusStore } from '../sync/sync-status.js';

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
  // zod is evaluated first, and the contract's schemas in a later task (see zod-first.ts).
  const network: Promise<AuthSession> = nextTask()
    .then(() => import('./zod-first.js'))
    .then(nextTask)
    .then(() => import('./network.js'))
    .then(({ connectSession }) => {
      const connected = connectSession();
      connected.subscribe(() => {
        state = connected.getState();
        for (const listener of listeners) listener();
      });
      void connected.restore();
      return connected;
    });
  // The sync engine loads on its first use (the signed-in shell starts it), after the session:
  // its schemas are then built in a task of their own while the session's refresh is in flight,
  // and a new visitor's sign-in screen never loads them. A load that fails (offline before the
  // service worker has cached the chunk) is shown in the sync status and not kept: the next
  // sync trigger or write loads it again, and the engine starts then if the shell asked it to.
  let engine: Promise<SyncEngine> | undefined;
  let running = false;
  const syncEngine = (): Promise<SyncEngine> => {
    engine ??= network
      .then(async (connected) => {
        const { connectSync } = await import('./sync-network.js');
        const loaded = connectSync(db, connected, status);
        if (running) loaded.start();
        return loaded;
      })
      .catch((error: unknown) => {
        engine = undefined;
        status.update({ problem: 'Sync could not start; it tries again when the connection is back' });
        throw error;
      });
    return engine;
  };
  const ignore = () => undefined;

  const session: SessionPort = {
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getState: () => state,
    signIn: async (email, password) => (await network).signIn(email, password),
    signUp: async (email, password) => (await network).signUp(email, password),
    signOut: async () => (await network).signOut(),
  };

  const sync: SyncPort = {
    status,
    createExpense: async (expense) => (await syncEngine()).createExpense(expense),
    updateExpense: async (id, changes, baseVersion) => (await syncEngine()).updateExpense(id, changes, baseVersion),
    deleteExpense: async (id) => (await syncEngine()).deleteExpense(id),
    // Like the engine's own refresh this never rejects: an engine that could not load is shown
    // in the sync status, and the next trigger tries again.
    refresh: async (walletId) => {
      const loaded = await syncEngine().catch(ignore);
      await loaded?.refresh(walletId);
    },
    flushAll: async () => (await syncEngine()).flushAll(),
    resolveConflict: async (conflictId, choice) => (await syncEngine()).resolveConflict(conflictId, choice),
    checkConflicts: async (walletIds) => (await syncEngine()).checkConflicts(walletIds),
    dismissRejection: async (mutationId) => (await syncEngine()).dismissRejection(mutationId),
    setOnline: (online) => {
      status.update({ online });
    },
    start: () => {
      running = true;
      void syncEngine().then((loaded) => {
        if (running) loaded.start();
      }, ignore);
    },
    dispose: () => {
      running = false;
      void engine?.then((loaded) => {
        loaded.dispose();
      }, ignore);
    },
  };

  const api: ApiPort = {
    call: async (endpoint, input, options) => (await network).call(endpoint, input, options),
    accessToken: async () => (await network).accessToken(),
  };

  return { db, session, sync, api };
}
