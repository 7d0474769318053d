import type { DeleteAccountBodySchema, User } from '@ttm/contract';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/schema.js';
import { AppError, UnauthenticatedError } from '../../errors.js';
import type { ActiveSessionCache } from '../../security/active-sessions.js';
import { verifyPassword } from '../../security/passwords.js';
import { deleteUser, findUserById } from '../auth/auth.repository.js';
import { anonymiseAuthorTotals } from '../summaries/totals.repository.js';
import { clearAuthor, expensesAuthoredIn, walletsAuthoredBy } from '../expenses/expenses.repository.js';
import {
  bumpMembersVersion,
  bumpWalletVersionBy,
  deleteWallets,
  listWalletsForUser,
  walletsOwnedSolelyBy,
} from '../wallets/wallets.repository.js';

type DeleteBody = z.output<typeof DeleteAccountBodySchema>;

export function createAccountService(db: Kysely<Database>, activeSessions: ActiveSessionCache) {
  return {
    async me(userId: string): Promise<User> {
      const user = await findUserById(db, userId);
      if (!user) throw new UnauthenticatedError();
      return { id: user.id, email: user.email, createdAt: user.created_at };
    },

    /**
     * Deletes the user, their sessions and every wallet they alone own, in one transaction; in the
     * wallets they share, what they added stays, without an author, as a new version of each.
     */
    async deleteAccount(userId: string, body: DeleteBody): Promise<void> {
      const user = await findUserById(db, userId);
      if (!user) throw new UnauthenticatedError();
      if (!(await verifyPassword(user.password_hash, body.password))) {
        throw new AppError('wrong_password', 'The password is wrong', {
          fieldErrors: [{ path: 'password', message: 'The password is wrong' }],
        });
      }
      await db.transaction().execute(async (trx) => {
        const doomed = await walletsOwnedSolelyBy(trx, userId);
        await deleteWallets(trx, doomed);
        const memberOf = (await listWalletsForUser(trx, userId)).map((wallet) => wallet.id);
        // Wallets they once wrote in but have left lose the author too, as a new version of each.
        const authoredIn = await walletsAuthoredBy(trx, userId);
        for (const walletId of new Set([...memberOf, ...authoredIn])) {
          if (doomed.includes(walletId)) continue;
          const ids = await expensesAuthoredIn(trx, walletId, userId);
          const last = await bumpWalletVersionBy(trx, walletId, Math.max(ids.length, 1));
          await clearAuthor(trx, ids, last - ids.length + 1);
          if (memberOf.includes(walletId)) await bumpMembersVersion(trx, walletId);
        }
        await anonymiseAuthorTotals(trx, userId);
        await deleteUser(trx, userId);
      });
      activeSessions.forgetUser(userId);
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
