import type { Role } from '@ttm/contract';
import type { Db } from '../../db/types.js';
import { ForbiddenError, NotFoundError } from '../../errors.js';
import { findPersonalWallet, findWalletForMember, type MemberWallet } from './wallets.repository.js';

const RANK: Readonly<Record<Role, number>> = { viewer: 0, editor: 1, owner: 2 };

/**
 * The one gate to wallet data: the caller's membership, looked up on every request (so a removed
 * member loses access at once). Not a member answers exactly like a wallet that does not exist.
 */
export async function resolveWallet(db: Db, userId: string, walletId: string | undefined): Promise<MemberWallet> {
  const wallet =
    walletId === undefined ? await findPersonalWallet(db, userId) : await findWalletForMember(db, walletId, userId);
  if (!wallet) throw new NotFoundError();
  return wallet;
}

export function requireRole(wallet: Pick<MemberWallet, 'role'>, minimum: Role): void {
  if (RANK[wallet.role] < RANK[minimum]) {
    throw new ForbiddenError(
      minimum === 'editor'
        ? 'Viewers can read this wallet but not change it'
        : 'Only an owner of this wallet can do this',
    );
  }
}
