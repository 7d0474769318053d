import { randomUUID } from 'node:crypto';
import {
  categoryKey,
  decimalToMinor,
  type Expense,
  type ExpensePage,
  type ListExpensesQuerySchema,
  type Changes,
  type ChangesQuerySchema,
  type CreateExpenseBodySchema,
  type UpdateExpenseBodySchema,
  searchFold,
} from '@ttm/contract';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { type Clock, isoAt } from '../../clock.js';
import { isUniqueViolation } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import type { Db } from '../../db/types.js';
import type { WriteTransactions } from '../../db/write-transactions.js';
import { AppError, NotFoundError, ValidationError } from '../../errors.js';
import { requireRole, resolveWallet } from '../wallets/wallet-access.js';
import { bumpWalletVersion } from '../wallets/wallets.repository.js';
import { batchCreates } from './create-batches.js';
import { decodeCursor, encodeCursor } from './expense-cursor.js';
import { hasMoneyInput, type MoneyInput, resolveMoney } from './expense-money.js';
import { type ExpenseMoney, moneyOf, sameMoney, tombstoneExpense, updateExpenseValues } from './expense-writes.js';
import { toExpense } from './expenses.mapper.js';
import {
  type ExpenseRow,
  findExpenseAnywhere,
  findExpenseForMember,
  listChangedSince,
  listHistory,
} from './expenses.repository.js';

type CreateBody = z.output<typeof CreateExpenseBodySchema>;
type UpdateBody = z.output<typeof UpdateExpenseBodySchema>;
type ListQuery = z.output<typeof ListExpensesQuerySchema>;
type ChangesQuery = z.output<typeof ChangesQuerySchema>;

type LockedExpense = NonNullable<Awaited<ReturnType<typeof findExpenseForMember>>>;

export type CreateOutcome = { readonly created: boolean; readonly expense: Expense };

function amountToMinor(amount: string, currency: string, path = 'amount'): number {
  const parsed = decimalToMinor(amount, currency);
  if (!parsed.ok) throw new ValidationError([{ path, message: parsed.message }]);
  return parsed.minor;
}

async function moneyOrThrow(
  db: Db,
  wallet: { id: string; currency: string },
  input: MoneyInput,
  current: ExpenseMoney | null,
): Promise<ExpenseMoney> {
  const resolved = await resolveMoney(db, wallet, input, current);
  if (!resolved.ok) throw new ValidationError([{ path: resolved.path, message: resolved.message }]);
  return resolved.money;
}

/** Filter bounds may be 0 but must not have more digits than the currency. */
function boundToMinor(value: string | undefined, currency: string, path: string): number | undefined {
  if (value === undefined) return undefined;
  if (/^0+(\.0+)?$/.test(value)) return 0;
  return amountToMinor(value, currency, path);
}

/** If-Match: "7" (or W/"7", or *). Anything else never matches. */
function matchesIfMatch(ifMatch: string | undefined, version: number): boolean {
  if (ifMatch === undefined) return true;
  return ifMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === `"${String(version)}"`;
  });
}

// The CSV import shares the totals arithmetic.
export { totalsOf } from './expense-writes.js';

