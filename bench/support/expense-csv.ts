import { randomUUID } from 'node:crypto';
import { get } from 'node:http';
import { performance } from 'node:perf_hooks';
import { type ApiClient, createApiClient, endpoints, type ImportResult } from '@ttm/contract';

export const BENCH_CATEGORIES = [
  'Groceries',
  'Rent',
  'Transport',
  'Dining out',
  'Health',
  'Travel',
  'Books',
  'Utilities',
] as const;

export const DAY_MS = 86_400_000;

/** Where generated expenses fall: `days` calendar days from `firstDay` (UTC midnight, in ms). */
export interface ExpenseSpread {
  readonly total: number;
  readonly firstDay: number;
  readonly days: number;
}

export interface BenchExpense {
  readonly date: string;
  readonly minor: number;
  readonly category: string;
  readonly note: string;
}

/** Expense number `n` of `spread.total`: dates ascending, amounts 1.00-500.99, every seventh with a note. */
export function benchExpense(n: number, spread: ExpenseSpread): BenchExpense {
  const day = Math.floor((n * spread.days) / spread.total);
  return {
    date: new Date(spread.firstDay + day * DAY_MS).toISOString().slice(0, 10),
    minor: 100 + ((n * 7919) % 50_000),
    category: BENCH_CATEGORIES[n % BENCH_CATEGORIES.length] ?? 'Other',
    note: n % 7 === 0 ? `receipt ${String(n)}` : '',
  };
}

export function decimalAmount(minor: number): string {
  return `${String(Math.floor(minor / 100))}.${String(minor % 100).padStart(2, '0')}`;
}

/** Expenses `from` (inclusive) to `to` (exclusive) of `spread` as an import file with a header row. */
export function expenseCsv(from: number, to: number, spread: ExpenseSpread): string {
  const lines = ['date,amount,category,note'];
  for (let n = from; n < to; n += 1) {
    const expense = benchExpense(n, spread);
    lines.push(`${expense.date},${decimalAmount(expense.minor)},${expense.category},${expense.note}`);
  }
  return `${lines.join('\n')}\n`;
}

export interface BenchAccount {
  readonly api: ApiClient;
  readonly token: string;
  readonly walletId: string;
}

/** A new account with a new EUR wallet, through the public API. */
export async function registerWithWallet(origin: string, name: string): Promise<BenchAccount> {
  let token: string | null = null;
  const api = createApiClient({ baseUrl: origin, getAccessToken: () => token });
  const session = await api.call(endpoints.auth.register, {
    body: { email: `bench-${randomUUID()}@example.com`, password: 'benchmark passphrase' },
  });
  token = session.accessToken;
  const wallet = await api.call(endpoints.wallets.create, { body: { name, currency: 'EUR' } });
  return { api, token: session.accessToken, walletId: wallet.id };
}

/** POST /expenses/import of one file; fails unless every row was imported. */
export async function importExpenses(account: BenchAccount, csv: string, rows: number): Promise<ImportResult> {
  const result = await account.api.call(endpoints.csv.import, { query: { walletId: account.walletId }, body: csv });
  if (result.imported !== rows || result.errors.length > 0)
    throw new Error(
      `import wrote ${String(result.imported)} of ${String(rows)} rows: ${JSON.stringify(result.errors)}`,
    );
  return result;
}

/**
 * Imports `spread.total` expenses in files of at most `chunk` rows (each request is limited to
 * 20 MB); returns each file's time in seconds, in order.
 */
export async function importInChunks(account: BenchAccount, spread: ExpenseSpread, chunk: number): Promise<number[]> {
  const seconds: number[] = [];
  for (let offset = 0; offset < spread.total; offset += chunk) {
    const end = Math.min(offset + chunk, spread.total);
    const csv = expenseCsv(offset, end, spread);
    const started = performance.now();
    await importExpenses(account, csv, end - offset);
    seconds.push((performance.now() - started) / 1000);
  }
  return seconds;
}

/** Streams a GET response to the end, counting bytes and lines; fails on a non-2xx answer. */
export function drainLines(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ bytes: number; lines: number }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (response) => {
      const status = response.statusCode ?? 0;
      if (status < 200 || status > 299) {
        response.resume();
        reject(new Error(`GET ${url} answered ${String(status)}`));
        return;
      }
      let bytes = 0;
      let lines = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.byteLength;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines += 1;
      });
      response.once('end', () => {
        resolve({ bytes, lines });
      });
      response.once('error', reject);
    }).once('error', reject);
  });
}
