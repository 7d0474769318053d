import type {
  CategorySummary,
  CategorySummaryQuerySchema,
  MemberTotal,
  MonthlySummary,
  MonthlySummaryQuerySchema,
} from '@ttm/contract';
import { minorToDecimal } from '@ttm/contract';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/schema.js';
import { ValidationError } from '../../errors.js';
import { resolveWallet } from '../wallets/wallet-access.js';
import { listMembers, type MemberWallet } from '../wallets/wallets.repository.js';
import { addMonths, lastDayOf, monthIndex, monthsBetween, todayUtc } from './calendar.js';
import { categoryNames, totalsByMonth, totalsFromRows, type TotalsRow } from './totals.repository.js';

type MonthlyQuery = z.output<typeof MonthlySummaryQuerySchema>;
type CategoryQuery = z.output<typeof CategorySummaryQuerySchema>;

const MAX_MONTHS = 120;

interface Bucket {
  total: bigint;
  count: number;
}

/** Adds a row's spending to `key`'s bucket; rows with income only create no spending bucket. */
function add(map: Map<string, Bucket>, key: string, row: TotalsRow): void {
  if (row.count === 0 && !map.has(key)) return;
  const bucket = map.get(key) ?? { total: 0n, count: 0 };
  bucket.total += BigInt(row.total_minor);
  bucket.count += row.count;
  map.set(key, bucket);
}

/** Income and balance (income minus spending) of some totals rows, as wire fields. */
function incomeFields(rows: readonly TotalsRow[], spent: bigint, currency: string) {
  let income = 0n;
  let incomeCount = 0;
  for (const row of rows) {
    income += BigInt(row.income_minor);
    incomeCount += row.income_count;
  }
  return {
    income: minorToDecimal(income, currency),
    incomeCount,
    balance: minorToDecimal(income - spent, currency),
  };
}

/** Largest first, then by name: a stable order for charts and lists. */
function sortedBuckets(map: Map<string, Bucket>, names: Map<string, string>) {
  return [...map.entries()]
    .map(([key, bucket]) => ({ name: names.get(key) ?? key, ...bucket }))
    .sort((a, b) => (a.total === b.total ? a.name.localeCompare(b.name) : a.total > b.total ? -1 : 1));
}

/** Who spent what: every current member (zero included) plus authors who have since left. */
async function memberTotals(
  db: Kysely<Database>,
  wallet: MemberWallet,
  rows: readonly TotalsRow[],
): Promise<MemberTotal[]> {
  const byAuthor = new Map<string, Bucket>();
  for (const row of rows) add(byAuthor, row.author_key, row);
  const members = await listMembers(db, wallet.id);
  const emails = new Map(members.map((m) => [m.user_id, m.email]));
  const authors = new Set([...members.map((m) => m.user_id), ...byAuthor.keys()]);
  const former = [...byAuthor.keys()].filter((key) => key !== '' && !emails.has(key));
  if (former.length > 0) {
    const users = await db.selectFrom('users').select(['id', 'email']).where('id', 'in', former).execute();
    for (const user of users) emails.set(user.id, user.email);
  }
  return [...authors]
    .map((author) => {
      const bucket = byAuthor.get(author) ?? { total: 0n, count: 0 };
      const known = author !== '' && emails.has(author);
      return {
        userId: known ? author : null,
        email: known ? (emails.get(author) ?? null) : null,
        total: minorToDecimal(bucket.total, wallet.currency),
        count: bucket.count,
        sortKey: bucket.total,
      };
    })
    .sort((a, b) =>
      a.sortKey === b.sortKey ? (a.email ?? '~').localeCompare(b.email ?? '~') : a.sortKey > b.sortKey ? -1 : 1,
    )
    .map(({ sortKey: _sortKey, ...member }) => member);
}

/**
 * Shares with 4 decimals that add up to exactly 1: each gets its floor in ten-thousandths, and
 * the units left over go to the largest remainders.
 */
