import { useEffect, useSyncExternalStore } from 'react';
import type { PendingInvite } from '@ttm/contract';
import { useServices } from '../../session/services-context.js';
import { pendingInvites } from './pending-invites-store.js';

/** The user's pending invitations; fetched on start and whenever the window gets focus. */
export function usePendingInvitesRefresh(): void {
  const { db, api } = useServices();
  useEffect(() => {
    const refresh = () => {
      void pendingInvites.refresh({ db, api });
    };
    const onVisibility = () => {
      if (document.visibilityState === 'visible') refresh();
    };
    refresh();
    window.addEventListener('focus', refresh);
    window.addEventListener('online', refresh);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('focus', refresh);
      window.removeEventListener('online', refresh);
      document.removeEventListener('visibilitychange', onVisibility);
      pendingInvites.clear();
    };
  }, [db, api]);
}

export function usePendingInvites(): readonly PendingInvite[] {
  return useSyncExternalStore(pendingInvites.subscribe, pendingInvites.get);
}
