import { useLiveQuery } from 'dexie-react-hooks';
import { useSyncExternalStore } from 'react';
import { useServices } from '../../session/services-context.js';
import { syncLabel, type SyncLabel } from '../../sync/sync-status.js';
import { ConflictsBadge } from './conflicts-badge.js';

const TEXT: Record<SyncLabel, string> = {
  synced: 'Synced',
  syncing: 'Syncing…',
  offline: 'Offline',
  problem: 'Sync problem',
};

/** Always on screen: whether local data matches the server, and how many changes wait. */
export function SyncIndicator({ walletId }: { readonly walletId: string | null }) {
  const { sync, db } = useServices();
  const status = useSyncExternalStore(sync.status.subscribe, sync.status.get);
  // A delete still inside its undo window is not waiting for the network yet.
  const waiting = useLiveQuery(() => db.outbox.filter((entry) => entry.notBefore <= Date.now()).count(), [db]) ?? 0;
  const label = syncLabel(status);
  const text = waiting > 0 && label !== 'syncing' ? `${TEXT[label]} · ${String(waiting)} waiting` : TEXT[label];
  return (
    <div className="sync-indicator-wrap">
      <button
        type="button"
        className={`sync-indicator sync-${label}`}
        data-sync-state={label}
        onClick={() => void sync.refresh(walletId)}
        title={[
          status.problem ? `${status.problem}.` : null,
          status.lastSyncedAt ? `Last synced ${new Date(status.lastSyncedAt).toLocaleTimeString()}.` : null,
          'Select to sync now.',
        ]
          .filter((part): part is string => part !== null)
          .join(' ')}
      >
        <span className="sync-dot" aria-hidden="true" />
        {text}
      </button>
      <span role="status" className="visually-hidden">
        Sync status: {text}
      </span>
      <ConflictsBadge />
    </div>
  );
}
