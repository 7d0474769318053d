import { sql } from 'kysely';
import { preparedQuery } from '../../db/prepared.js';
import type { Db } from '../../db/types.js';
import { escapeLike } from '../../db/dialect.js';
import type { ExpensesTable } from '../../db/tables/expenses.table.js';
import type { ExpenseTotalsTable } from '../../db/tables/totals.table.js';
import { addUsesToExisting, type CategoryUse } from '../categories/categories.repository.js';
import { addToExistingTotals } from '../summaries/totals.repository.js';
import type { HistoryCursor } from './expense-cursor.js';

export type ExpenseRow = ExpensesTable;

const insertExpenseQuery = preparedQuery((db, p: ExpenseRow) =>
  db.insertInto('expenses').values({
    id: p.id,
    wallet_id: p.wallet_id,
    created_by: p.created_by,
    amount_minor: p.amount_minor,
    category: p.category,
    category_key: p.category_key,
    date: p.date,
    note: p.note,
    search_text: p.search_text,
    created_at: p.created_at,
    updated_at: p.updated_at,
    version: p.version,
    deleted_at: p.deleted_at,
    import_fingerprint: p.import_fingerprint,
    kind: p.kind,
    original_amount_minor: p.original_amount_minor,
    original_currency: p.original_currency,
    rate: p.rate,
    recurring_rule_id: p.recurring_rule_id,
  }),
);

/** New expenses in one statement (a create, or a batch of them: at most a few hundred rows). */
export async function insertExpenses(db: Db, rows: readonly ExpenseRow[]): Promise<void> {
  const [only] = rows;
  if (rows.length === 1 && only !== undefined) await insertExpenseQuery(db, only);
  else if (rows.length > 1) await db.insertInto('expenses').values(rows).execute();
}

/** New rows' category uses and totals, as `insertExpensesCounted` takes them. */
export interface NewExpensesBookkeeping {
  readonly uses: readonly CategoryUse[];
  readonly totals: readonly ExpenseTotalsTable[];
}

const insertCountedQuery = preparedQuery((db, p: { walletId: string; uses: string; rows: string; totals: string }) =>
  db
    .with('kept', (qc) =>
      qc
        .insertInto('categories')
        .columns(['wallet_id', 'key', 'name', 'usage_count'])
        .expression(
          sql`select ${p.walletId}::varchar, u.key, u.name, u.count
            from jsonb_to_recordset(${p.uses}::jsonb) as u(key varchar, name varchar, count integer)`,
        )
        .onConflict(addUsesToExisting)
        .returning(['key', 'name']),
    )
    .with('added', (qc) =>
      qc
        .insertInto('expenses')
        .expression(
          sql`select stored.* from jsonb_populate_recordset(null::expenses, ${p.rows}::jsonb) as typed
            join kept on kept.key = typed.category_key
            cross join lateral jsonb_populate_record(typed, jsonb_build_object('category', kept.name)) as stored`,
        )
        .returning('id'),
    )
    .with('summed', (qc) =>
      qc
        .insertInto('expense_totals')
        .expression(sql`select * from jsonb_populate_recordset(null::expense_totals, ${p.totals}::jsonb)`)
        .onConflict(addToExistingTotals)
        .returning('wallet_id'),
    )
    .selectFrom('kept')
    .select(['kept.key', 'kept.name', sql<number>`(select count(*)::int from added)`.as('added')]),
);

/**
 * PostgreSQL only: new expenses, the categories' uses and the monthly totals in one statement (data-
 * modifying CTEs), where each is otherwise a statement of its own, a round trip made while the writer
 * holds the wallet's lock. The rows arrive with the spelling their author typed and are stored with
 * the one the wallet keeps for the category (the first one used); returns each category's kept
 * spelling and how many rows were added. Rows and totals travel as JSON and are read back into the
 * tables' own row types, so the statement's text is the same for any number of rows (one prepared
 * statement); every column must be in the JSON, as `ExpenseRow` and the totals rows have them all.
 */
export function insertExpensesCounted(
  db: Db,
  walletId: string,
  rows: readonly ExpenseRow[],
  bookkeeping: NewExpensesBookkeeping,
) {
  return insertCountedQuery(db, {
    walletId,
    uses: JSON.stringify(bookkeeping.uses),
    rows: JSON.stringify(rows),
    totals: JSON.stringify(bookkeeping.totals),
  });
}

/** Any expense with this id, deleted or not, whoever owns it (for idempotency checks). */
export function findExpenseAnywhere(db: Db, id: string) {
  return db.selectFrom('expenses').selectAll().where('id', '=', id).executeTakeFirst();
}

const expenseForMemberQuery = preparedQuery(
  (db, p: { id: string; userId: string }) =>
    db
      .selectFrom('expenses')
      .innerJoin('wallet_members', (join) =>
        join.onRef('wallet_members.wallet_id', '=', 'expenses.wallet_id').on('wallet_members.user_id', '=', p.userId),
      )
      .innerJoin('wallets', 'wallets.id', 'expenses.wallet_id')
      .selectAll('expenses')
      .select(['wallets.currency', 'wallet_members.role'])
      .where('expenses.id', '=', p.id)
      .where('expenses.deleted_at', 'is', null),
  { pointRead: true },
);

/** A live expense in a wallet the user is a member of, with the wallet's currency and the role. */
export async function findExpenseForMember(db: Db, id: string, userId: string) {
  return (await expenseForMemberQuery(db, { id, userId }))[0];
}