export function createExpensesService(db: Kysely<Database>, clock: Clock, writes: WriteTransactions) {
  const creates = batchCreates(writes);

  /**
   * Runs a change of one existing expense: the caller must be an editor of its wallet; the wallet
   * is locked (its version bumped) before the expense is re-read, so the If-Match check and the
   * role check cannot race another writer or a membership change.
   */
  async function editLocked<T>(
    userId: string,
    id: string,
    ifMatch: string | undefined,
    apply: (trx: Db, fresh: LockedExpense, version: number) => Promise<T>,
  ): Promise<T> {
    const current = await findExpenseForMember(db, id, userId);
    if (!current) throw new NotFoundError();
    requireRole(current, 'editor');
    return writes(current.wallet_id, async (trx) => {
      const version = await bumpWalletVersion(trx, current.wallet_id);
      const fresh = await findExpenseForMember(trx, id, userId);
      if (!fresh) throw new NotFoundError();
      requireRole(fresh, 'editor');
      if (!matchesIfMatch(ifMatch, fresh.version)) {
        throw new AppError(
          'version_mismatch',
          `The expense is now at version ${String(fresh.version)}; reload it and try again`,
        );
      }
      return apply(trx, fresh, version);
    });
  }

  async function createOnce(userId: string, body: CreateBody): Promise<CreateOutcome> {
    const wallet = await resolveWallet(db, userId, body.walletId);
    requireRole(wallet, 'editor');
    const money = await moneyOrThrow(db, wallet, body, null);
    const note = body.note ?? null;

    if (body.id !== undefined) {
      const existing = await findExpenseAnywhere(db, body.id);
      if (existing)
        return replay(
          existing,
          { walletId: wallet.id, money, category: body.category, date: body.date, note },
          wallet.currency,
        );
    }

    const row = await creates({
      userId,
      walletId: wallet.id,
      id: body.id ?? randomUUID(),
      values: { ...money, category: body.category, date: body.date, note },
      now: isoAt(clock()),
    });
    return { created: true, expense: toExpense(row, wallet.currency) };
  }

  /** A repeated create: the same content is answered with the stored expense, anything else is a conflict. */
  function replay(
    existing: ExpenseRow,
    wanted: { walletId: string; money: ExpenseMoney; category: string; date: string; note: string | null },
    currency: string,
  ): CreateOutcome {
    const same =
      existing.deleted_at === null &&
      existing.wallet_id === wanted.walletId &&
      sameMoney(moneyOf(existing), wanted.money) &&
      existing.category_key === categoryKey(wanted.category) &&
      existing.date === wanted.date &&
      existing.note === wanted.note;
    if (!same) {
      throw new AppError('id_conflict', 'An expense with this id already exists with different content');
    }
    return { created: false, expense: toExpense(existing, currency) };
  }

  return {
    async create(userId: string, body: CreateBody): Promise<CreateOutcome> {
      try {
        return await createOnce(userId, body);
      } catch (error) {
        // Two identical requests raced past the existence check: the loser replays.
        if (body.id !== undefined && isUniqueViolation(error)) return createOnce(userId, body);
        throw error;
      }
    },

    async get(userId: string, id: string): Promise<Expense> {
      const row = await findExpenseForMember(db, id, userId);
      if (!row) throw new NotFoundError();
      return toExpense(row, row.currency);
    },

    /**
     * The wallet a history request reads and its version: with the query, a complete key for
     * the page (every change to the wallet's expenses bumps the version).
     */
    async historyScope(userId: string, walletId: string | undefined): Promise<{ id: string; version: number }> {
      const wallet = await resolveWallet(db, userId, walletId);
      return { id: wallet.id, version: wallet.version };
    },

    async list(userId: string, query: ListQuery): Promise<ExpensePage> {
      const wallet = await resolveWallet(db, userId, query.walletId);
      const rows = await listHistory(db, {
        walletId: wallet.id,
        from: query.from,
        to: query.to,
        categoryKey: query.category === undefined ? undefined : categoryKey(query.category),
        search: query.q === undefined ? undefined : searchFold(query.q),
        minMinor: boundToMinor(query.minAmount, wallet.currency, 'minAmount'),
        maxMinor: boundToMinor(query.maxAmount, wallet.currency, 'maxAmount'),
        after: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
        limit: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: page.map((row) => toExpense(row, wallet.currency)),
        nextCursor:
          rows.length > query.limit && last
            ? encodeCursor({ date: last.date, createdAt: last.created_at, id: last.id })
            : null,
      };
    },

    /**
     * Incremental sync. The wallet's committed version V is read first; every write stamped at or
     * below V committed with it (versions are assigned under the wallet lock), so a page of rows
     * in (since, V] never misses one that commits later.
     */
    async changes(userId: string, walletId: string, query: ChangesQuery): Promise<Changes> {
      const wallet = await resolveWallet(db, userId, walletId);
      const rows = await listChangedSince(db, wallet.id, query.since, wallet.version, query.limit + 1);
      const page = rows.slice(0, query.limit);
      const hasMore = rows.length > query.limit;
      return {
        items: page.filter((row) => row.deleted_at === null).map((row) => toExpense(row, wallet.currency)),
        deleted: page.filter((row) => row.deleted_at !== null).map((row) => ({ id: row.id, version: row.version })),
        nextSince: hasMore ? (page.at(-1)?.version ?? query.since) : Math.max(wallet.version, query.since),
        hasMore,
      };
    },

    async update(userId: string, id: string, body: UpdateBody, ifMatch: string | undefined): Promise<Expense> {
      return editLocked(userId, id, ifMatch, async (trx, fresh, version) => {
        const wallet = { id: fresh.wallet_id, currency: fresh.currency };
        const changes = {
          ...(hasMoneyInput(body) ? await moneyOrThrow(trx, wallet, body, moneyOf(fresh)) : {}),
          ...(body.category !== undefined ? { category: body.category } : {}),
          ...(body.date !== undefined ? { date: body.date } : {}),
          ...(body.note !== undefined ? { note: body.note } : {}),
        };
        const updated = await updateExpenseValues(trx, fresh, changes, version, isoAt(clock()), null);
        return toExpense(updated, fresh.currency);
      });
    },

    async remove(userId: string, id: string, ifMatch: string | undefined): Promise<void> {
      await editLocked(userId, id, ifMatch, async (trx, fresh, version) => {
        await tombstoneExpense(trx, fresh, version, isoAt(clock()));
      });
    },
  };
}

export type ExpensesService = ReturnType<typeof createExpensesService>;
