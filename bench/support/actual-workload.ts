/**
 * The peer's side of bench/peer-actual.ts, in a process of its own: Actual Budget's Node API
 * (`@actual-app/api`, installed in bench/peer/actual) on a local budget file, no server. It records
 * RECORD_ROWS expenses in one `addTransactions` call, adds the rest up to TOTAL_ROWS (10,000 per
 * account), then times per-category totals over them all (`aqlQuery` with a group-by, the query
 * Actual's reports use).
 * Environment: ACTUAL_DATA_DIR, RESULT_FILE, RECORD_ROWS, TOTAL_ROWS, QUERY_RUNS, FIRST_DAY, DAYS,
 * RANGES (JSON: [{ from, to }]).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { BENCH_CATEGORIES, benchExpense, type ExpenseSpread } from './expense-csv.js';

/** The few calls of `@actual-app/api` used here (its types live in the peer's own install). */
interface ActualQuery {
  filter(condition: Record<string, unknown>): ActualQuery;
  groupBy(field: string): ActualQuery;
  select(fields: unknown[]): ActualQuery;
}
interface ActualApi {
  init(config: { dataDir: string; verbose?: boolean }): Promise<{
    send(name: 'create-budget', args: { budgetName: string; avoidUpload: boolean }): Promise<{ error?: string }>;
  }>;
  shutdown(): Promise<void>;
  createAccount(account: { name: string; offbudget: boolean }, initialBalance?: number): Promise<string>;
  createCategoryGroup(group: { name: string }): Promise<string>;
  createCategory(category: { name: string; group_id: string }): Promise<string>;
  addTransactions(
    accountId: string,
    transactions: { date: string; amount: number; category: string; notes?: string }[],
  ): Promise<unknown>;
  aqlQuery(query: ActualQuery): Promise<unknown>;
  q(table: string): ActualQuery;
}

export interface ActualWorkloadResult {
  readonly version: string;
  readonly recordRows: number;
  readonly totalRows: number;
  readonly recordSeconds: number;
  readonly fillSeconds: number;
  /** Per date range asked for (RANGES), in the same order. */
  readonly ranges: readonly RangeTotals[];
}

export interface DateRange {
  readonly from: string;
  readonly to: string;
}

export interface CategoryTotal {
  readonly category: string;
  readonly amountMinor: number;
  readonly count: number;
}

export interface RangeTotals extends DateRange {
  readonly medianMs: number;
  readonly totals: readonly CategoryTotal[];
}

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

const require = createRequire(new URL('../peer/actual/package.json', import.meta.url));
const api = require('@actual-app/api') as ActualApi;
const version = (
  JSON.parse(
    readFileSync(new URL('../peer/actual/node_modules/@actual-app/api/package.json', import.meta.url), 'utf8'),
  ) as { version: string }
).version;

const recordRows = Number(env('RECORD_ROWS'));
const totalRows = Number(env('TOTAL_ROWS'));
const queryRuns = Number(env('QUERY_RUNS'));
const spread: ExpenseSpread = { total: totalRows, firstDay: Number(env('FIRST_DAY')), days: Number(env('DAYS')) };

const actual = await api.init({ dataDir: env('ACTUAL_DATA_DIR'), verbose: false });
const created = await actual.send('create-budget', { budgetName: 'TrackThatMoney bench', avoidUpload: true });
if (created.error) throw new Error(`create-budget: ${created.error}`);
const accountId = await api.createAccount({ name: 'Household', offbudget: false }, 0);
const groupId = await api.createCategoryGroup({ name: 'Bench' });
const categoryIds = new Map<string, string>();
for (const name of BENCH_CATEGORIES) categoryIds.set(name, await api.createCategory({ name, group_id: groupId }));

const transactions = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, index) => {
    const expense = benchExpense(from + index, spread);
    return {
      date: expense.date,
      amount: -expense.minor,
      category: categoryIds.get(expense.category) ?? '',
      ...(expense.note ? { notes: expense.note } : {}),
    };
  });

// Records the same expenses TrackThatMoney imports: numbers spread over the whole range.
const recordBatch = transactions(0, recordRows);
let started = performance.now();
await api.addTransactions(accountId, recordBatch);
const recordSeconds = (performance.now() - started) / 1000;

// Each further 10,000 go to an account of their own: one `addTransactions` call costs time in
// proportion to the transactions already in its account (successive 10,000-row calls into one
// account took 5, 25, 43 and 63 s here), so one account of 100,000 would take a quarter of an hour.
started = performance.now();
for (let offset = recordRows; offset < totalRows; offset += 10_000) {
  const fillAccount = await api.createAccount({ name: `Household ${String(offset)}`, offbudget: false }, 0);
  await api.addTransactions(fillAccount, transactions(offset, Math.min(offset + 10_000, totalRows)));
}
const fillSeconds = (performance.now() - started) / 1000;

const names = new Map([...categoryIds].map(([name, id]) => [id, name]));
const totalsQuery = (range: DateRange) =>
  api.aqlQuery(
    api
      .q('transactions')
      .filter({ $and: [{ date: { $gte: range.from } }, { date: { $lte: range.to } }] })
      .groupBy('category')
      .select(['category', { amount: { $sum: '$amount' } }, { count: { $count: '$id' } }]),
  ) as Promise<{ data: { category: string | null; amount: number; count: number }[] }>;

const ranges: RangeTotals[] = [];
for (const range of JSON.parse(env('RANGES')) as DateRange[]) {
  for (let i = 0; i < 3; i += 1) await totalsQuery(range);
  const samples: number[] = [];
  let last: Awaited<ReturnType<typeof totalsQuery>> = { data: [] };
  for (let i = 0; i < queryRuns; i += 1) {
    const t0 = performance.now();
    last = await totalsQuery(range);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  ranges.push({
    ...range,
    medianMs: samples[Math.floor(samples.length / 2)] ?? Number.NaN,
    totals: last.data
      .filter((row) => row.category !== null && names.has(row.category))
      .map((row) => ({ category: names.get(row.category ?? '') ?? '', amountMinor: -row.amount, count: row.count })),
  });
}

const result: ActualWorkloadResult = { version, recordRows, totalRows, recordSeconds, fillSeconds, ranges };
await api.shutdown();
writeFileSync(env('RESULT_FILE'), JSON.stringify(result));
