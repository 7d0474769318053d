import { type Category, decimalToMinor, type MonthlySummary } from '@ttm/contract';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { API, type TestUser } from './factories.js';
import { serverExpenses } from './sync.js';

/**
 * The maintained aggregates (monthly spending and income, category usage) equal what the live expenses add up
 * to: proves a write path kept them in step. Dates must fall in 2026.
 */
export async function expectAggregatesMatchExpenses(app: FastifyInstance, user: TestUser, walletId: string) {
  const live = [...(await serverExpenses(app, user, walletId)).values()];
  const byMonth = new Map<string, { minor: number; count: number }>();
  const incomeByMonth = new Map<string, { minor: number; count: number }>();
  const byCategory = new Map<string, number>();
  for (const expense of live) {
    const month = expense.date.slice(0, 7);
    const parsed = decimalToMinor(expense.amount, expense.currency);
    if (!parsed.ok) throw new Error(parsed.message);
    // Spending and income are totalled apart.
    const totals = expense.kind === 'income' ? incomeByMonth : byMonth;
    const bucket = totals.get(month) ?? { minor: 0, count: 0 };
    totals.set(month, { minor: bucket.minor + parsed.minor, count: bucket.count + 1 });
    byCategory.set(expense.category, (byCategory.get(expense.category) ?? 0) + 1);
  }
  const summary = (
    await app.inject({
      method: 'GET',
      url: `${API}/summary/monthly?walletId=${walletId}&from=2026-01&to=2026-12`,
      headers: user.auth,
    })
  ).json<MonthlySummary>();
  const reported = new Map(
    summary.months
      .filter((month) => month.count > 0)
      .map((month) => {
        const parsed = decimalToMinor(month.total, summary.currency);
        return [month.month, { minor: parsed.ok ? parsed.minor : Number.NaN, count: month.count }];
      }),
  );
  expect(reported).toEqual(byMonth);
  const reportedIncome = new Map(
    summary.months
      .filter((month) => month.incomeCount > 0)
      .map((month) => {
        const parsed = decimalToMinor(month.income, summary.currency);
        return [month.month, { minor: parsed.ok ? parsed.minor : Number.NaN, count: month.incomeCount }];
      }),
  );
  expect(reportedIncome).toEqual(incomeByMonth);
  const categories = (
    await app.inject({ method: 'GET', url: `${API}/categories?walletId=${walletId}`, headers: user.auth })
  ).json<Category[]>();
  expect(new Map(categories.filter((category) => category.count > 0).map((c) => [c.name, c.count]))).toEqual(
    byCategory,
  );
}
