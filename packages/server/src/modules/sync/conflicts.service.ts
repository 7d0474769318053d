import type { Conflict, ConflictListQuerySchema, ResolveConflictBodySchema } from '@ttm/contract';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { type Clock, isoAt } from '../../clock.js';
import type { Database } from '../../db/schema.js';
import type { Db } from '../../db/types.js';
import { AppError, NotFoundError, ValidationError } from '../../errors.js';
import {
  changedFields,
  type ExpenseValues,
  moneyOf,
  restoreExpense,
  tombstoneExpense,
  updateExpenseValues,
} from '../expenses/expense-writes.js';
import { requireRole, resolveWallet } from '../wallets/wallet-access.js';
import { bumpWalletVersion, findWalletForMember, lockWallet } from '../wallets/wallets.repository.js';
import { parseValues, toConflict } from './sync.mapper.js';
import {
  type ConflictRow,
  findConflict,
  findExpenseInWallet,
  findExpensesByIds,
  listOpenConflicts,
  markConflictResolved,
} from './sync.repository.js';
import { toValues } from './sync.service.js';

type ListQuery = z.output<typeof ConflictListQuerySchema>;
type ResolveBody = z.output<typeof ResolveConflictBodySchema>;

/** What resolving asks for: nothing, the expense deleted, or these values live (restoring it if deleted). */
type Target =
  { readonly kind: 'keep' } | { readonly kind: 'delete' } | { readonly kind: 'values'; values: Partial<ExpenseValues> };

async function targetOf(
  db: Db,
  conflict: ConflictRow,
  body: ResolveBody,
  wallet: { id: string; currency: string },
): Promise<Target> {
  if ('fields' in body) {
    const { amount, ...others } = body.fields;
    if (amount === undefined) return { kind: 'values', values: others };
    // An amount given here is in the wallet's currency; the expense keeps its kind.
    const stored = await findExpenseInWallet(db, wallet.id, conflict.expense_id);
    const parsed = await toValues(
      db,
      { ...others, amount, currency: wallet.currency },
      wallet,
      stored ? moneyOf(stored) : null,
    );
    if (!parsed.ok) throw new ValidationError([{ path: 'fields.amount', message: parsed.message }]);
    return { kind: 'values', values: parsed.values };
  }
  const client = parseValues(conflict.client_values);
  switch (conflict.kind) {
    case 'field':
      return body.choice === 'server' ? { kind: 'keep' } : { kind: 'values', values: client ?? {} };
    case 'edit_deleted':
      // server: the deletion stands; client: restore the expense with the edit.
      return body.choice === 'server' ? { kind: 'keep' } : { kind: 'values', values: client ?? {} };
    case 'delete_edited':
      // server: the edits stand, so the expense comes back; client: the deletion stands.
      return body.choice === 'server' ? { kind: 'values', values: {} } : { kind: 'delete' };
  }
}

export function createConflictsService(db: Kysely<Database>, clock: Clock) {
  return {
    async list(userId: string, query: ListQuery): Promise<Conflict[]> {
      const wallet = await resolveWallet(db, userId, query.walletId);
      const rows = await listOpenConflicts(db, wallet.id, query.limit);
      const expenses = new Map(
        (await findExpensesByIds(db, [...new Set(rows.map((row) => row.expense_id))])).map((row) => [row.id, row]),
      );
      return rows.map((row) => toConflict(row, expenses.get(row.expense_id), wallet.currency));
    },

    /**
     * Applies the chosen side as a normal versioned write (so every device pulls it) and marks the
     * conflict resolved. Someone else's conflict answers exactly like a missing one.
     */
    async resolve(userId: string, conflictId: string, body: ResolveBody): Promise<Conflict> {
      const conflict = await findConflict(db, conflictId);
      if (!conflict) throw new NotFoundError();
      const wallet = await findWalletForMember(db, conflict.wallet_id, userId);
      if (!wallet) throw new NotFoundError();
      requireRole(wallet, 'editor');
      const target = await targetOf(db, conflict, body, wallet);
      return db.transaction().execute(async (trx) => {
        await lockWallet(trx, wallet.id);
        const member = await findWalletForMember(trx, wallet.id, userId);
        if (!member) throw new NotFoundError();
        requireRole(member, 'editor');
        const fresh = await findConflict(trx, conflictId);
        if (!fresh) throw new NotFoundError();
        if (fresh.resolved_at !== null) {
          throw new AppError('already_resolved', 'Someone already resolved this conflict; pull to see the result');
        }
        let row = await findExpenseInWallet(trx, wallet.id, fresh.expense_id);
        if (!row) throw new NotFoundError();
        const now = isoAt(clock());
        if (target.kind === 'delete' && row.deleted_at === null) {
          row = await tombstoneExpense(trx, row, await bumpWalletVersion(trx, wallet.id), now);
        } else if (target.kind === 'values' && row.deleted_at !== null) {
          row = await restoreExpense(trx, row, target.values, await bumpWalletVersion(trx, wallet.id), now, null);
        } else if (target.kind === 'values' && changedFields(row, target.values).length > 0) {
          row = await updateExpenseValues(trx, row, target.values, await bumpWalletVersion(trx, wallet.id), now, null);
        }
        const resolution = { at: now, by: userId, how: 'choice' in body ? body.choice : ('fields' as const) };
        await markConflictResolved(trx, fresh.id, resolution);
        return toConflict(
          { ...fresh, resolved_at: resolution.at, resolved_by: resolution.by, resolution: resolution.how },
          row,
          wallet.currency,
        );
      });
    },
  };
}

export type ConflictsService = ReturnType<typeof createConflictsService>;
