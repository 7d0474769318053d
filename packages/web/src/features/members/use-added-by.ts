import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useSyncExternalStore } from 'react';
import { useServices } from '../../session/services-context.js';
import type { ExpenseRecord, WalletRecord } from '../../local-db/records.js';

export type AddedBy = (expense: ExpenseRecord) => string;

/**
 * For a shared wallet: who added an expense, from the members cached in the local store
 * ("you", their email, or "deleted account" once the author's account is gone). Null for a
 * personal wallet, where it is always the user.
 */
export function useAddedBy(wallet: WalletRecord): AddedBy | null {
  const { db, session } = useServices();
  const state = useSyncExternalStore(session.subscribe, session.getState);
  const userId = state.status === 'signed-in' ? state.user.id : null;
  const emails = useLiveQuery(async () => {
    const members = await db.members.where('walletId').equals(wallet.id).toArray();
    return new Map(members.map((member) => [member.userId, member.email]));
  }, [db, wallet.id]);
  const addedBy = useCallback(
    (expense: ExpenseRecord): string => authorLabel(expense, userId, emails),
    [emails, userId],
  );
  return wallet.personal ? null : addedBy;
}

/** "you", the author's email, "a former member", or "deleted account" (createdBy is null). */
export function authorLabel(
  expense: Pick<ExpenseRecord, 'createdBy' | 'version'>,
  userId: string | null,
  emails: ReadonlyMap<string, string> | undefined,
): string {
  // A create still on its way has no author from the server yet: it is this user's.
  if (expense.createdBy === userId || (expense.createdBy === null && expense.version === 0)) return 'you';
  if (expense.createdBy === null) return 'deleted account';
  return emails?.get(expense.createdBy) ?? 'a former member';
}