export function updateExpense(db: Db, id: string, changes: Partial<ExpenseRow>) {
  return db.updateTable('expenses').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Rows stamped after `since` up to `upTo` (committed versions only), oldest change first. */
export function listChangedSince(db: Db, walletId: string, since: number, upTo: number, limit: number) {
  return db
    .selectFrom('expenses')
    .selectAll()
    .where('wallet_id', '=', walletId)
    .where('version', '>', since)
    .where('version', '<=', upTo)
    .orderBy('version')
    .limit(limit)
    .execute();
}

/** Case-insensitive substring search in category and note (`search` already folded with searchFold). */
export function matchesSearch(search: string) {
  return sql<boolean>`search_text like ${`%${escapeLike(search)}%`} escape '\\'`;
}

export interface HistoryFilter {
  readonly walletId: string;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly categoryKey?: string | undefined;
  readonly search?: string | undefined;
  readonly minMinor?: number | undefined;
  readonly maxMinor?: number | undefined;
  readonly after?: HistoryCursor | undefined;
  readonly limit: number;
}

/** The columns an expense is shown with (toExpense); history pages read only these. */
export const EXPENSE_COLUMNS = [
  'id',
  'wallet_id',
  'amount_minor',
  'category',
  'date',
  'note',
  'created_by',
  'created_at',
  'updated_at',
  'version',
  'kind',
  'original_amount_minor',
  'original_currency',
  'rate',
  'recurring_rule_id',
] as const;

interface HistoryParams {
  readonly walletId: string;
  readonly from: string;
  readonly to: string;
  readonly categoryKey: string;
  readonly searchPattern: string;
  readonly minMinor: number;
  readonly maxMinor: number;
  readonly afterDate: string;
  readonly afterCreatedAt: string;
  readonly afterId: string;
  readonly limit: number;
}

/** Which optional filters a history query has: one prepared statement per combination. */
type HistoryShape = string;

const historyQuery = preparedQuery((db, p: HistoryParams, shape: HistoryShape | undefined) => {
  const has = (flag: string) => shape?.includes(flag) === true;
  let query = db
    .selectFrom('expenses')
    .select(EXPENSE_COLUMNS)
    .where('wallet_id', '=', p.walletId)
    .where('deleted_at', 'is', null);
  if (has('f')) query = query.where('date', '>=', p.from);
  if (has('t')) query = query.where('date', '<=', p.to);
  if (has('c')) query = query.where('category_key', '=', p.categoryKey);
  if (has('n')) query = query.where('amount_minor', '>=', p.minMinor);
  if (has('x')) query = query.where('amount_minor', '<=', p.maxMinor);
  if (has('s')) query = query.where(sql<boolean>`search_text like ${p.searchPattern} escape '\\'`);
  if (has('a')) {
    query = query.where((eb) =>
      eb(eb.refTuple('date', 'created_at', 'id'), '<', eb.tuple(p.afterDate, p.afterCreatedAt, p.afterId)),
    );
  }
  return query.orderBy('date', 'desc').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(p.limit);
});

/**
 * One page of history, newest date first, then newest createdAt, then id: a keyset walk over
 * expenses_history_idx, so a page costs the same on page 1 and page 1,000 and rows inserted
 * meanwhile are neither skipped nor repeated.
 */
export function listHistory(db: Db, filter: HistoryFilter) {
  const shape = [
    filter.from === undefined ? '' : 'f',
    filter.to === undefined ? '' : 't',
    filter.categoryKey === undefined ? '' : 'c',
    filter.minMinor === undefined ? '' : 'n',
    filter.maxMinor === undefined ? '' : 'x',
    filter.search === undefined ? '' : 's',
    filter.after === undefined ? '' : 'a',
  ].join('');
  return historyQuery(
    db,
    {
      walletId: filter.walletId,
      from: filter.from ?? '',
      to: filter.to ?? '',
      categoryKey: filter.categoryKey ?? '',
      searchPattern: filter.search === undefined ? '' : `%${escapeLike(filter.search)}%`,
      minMinor: filter.minMinor ?? 0,
      maxMinor: filter.maxMinor ?? 0,
      afterDate: filter.after?.date ?? '',
      afterCreatedAt: filter.after?.createdAt ?? '',
      afterId: filter.after?.id ?? '',
      limit: filter.limit,
    },
    shape,
  );
}

const lastRateQuery = preparedQuery((db, p: { walletId: string; currency: string }) =>
  db
    .selectFrom('expenses')
    .select('rate')
    .where('wallet_id', '=', p.walletId)
    .where('original_currency', '=', p.currency)
    .orderBy('version', 'desc')
    .limit(1),
);

/**
 * The rate of the latest write in the wallet that entered an amount in `currency` (deleted rows
 * count too: the rate was still used), through the partial expenses_rate_idx.
 */
export async function findLastRate(db: Db, walletId: string, currency: string): Promise<string | null> {
  return (await lastRateQuery(db, { walletId, currency }))[0]?.rate ?? null;
}

/** Wallets holding expenses this user wrote (through expenses_created_by_idx). */
export async function walletsAuthoredBy(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('expenses')
    .select('wallet_id')
    .distinct()
    .where('created_by', '=', userId)
    .execute();
  return rows.map((row) => row.wallet_id);
}

/** Every expense this user wrote in the wallet, tombstones included, in a stable order. */
export async function expensesAuthoredIn(db: Db, walletId: string, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('expenses')
    .select('id')
    .where('wallet_id', '=', walletId)
    .where('created_by', '=', userId)
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}

/**
 * An author leaves for good: their expenses keep existing without an author, each stamped with a
 * version of its own from `firstVersion` on. One version per row, never one for all: a pull pages
 * by version, so a page that ended inside a run of equal versions would skip the rest of it.
 */
export async function clearAuthor(db: Db, ids: readonly string[], firstVersion: number): Promise<void> {
  for (const [index, id] of ids.entries()) {
    await db
      .updateTable('expenses')
      .set({ created_by: null, version: firstVersion + index })
      .where('id', '=', id)
      .execute();
  }
}
