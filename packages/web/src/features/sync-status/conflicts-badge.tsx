import { useLiveQuery } from 'dexie-react-hooks';
import { navigateTo } from '../../platform/use-route.js';
import { useServices } from '../../session/services-context.js';

/** Shown while a conflict waits for a choice or a refused change waits to be read: opens the conflicts screen. */
export function ConflictsBadge() {
  const { db } = useServices();
  const count = useLiveQuery(async () => (await db.conflicts.count()) + (await db.rejections.count()), [db]) ?? 0;
  if (count === 0) return null;
  return (
    <button
      type="button"
      className="conflicts-badge"
      onClick={() => {
        navigateTo('conflicts');
      }}
    >
      <span className="conflicts-word">Conflicts</span> <span className="conflicts-count">{count}</span>
    </button>
  );
}
