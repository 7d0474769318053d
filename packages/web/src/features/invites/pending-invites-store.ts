import type { PendingInvite } from '@ttm/contract';
import type { WalletActionsDeps } from '../../sync/wallet-actions.js';

type Listener = () => void;

let invites: readonly PendingInvite[] = [];
const listeners = new Set<Listener>();

function set(next: readonly PendingInvite[]): void {
  invites = next;
  for (const listener of listeners) listener();
}

/**
 * Invitations waiting for the signed-in user (GET /invites), shared by the badge in the top
 * bar and the wallets screen. Kept in memory only: they are only actionable online.
 */
export const pendingInvites = {
  subscribe: (listener: Listener): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  get: (): readonly PendingInvite[] => invites,
  async refresh(deps: WalletActionsDeps): Promise<void> {
    const { listMyInvites } = await import('../../sync/wallet-actions.js');
    try {
      set(await listMyInvites(deps));
    } catch {
      // Offline or signed out: keep what was shown; the next focus tries again.
    }
  },
  forget(inviteId: string): void {
    set(invites.filter((invite) => invite.id !== inviteId));
  },
  clear(): void {
    set([]);
  },
};
