import { useEffect } from 'react';
import type { SyncPort } from '../session/services.js';

/**
 * Syncs on start and periodically (the engine's timer), when the window gets focus or becomes
 * visible, and when the browser comes back online; marks the state offline when it goes
 * offline. Changes trigger their own (debounced) sync in the engine.
 */
export function useSyncTriggers(sync: SyncPort, walletId: string | null, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    sync.start();
    return () => {
      sync.dispose();
    };
  }, [sync, enabled]);

  useEffect(() => {
    if (!enabled) return;
    const refresh = () => {
      void sync.refresh(walletId);
    };
    const onVisibility = () => {
      if (document.visibilityState === 'visible') refresh();
    };
    const onOnline = () => {
      sync.setOnline(true);
      refresh();
    };
    const onOffline = () => {
      sync.setOnline(false);
    };
    refresh();
    window.addEventListener('focus', refresh);
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    return () => {
      window.removeEventListener('focus', refresh);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
    };
  }, [sync, walletId, enabled]);
}
