import { type OnConflictBuilder, sql } from 'kysely';
import { preparedQuery } from '../../db/prepared.js';
import type { Database } from '../../db/schema.js';
import type { ExpenseTotalsTable } from '../../db/tables/totals.table.js';
import type { Db } from '../../db/types.js';

export interface TotalsDelta {
  readonly walletId: string;
  readonly date: string;
  readonly categoryKey: string;
  readonly author: string | null;
  /** Expenses add to the spending columns, income to the income columns. */
  readonly kind: 'expense' | 'income';
  readonly amountMinor: number;
  readonly count: number;
}

interface TotalsParams {
  walletId: string;
  month: string;
  categoryKey: string;
  authorKey: string;
  spentMinor: number;
  spentCount: number;
  incomeMinor: number;
  incomeCount: number;
}

/** The `expense_totals` row a delta inserts when its month, category and author have none yet. */
function totalsRowOf(p: TotalsParams) {
  return {
    wallet_id: p.walletId,
    month: p.month,
    category_key: p.categoryKey,
    author_key: p.authorKey,
    total_minor: p.spentMinor,
    count: p.spentCount,
    income_minor: p.incomeMinor,
    income_count: p.incomeCount,
  };
}

const adjustTotalsQuery = preparedQuery((db, p: TotalsParams) =>
  db.insertInto('expense_totals').values(totalsRowOf(p)).onConflict(addToExistingTotals),
);

function paramsOf(delta: TotalsDelta): TotalsParams {
  const income = delta.kind === 'income';
  return {
    walletId: delta.walletId,
    month: delta.date.slice(0, 7),
    categoryKey: delta.categoryKey,
    authorKey: delta.author ?? '',
    spentMinor: income ? 0 : delta.amountMinor,
    spentCount: income ? 0 : delta.count,
    incomeMinor: income ? delta.amountMinor : 0,
    incomeCount: income ? delta.count : 0,
  };
}

/** Adds a signed delta to the maintained monthly totals (same transaction as the expense write). */
export async function adjustTotals(db: Db, delta: TotalsDelta): Promise<void> {
  await adjustTotalsQuery(db, paramsOf(delta));
}

/**
 * The `expense_totals` rows that add up `deltas`: deltas to the same row summed first (one
 * statement may not update a row twice on PostgreSQL). Each row is inserted when its month,
 * category and author have none yet, and otherwise added with `addToExistingTotals`.
 */
export function mergedTotalsRows(deltas: readonly TotalsDelta[]): ExpenseTotalsTable[] {
  return mergeDeltas(deltas).map(totalsRowOf);
}

function mergeDeltas(deltas: readonly TotalsDelta[]): TotalsParams[] {
  const rows = new Map<string, TotalsParams>();
  for (const delta of deltas) {
    const params = paramsOf(delta);
    const key = [params.walletId, params.month, params.categoryKey, params.authorKey].join('\u0000');
    const row = rows.get(key);
    if (row === undefined) rows.set(key, params);
    else {
      row.spentMinor += params.spentMinor;
      row.spentCount += params.spentCount;
      row.incomeMinor += params.incomeMinor;
      row.incomeCount += params.incomeCount;
    }
  }
  return [...rows.values()];
}

/** The conflict clause of inserting totals rows: an existing row gets the new row's sums added. */
export function addToExistingTotals(oc: OnConflictBuilder<Database, 'expense_totals'>) {
  return oc.columns(['wallet_id', 'month', 'category_key', 'author_key']).doUpdateSet({
    total_minor: sql<number>`expense_totals.total_minor + excluded.total_minor`,
    count: sql<number>`expense_totals.count + excluded.count`,
    income_minor: sql<number>`expense_totals.income_minor + excluded.income_minor`,
    income_count: sql<number>`expense_totals.income_count + excluded.income_count`,
  });
}

