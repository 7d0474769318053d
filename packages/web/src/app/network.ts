import { AuthSession } from '../api/auth-session.js';
import type { LocalDb } from '../local-db/local-db.js';
import { notices } from '../shared/notices.js';
import type { LostWallet } from '../sync/pull.js';
import { describeChange, type PushedChange } from '../sync/push.js';
import { SyncEngine } from '../sync/sync-engine.js';
import type { SyncStatusStore } from '../sync/sync-status.js';

function walletGoneMessage({ wallet, unsent }: LostWallet): string {
  const name = `“${wallet.name}”`;
  if (unsent === 0) return `You no longer have access to ${name}. Showing your personal wallet.`;
  const changes = unsent === 1 ? '1 change you made offline' : `${String(unsent)} changes you made offline`;
  return `You were removed from ${name}; ${changes} could not be saved.`;
}

function rejectedMessage({ entry, result }: PushedChange): string {
  return `Not saved: ${describeChange(entry)}. ${result.message ?? ''}`.trim();
}

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
    onWalletGone: (lost) => {
      notices.show(walletGoneMessage(lost), { durationMs: 10_000 });
    },
    onRejected: (change) => {
      notices.show(rejectedMessage(change), { durationMs: 10_000 });
    },
  });
  return { session, sync };
}
