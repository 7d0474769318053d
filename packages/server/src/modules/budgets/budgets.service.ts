import {
  type Budget,
  BUDGET_OVERALL,
  type BudgetListQuerySchema,
  categoryKey,
  decimalToMinor,
  minorToDecimal,
  type PutBudgetBodySchema,
} from '@ttm/contract';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { type Clock, isoAt } from '../../clock.js';
import type { Database } from '../../db/schema.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { adjustCategoryUsage, findCategoryName } from '../categories/categories.repository.js';
import { todayUtc } from '../summaries/calendar.js';
import { categoryNames, totalsByMonth } from '../summaries/totals.repository.js';
import { requireRole, resolveWallet } from '../wallets/wallet-access.js';
import { deleteBudget, listBudgets, upsertBudget } from './budgets.repository.js';

type ListQuery = z.output<typeof BudgetListQuerySchema>;
type PutBody = z.output<typeof PutBudgetBodySchema>;

/** Warning from 80 % of the limit; over once spending passes it. */
export function budgetStatus(spent: bigint, limit: bigint): Pick<Budget, 'ratio' | 'status'> {
  const ratio = limit === 0n ? 0 : Number((spent * 10_000n + limit / 2n) / limit) / 10_000;
  const status = spent > limit ? 'over' : spent * 100n >= limit * 80n ? 'warning' : 'ok';
  return { ratio, status };
}

export function createBudgetsService(db: Kysely<Database>, clock: Clock) {
  /** Spending of one month per category key, plus the overall total under '*'. */
  async function spentIn(walletId: string, month: string): Promise<Map<string, bigint>> {
    const spent = new Map<string, bigint>();
    let overall = 0n;
    for (const row of await totalsByMonth(db, walletId, month, month)) {
      spent.set(row.category_key, (spent.get(row.category_key) ?? 0n) + BigInt(row.total_minor));
      overall += BigInt(row.total_minor);
    }
    spent.set(BUDGET_OVERALL, overall);
    return spent;
  }

  function toBudget(name: string, limitMinor: number, spentMinor: bigint, currency: string): Budget {
    const limit = BigInt(limitMinor);
    return {
      category: name,
      monthlyLimit: minorToDecimal(limit, currency),
      spent: minorToDecimal(spentMinor, currency),
      remaining: minorToDecimal(limit - spentMinor, currency),
      ...budgetStatus(spentMinor, limit),
    };
  }

  function keyOf(category: string): string {
    return category === BUDGET_OVERALL ? BUDGET_OVERALL : categoryKey(category);
  }

  return {
    async list(userId: string, query: ListQuery): Promise<Budget[]> {
      const wallet = await resolveWallet(db, userId, query.walletId);
      const month = query.month ?? todayUtc(clock()).slice(0, 7);
      const [budgets, spent, names] = await Promise.all([
        listBudgets(db, wallet.id),
        spentIn(wallet.id, month),
        categoryNames(db, wallet.id),
      ]);
      return budgets
        .map((budget) =>
          toBudget(
            budget.category_key === BUDGET_OVERALL
              ? BUDGET_OVERALL
              : (names.get(budget.category_key) ?? budget.category_key),
            budget.monthly_limit_minor,
            spent.get(budget.category_key) ?? 0n,
            wallet.currency,
          ),
        )
        .sort((a, b) =>
          a.category === BUDGET_OVERALL ? -1 : b.category === BUDGET_OVERALL ? 1 : a.category.localeCompare(b.category),
        );
    },

    async put(userId: string, walletId: string | undefined, category: string, body: PutBody): Promise<Budget> {
      const wallet = await resolveWallet(db, userId, walletId);
      requireRole(wallet, 'editor');
      const limit = decimalToMinor(body.monthlyLimit, wallet.currency);
      if (!limit.ok)
        throw new ValidationError([{ path: 'monthlyLimit', message: limit.message.replace('Amount', 'Limit') }]);
      const key = keyOf(category);
      const name = await db.transaction().execute(async (trx) => {
        let display = BUDGET_OVERALL;
        if (key !== BUDGET_OVERALL) {
          // A budget may name a category before its first expense: register the spelling.
          display = (await findCategoryName(trx, wallet.id, key)) ?? category;
          await adjustCategoryUsage(trx, wallet.id, key, display, 0);
        }
        await upsertBudget(trx, wallet.id, key, limit.minor, isoAt(clock()));
        return display;
      });
      const spent = await spentIn(wallet.id, todayUtc(clock()).slice(0, 7));
      return toBudget(name, limit.minor, spent.get(key) ?? 0n, wallet.currency);
    },

    async remove(userId: string, walletId: string | undefined, category: string): Promise<void> {
      const wallet = await resolveWallet(db, userId, walletId);
      requireRole(wallet, 'editor');
      if (!(await deleteBudget(db, wallet.id, keyOf(category)))) throw new NotFoundError();
    },
  };
}

export type BudgetsService = ReturnType<typeof createBudgetsService>;
