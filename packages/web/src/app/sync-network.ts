import type { AuthSession } from '../api/auth-session.js';
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
 * The sync engine with the sync, wallet and expense schemas it validates against: the larger
 * part of the network layer, loaded once someone is signed in (a new visitor's sign-in screen
 * never builds it).
 */
export function connectSync(db: LocalDb, session: AuthSession, status: SyncStatusStore): SyncEngine {
  return new SyncEngine({
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
}
