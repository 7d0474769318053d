import { AuthSession } from '../api/auth-session.js';
import type { LocalDb } from '../local-db/local-db.js';
import { notices } from '../shared/notices.js';
import { SyncEngine } from '../sync/sync-engine.js';
import type { SyncStatusStore } from '../sync/sync-status.js';

/**
 * Everything that talks to the server (the contract client, zod, the sync engine). Loaded
 * right after the first screen renders from the local store, so it stays out of the
 * first-screen bundle.
 */
export function connect(db: LocalDb, status: SyncStatusStore): { session: AuthSession; sync: SyncEngine } {
  const session = new AuthSession({ storage: window.localStorage });
  const sync = new SyncEngine({
    db,
    api: session,
    status,
    undoWindowMs: 5000,
    onWalletGone: (wallet) => {
      notices.show(`You no longer have access to “${wallet.name}”. Showing your personal wallet.`, {
        durationMs: 8000,
      });
    },
  });
  return { session, sync };
}