/** Adds several deltas in one statement (see `mergedTotalsRows`). */
export async function adjustTotalsMany(db: Db, deltas: readonly TotalsDelta[]): Promise<void> {
  const rows = mergeDeltas(deltas);
  const [only] = rows;
  if (only === undefined) return;
  if (rows.length === 1) {
    await adjustTotalsQuery(db, only);
    return;
  }
  await db.insertInto('expense_totals').values(rows.map(totalsRowOf)).onConflict(addToExistingTotals).execute();
}

const totalsByMonthQuery = preparedQuery((db, p: { walletId: string; fromMonth: string; toMonth: string }) =>
  db
    .selectFrom('expense_totals')
    .select(['month', 'category_key', 'author_key', 'total_minor', 'count', 'income_minor', 'income_count'])
    .where('wallet_id', '=', p.walletId)
    .where('month', '>=', p.fromMonth)
    .where('month', '<=', p.toMonth)
    .where((eb) => eb.or([eb('count', '>', 0), eb('income_count', '>', 0)])),
);

/** Totals per month, category and author for whole months [fromMonth, toMonth]. */
export function totalsByMonth(db: Db, walletId: string, fromMonth: string, toMonth: string) {
  return totalsByMonthQuery(db, { walletId, fromMonth, toMonth });
}

export type TotalsRow = Awaited<ReturnType<typeof totalsByMonth>>[number];

const totalsFromRowsQuery = preparedQuery((db, p: { walletId: string; from: string; to: string }) =>
  db
    .selectFrom('expenses')
    .select((eb) => [
      'category_key',
      eb.fn.coalesce('created_by', sql.lit('')).as('author_key'),
      sql<number | string>`sum(case when kind = 'income' then 0 else amount_minor end)`.as('total_minor'),
      sql<number | string>`sum(case when kind = 'income' then 0 else 1 end)`.as('count'),
      sql<number | string>`sum(case when kind = 'income' then amount_minor else 0 end)`.as('income_minor'),
      sql<number | string>`sum(case when kind = 'income' then 1 else 0 end)`.as('income_count'),
    ])
    .where('wallet_id', '=', p.walletId)
    .where('deleted_at', 'is', null)
    .where('date', '>=', p.from)
    .where('date', '<=', p.to)
    .groupBy(['category_key', sql`coalesce(created_by, '')`]),
);

/** The same shape computed from rows, for partial months at the edges of a date range. */
export async function totalsFromRows(db: Db, walletId: string, from: string, to: string): Promise<TotalsRow[]> {
  const rows = await totalsFromRowsQuery(db, { walletId, from, to });
  return rows.map((row) => ({
    month: from.slice(0, 7),
    category_key: row.category_key,
    author_key: row.author_key,
    total_minor: Number(row.total_minor),
    count: Number(row.count),
    income_minor: Number(row.income_minor),
    income_count: Number(row.income_count),
  }));
}

const categoryNamesQuery = preparedQuery((db, p: { walletId: string }) =>
  db.selectFrom('categories').select(['key', 'name']).where('wallet_id', '=', p.walletId),
);

/** Display names of categories (their first spelling in the wallet). */
export async function categoryNames(db: Db, walletId: string): Promise<Map<string, string>> {
  const rows = await categoryNamesQuery(db, { walletId });
  return new Map(rows.map((row) => [row.key, row.name]));
}

/** When an account is deleted its spending and income stay in the totals, attributed to "deleted account" (''). */
export async function anonymiseAuthorTotals(db: Db, userId: string): Promise<void> {
  await sql`
    insert into expense_totals (wallet_id, month, category_key, author_key, total_minor, count, income_minor, income_count)
    select wallet_id, month, category_key, '', total_minor, count, income_minor, income_count
    from expense_totals where author_key = ${userId}
    on conflict (wallet_id, month, category_key, author_key) do update
    set total_minor = expense_totals.total_minor + excluded.total_minor, count = expense_totals.count + excluded.count,
      income_minor = expense_totals.income_minor + excluded.income_minor,
      income_count = expense_totals.income_count + excluded.income_count
  `.execute(db);
  await db.deleteFrom('expense_totals').where('author_key', '=', userId).execute();
}
