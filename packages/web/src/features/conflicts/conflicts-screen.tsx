import { ApiError, NetworkError } from '@ttm/contract';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect } from 'react';
import type { ConflictRecord, RejectionRecord, WalletRecord } from '../../local-db/records.js';
import { useServices } from '../../session/services-context.js';
import { notices } from '../../shared/notices.js';
import type { ConflictChoice } from '../../sync/conflicts.js';
import { ConflictCard } from './conflict-card.js';
import './conflicts.css';

interface ConflictsScreenProps {
  readonly userId: string;
}

function resolveFailure(error: unknown): string {
  if (error instanceof NetworkError) return 'Choosing a version needs a connection. Try again when you are online.';
  if (error instanceof ApiError && error.status === 409) return 'Someone already settled this conflict.';
  if (error instanceof ApiError && error.status === 403) return 'Your role in this wallet does not allow this.';
  if (error instanceof ApiError && error.status === 404) return 'This conflict is no longer there.';
  return 'The conflict could not be settled. Please try again.';
}

/**
 * Everything sync could not do on its own, in every wallet: open conflicts with both versions
 * and one tap to keep either, and changes the server refused, until the user has read them.
 */
export function ConflictsScreen({ userId }: ConflictsScreenProps) {
  const { db, sync } = useServices();
  const wallets = useLiveQuery(() => db.wallets.toArray(), [db]);
  const conflicts = useLiveQuery(() => db.conflicts.toArray(), [db]);
  const rejections = useLiveQuery(() => db.rejections.orderBy('createdAt').reverse().toArray(), [db]);

  const walletIds = wallets?.map((wallet) => wallet.id).join(',') ?? '';
  useEffect(() => {
    if (!walletIds) return;
    void sync.checkConflicts(walletIds.split(',')).catch(() => undefined);
  }, [sync, walletIds]);

  const byId = new Map((wallets ?? []).map((wallet) => [wallet.id, wallet]));
  const resolve = async (conflict: ConflictRecord, choice: ConflictChoice) => {
    try {
      await sync.resolveConflict(conflict.id, choice);
      notices.show('Conflict settled. Every device gets the result on its next sync.');
    } catch (error) {
      notices.show(resolveFailure(error));
    }
  };

  const groups = groupByWallet(conflicts ?? [], byId);
  const empty = (conflicts?.length ?? 0) === 0 && (rejections?.length ?? 0) === 0;
  return (
    <section className="conflicts-screen scroll-screen" aria-labelledby="conflicts-title">
      <div className="page-header">
        <h1 id="conflicts-title">Conflicts</h1>
      </div>
      {conflicts !== undefined && empty && (
        <div className="empty-state">
          <p>No conflicts. Every change is saved.</p>
        </div>
      )}
      {(rejections?.length ?? 0) > 0 && (
        <section className="card" aria-labelledby="rejections-title">
          <h2 id="rejections-title">Changes that could not be saved</h2>
          <ul className="plain-list rejection-list">
            {(rejections ?? []).map((rejection) => (
              <RejectionRow
                key={rejection.mutationId}
                rejection={rejection}
                walletName={byId.get(rejection.walletId)?.name ?? null}
                onDismiss={() => void sync.dismissRejection(rejection.mutationId)}
              />
            ))}
          </ul>
        </section>
      )}
      {groups.map(({ wallet, items }) => (
        <section key={wallet.id} aria-label={`Conflicts in ${wallet.name}`}>
          {groups.length > 1 && <h2 className="conflict-wallet">{wallet.name}</h2>}
          {items.map((conflict) => (
            <ConflictCard
              key={conflict.id}
              conflict={conflict}
              userId={userId}
              currency={conflict.expense?.currency ?? wallet.currency}
              canResolve={wallet.role !== 'viewer'}
              onResolve={resolve}
            />
          ))}
        </section>
      ))}
    </section>
  );
}

function groupByWallet(
  conflicts: readonly ConflictRecord[],
  wallets: ReadonlyMap<string, WalletRecord>,
): { wallet: WalletRecord; items: ConflictRecord[] }[] {
  const groups = new Map<string, { wallet: WalletRecord; items: ConflictRecord[] }>();
  for (const conflict of [...conflicts].sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
    const wallet = wallets.get(conflict.walletId);
    if (!wallet) continue;
    const group = groups.get(wallet.id) ?? { wallet, items: [] };
    group.items.push(conflict);
    groups.set(wallet.id, group);
  }
  return [...groups.values()];
}

function RejectionRow({
  rejection,
  walletName,
  onDismiss,
}: {
  readonly rejection: RejectionRecord;
  readonly walletName: string | null;
  readonly onDismiss: () => void;
}) {
  return (
    <li className="list-row rejection-row" data-testid="rejection">
      <div className="list-main">
        <span className="list-title">
          {rejection.summary}
          {walletName && <span className="list-meta"> · {walletName}</span>}
        </span>
        <span className="list-meta">{rejection.message}</span>
      </div>
      <button type="button" className="button small" onClick={onDismiss}>
        Dismiss
      </button>
    </li>
  );
}
