import type { DeleteAccountBodySchema, User } from '@ttm/contract';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/schema.js';
import { AppError, UnauthenticatedError } from '../../errors.js';
import { verifyPassword } from '../../security/passwords.js';
import { deleteUser, findUserById } from '../auth/auth.repository.js';
import { anonymiseAuthorTotals } from '../summaries/totals.repository.js';
import { deleteWallets, walletsOwnedSolelyBy } from '../wallets/wallets.repository.js';

type DeleteBody = z.output<typeof DeleteAccountBodySchema>;

export function createAccountService(db: Kysely<Database>) {
  return {
    async me(userId: string): Promise<User> {
      const user = await findUserById(db, userId);
      if (!user) throw new UnauthenticatedError();
      return { id: user.id, email: user.email, createdAt: user.created_at };
    },

    /** Deletes the user, their sessions and every wallet they alone own, in one transaction. */
    async deleteAccount(userId: string, body: DeleteBody): Promise<void> {
      const user = await findUserById(db, userId);
      if (!user) throw new UnauthenticatedError();
      if (!(await verifyPassword(user.password_hash, body.password))) {
        throw new AppError('wrong_password', 'The password is wrong', {
          fieldErrors: [{ path: 'password', message: 'The password is wrong' }],
        });
      }
      await db.transaction().execute(async (trx) => {
        await deleteWallets(trx, await walletsOwnedSolelyBy(trx, userId));
        await anonymiseAuthorTotals(trx, userId);
        await deleteUser(trx, userId);
      });
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