export function largestRemainderShares(parts: readonly bigint[], total: bigint): number[] {
  if (total === 0n) return parts.map(() => 0);
  const scaled = parts.map((part) => part * 10_000n);
  const floors = scaled.map((value) => value / total);
  let left = 10_000n - floors.reduce((sum, value) => sum + value, 0n);
  const order = scaled
    .map((value, index) => ({ index, remainder: value % total }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of order) {
    if (left === 0n) break;
    floors[index] = (floors[index] ?? 0n) + 1n;
    left -= 1n;
  }
  return floors.map((value) => Number(value) / 10_000);
}

/** A validated range: months (YYYY-MM) for the monthly summary, days for the category one. */
export interface SummaryRange {
  readonly from: string;
  readonly to: string;
}

/**
 * Each summary is split in three steps so the route can cache the answer: the wallet (membership
 * checked, with the versions that change the answer), the range with its defaults resolved (today
 * enters here), and the computation from those two alone.
 */
export function createSummariesService(db: Kysely<Database>, clock: Clock) {
  return {
    wallet(userId: string, walletId: string | undefined): Promise<MemberWallet> {
      return resolveWallet(db, userId, walletId);
    },

    monthlyRange(query: MonthlyQuery): SummaryRange {
      const to = query.to ?? todayUtc(clock()).slice(0, 7);
      const from = query.from ?? addMonths(to, -11);
      if (monthIndex(from) > monthIndex(to))
        throw new ValidationError([{ path: 'from', message: '`from` must not be after `to`' }]);
      if (monthIndex(to) - monthIndex(from) >= MAX_MONTHS) {
        throw new ValidationError([{ path: 'from', message: `At most ${String(MAX_MONTHS)} months at once` }]);
      }
      return { from, to };
    },

    async monthly(wallet: MemberWallet, { from, to }: SummaryRange): Promise<MonthlySummary> {
      const [rows, names] = await Promise.all([totalsByMonth(db, wallet.id, from, to), categoryNames(db, wallet.id)]);
      const perMonth = new Map<string, Map<string, Bucket>>();
      const rowsOfMonth = new Map<string, TotalsRow[]>();
      for (const row of rows) {
        const categories = perMonth.get(row.month) ?? new Map<string, Bucket>();
        add(categories, row.category_key, row);
        perMonth.set(row.month, categories);
        const monthRows = rowsOfMonth.get(row.month);
        if (monthRows) monthRows.push(row);
        else rowsOfMonth.set(row.month, [row]);
      }
      const months = monthsBetween(from, to).map((month) => {
        const categories = sortedBuckets(perMonth.get(month) ?? new Map<string, Bucket>(), names);
        const total = categories.reduce((sum, c) => sum + c.total, 0n);
        return {
          month,
          total: minorToDecimal(total, wallet.currency),
          count: categories.reduce((sum, c) => sum + c.count, 0),
          ...incomeFields(rowsOfMonth.get(month) ?? [], total, wallet.currency),
          categories: categories.map((c) => ({
            category: c.name,
            total: minorToDecimal(c.total, wallet.currency),
            count: c.count,
          })),
        };
      });
      return {
        currency: wallet.currency,
        months,
        ...(wallet.kind === 'shared' ? { members: await memberTotals(db, wallet, rows) } : {}),
      };
    },

    categoriesRange(query: CategoryQuery): SummaryRange {
      const today = todayUtc(clock());
      const from = query.from ?? `${today.slice(0, 7)}-01`;
      const to = query.to ?? today;
      if (from > to) throw new ValidationError([{ path: 'from', message: '`from` must not be after `to`' }]);
      return { from, to };
    },

    async categories(wallet: MemberWallet, { from, to }: SummaryRange): Promise<CategorySummary> {
      const [rows, names] = await Promise.all([rangeTotals(db, wallet.id, from, to), categoryNames(db, wallet.id)]);
      const byCategory = new Map<string, Bucket>();
      for (const row of rows) add(byCategory, row.category_key, row);
      const categories = sortedBuckets(byCategory, names);
      const total = categories.reduce((sum, c) => sum + c.total, 0n);
      const shares = largestRemainderShares(
        categories.map((c) => c.total),
        total,
      );
      return {
        currency: wallet.currency,
        total: minorToDecimal(total, wallet.currency),
        count: categories.reduce((sum, c) => sum + c.count, 0),
        ...incomeFields(rows, total, wallet.currency),
        categories: categories.map((c, index) => ({
          category: c.name,
          total: minorToDecimal(c.total, wallet.currency),
          count: c.count,
          share: shares[index] ?? 0,
        })),
        ...(wallet.kind === 'shared' ? { members: await memberTotals(db, wallet, rows) } : {}),
      };
    },
  };
}

/**
 * Totals for an arbitrary date range: whole months come from the maintained aggregates, the
 * partial months at either end from the expenses themselves (at most two months of rows).
 */
export async function rangeTotals(
  db: Kysely<Database>,
  walletId: string,
  from: string,
  to: string,
): Promise<TotalsRow[]> {
  const firstMonth = from.slice(0, 7);
  const lastMonth = to.slice(0, 7);
  const startsOnMonth = from.endsWith('-01');
  const endsOnMonth = to === lastDayOf(lastMonth);
  if (firstMonth === lastMonth) {
    return startsOnMonth && endsOnMonth
      ? totalsByMonth(db, walletId, firstMonth, lastMonth)
      : totalsFromRows(db, walletId, from, to);
  }
  const parts: Promise<TotalsRow[]>[] = [];
  const wholeFrom = startsOnMonth ? firstMonth : addMonths(firstMonth, 1);
  const wholeTo = endsOnMonth ? lastMonth : addMonths(lastMonth, -1);
  if (!startsOnMonth) parts.push(totalsFromRows(db, walletId, from, lastDayOf(firstMonth)));
  if (!endsOnMonth) parts.push(totalsFromRows(db, walletId, `${lastMonth}-01`, to));
  if (monthIndex(wholeFrom) <= monthIndex(wholeTo)) parts.push(totalsByMonth(db, walletId, wholeFrom, wholeTo));
  return (await Promise.all(parts)).flat();
}

export type SummariesService = ReturnType<typeof createSummariesService>;
