/**
 * History at scale (in process): one wallet of 1,000,000 expenses, on SQLite and on PostgreSQL. Each
 * API operation (through the app with `inject`, so HTTP parsing, auth, validation and serialisation
 * are included) is paired with the equivalent hand-written SQL run straight on the same database by
 * its plain driver (a prepared statement on better-sqlite3 or pg) in the same run; the two are
 * sampled alternately, and p50, p99 and ours/SQL at p50 are reported, plus the API p50 as a multiple
 * of GET /healthz. Results are written to bench/results/history-scale-<dialect>.json.
 *
 *   BENCH_ROWS         history size (default 1,000,000)
 *   BENCH_ITERATIONS   samples per side (default 200, after 20 warm-up runs)
 *   BENCH_PG_URL       PostgreSQL server for the scratch database ("off" to skip PostgreSQL)
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { AuthSession, ExpensePage } from '@ttm/contract';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../packages/server/src/app.js';
import { readConfig } from '../packages/server/src/config.js';
import { createDatabase } from '../packages/server/src/db/database.js';
import { migrateToLatest } from '../packages/server/src/db/migrator.js';
import { withScratchPostgres } from './support/scratch-postgres.js';

const ROWS = Number(process.env['BENCH_ROWS'] ?? 1_000_000);
const IMPORT_CHUNK = 100_000;
const ITERATIONS = Number(process.env['BENCH_ITERATIONS'] ?? 200);
const WARMUP = 20;
const PAGE = 50;
const DEEP_ROWS = 10_000;
const CATEGORIES = ['Groceries', 'Rent', 'Transport', 'Dining out', 'Health', 'Travel', 'Books', 'Utilities'];
const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));

/** What the history endpoint selects (EXPENSE_COLUMNS in expenses.repository.ts). */
const COLUMNS = 'id, wallet_id, amount_minor, category, date, note, created_by, created_at, updated_at, version';
const HISTORY_ORDER = 'order by date desc, created_at desc, id desc';

interface Latency {
  readonly p50: number;
  readonly p99: number;
}

export interface ScaleFigure {
  readonly operation: string;
  readonly sqlLabel: string;
  readonly ours: Latency;
  readonly sql: Latency;
  /** ours p50 / hand-written SQL p50 */
  readonly ratio: number;
  /** ours p50 / GET /healthz p50 */
  readonly healthz: number;
}

export interface ScaleReport {
  readonly dialect: string;
  readonly rows: number;
  readonly seedSeconds: number;
  readonly healthz: Latency;
  readonly figures: readonly ScaleFigure[];
}

/** A hand-written statement on the database's own driver; `run` returns the rows it read. */
interface RawDatabase {
  prepare(name: string, text: string): (...params: unknown[]) => Promise<readonly Record<string, unknown>[]>;
  close(): Promise<void>;
}

function rawSqlite(file: string): RawDatabase {
  const db = new SQLite(file, { readonly: true });
  return {
    prepare(_name, text) {
      const statement = db.prepare(text.replace(/\$\d+/g, '?'));
      return (...params) => Promise.resolve(statement.all(...params) as Record<string, unknown>[]);
    },
    close: () => {
      db.close();
      return Promise.resolve();
    },
  };
}

async function rawPostgres(url: string): Promise<RawDatabase> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    // A named statement: parsed and planned once per connection, as a prepared statement should be.
    prepare:
      (name, text) =>
      async (...params) =>
        (await client.query<Record<string, unknown>>({ name, text, values: params })).rows,
    close: () => client.end(),
  };
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

function latency(samples: number[]): Latency {
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99) };
}

/** Both sides sampled alternately, so drift on the shared machine hits them alike. */
async function measurePair(ours: () => Promise<unknown>, theirs: () => Promise<unknown>) {
  for (let i = 0; i < WARMUP; i += 1) {
    await ours();
    await theirs();
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < ITERATIONS; i += 1) {
    let t0 = performance.now();
    await ours();
    a.push(performance.now() - t0);
    t0 = performance.now();
    await theirs();
    b.push(performance.now() - t0);
  }
  return { ours: latency(a), theirs: latency(b) };
}

async function measureOne(run: () => Promise<unknown>): Promise<Latency> {
  for (let i = 0; i < WARMUP; i += 1) await run();
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i += 1) {
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  }
  return latency(samples);
}

/** The benchmark on one database; `databaseUrl` is a scratch PostgreSQL database or undefined for SQLite. */
async function historyScaleOn(databaseUrl: string | undefined): Promise<ScaleReport> {
  const dir = mkdtempSync(join(tmpdir(), 'ttm-bench-'));
  const sqliteFile = join(dir, 'bench.db');
  const database = createDatabase(databaseUrl ?? `sqlite:${sqliteFile}`);
  const postgres = database.dialect === 'postgres';
  try {
    await migrateToLatest(database.db);
    const config = {
      ...readConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', JWT_SECRET: 'bench-secret-that-is-at-least-32-bytes!!' }),
      rateLimits: {
        apiPerMinute: 10_000_000,
        accountPerMinute: 10_000_000,
        authPer15Min: 10_000_000,
        loginFailuresPer15Min: 1000,
      },
    };
    const app = await buildApp({ config, database });
    await app.ready();
    try {
      const session = (
        await app.inject({
          method: 'POST',
          url: '/api/v1/auth/register',
          payload: { email: `bench-${randomUUID()}@example.com`, password: 'benchmark passphrase' },
        })
      ).json<AuthSession>();
      const headers = { authorization: `Bearer ${session.accessToken}` };
      await app.inject({ method: 'PUT', url: '/api/v1/budgets/Groceries', headers, payload: { monthlyLimit: '400' } });
      const walletId = (await app.inject({ method: 'GET', url: '/api/v1/wallets', headers })).json<
        { id: string }[]
      >()[0]?.id;
      if (!walletId) throw new Error('no wallet');

      // Seeding goes through the real import path, so the maintained monthly totals are built too.
      process.stdout.write(
        `\nSeeding ${String(ROWS)} expenses into ${database.dialect} through CSV import (${String(IMPORT_CHUNK)}-row files)...\n`,
      );
      const start = Date.UTC(2016, 0, 1);
      const seedStarted = performance.now();
      for (let offset = 0; offset < ROWS; offset += IMPORT_CHUNK) {
        let csv = 'date,amount,category,note\n';
        for (let n = offset; n < Math.min(offset + IMPORT_CHUNK, ROWS); n += 1) {
          const date = new Date(start + Math.floor((n * 3650) / ROWS) * 86_400_000).toISOString().slice(0, 10);
          const amount = 100 + ((n * 7919) % 50_000);
          csv += `${date},${String(Math.floor(amount / 100))}.${String(amount % 100).padStart(2, '0')},${CATEGORIES[n % CATEGORIES.length] ?? 'Other'},${n % 7 === 0 ? `receipt ${String(n)}` : ''}\n`;
        }
        const fileStarted = performance.now();
        const response = await app.inject({
          method: 'POST',
          url: '/api/v1/expenses/import',
          headers: { ...headers, 'content-type': 'text/csv' },
          payload: csv,
        });
        const result = response.json<{ imported: number; errors: unknown[] }>();
        if (response.statusCode !== 200 || result.errors.length > 0)
          throw new Error(`seed import failed: ${response.body.slice(0, 500)}`);
        process.stdout.write(
          `  ${String(Math.min(offset + IMPORT_CHUNK, ROWS))} rows: ${Math.round(result.imported / ((performance.now() - fileStarted) / 1000)).toLocaleString('en-US')} rows/s\n`,
        );
      }
      const seedSeconds = (performance.now() - seedStarted) / 1000;
      process.stdout.write(`Seeded in ${seedSeconds.toFixed(1)} s\n`);
      await sql`analyze`.execute(database.db);

      // The keyset position of row 10,000, found by walking the history once.
      let cursor: string | null = null;
      for (let walked = 0; walked < DEEP_ROWS;) {
        const page: ExpensePage = (
          await app.inject({
            method: 'GET',
            url: `/api/v1/expenses?limit=200${cursor ? `&cursor=${cursor}` : ''}`,
            headers,
          })
        ).json<ExpensePage>();
        walked += page.items.length;
        cursor = page.nextCursor;
        if (!cursor) throw new Error('history shorter than the deep page');
      }
      const deepCursor = cursor ?? '';
      const [afterDate, afterCreatedAt, afterId] = JSON.parse(
        Buffer.from(deepCursor, 'base64url').toString('utf8'),
      ) as [string, string, string];

      const raw = postgres ? await rawPostgres(databaseUrl ?? '') : rawSqlite(sqliteFile);
      try {
        const month = postgres ? `to_char(date, 'YYYY-MM')` : 'substr(date, 1, 7)';
        // The server reads limit + 1 rows to know whether there is a next page; so does the SQL.
        const history = raw.prepare(
          'history',
          `select ${COLUMNS} from expenses where wallet_id = $1 and deleted_at is null ${HISTORY_ORDER} limit ${String(PAGE + 1)}`,
        );
        const deep = raw.prepare(
          'deep',
          `select ${COLUMNS} from expenses where wallet_id = $1 and deleted_at is null
             and (date, created_at, id) < ($2, $3, $4) ${HISTORY_ORDER} limit ${String(PAGE + 1)}`,
        );
        const byCategory = raw.prepare(
          'by_category',
          `select ${COLUMNS} from expenses where wallet_id = $1 and deleted_at is null and category_key = $2
             ${HISTORY_ORDER} limit ${String(PAGE + 1)}`,
        );
        const search = raw.prepare(
          'search',
          `select ${COLUMNS} from expenses where wallet_id = $1 and deleted_at is null
             and search_text like $2 escape '\\' ${HISTORY_ORDER} limit ${String(PAGE + 1)}`,
        );
        const summaryTotals = raw.prepare(
          'summary_totals',
          `select month, category_key, sum(total_minor) as total_minor, sum(count) as count from expense_totals
             where wallet_id = $1 and month >= $2 and month <= $3 and count > 0 group by month, category_key`,
        );
        const summaryRows = raw.prepare(
          'summary_rows',
          `select ${month} as month, category_key, sum(amount_minor) as total_minor, count(*) as count from expenses
             where wallet_id = $1 and deleted_at is null and date >= $2 and date <= $3 group by 1, category_key`,
        );
        const budgetTotals = raw.prepare(
          'budget_totals',
          `select b.category_key, b.monthly_limit_minor,
             coalesce((select sum(t.total_minor) from expense_totals t where t.wallet_id = b.wallet_id and t.month = $2
               and (b.category_key = '*' or t.category_key = b.category_key)), 0) as spent
           from budgets b where b.wallet_id = $1`,
        );
        const budgetRows = raw.prepare(
          'budget_rows',
          `select b.category_key, b.monthly_limit_minor,
             coalesce((select sum(e.amount_minor) from expenses e where e.wallet_id = b.wallet_id
               and e.deleted_at is null and e.date >= $2 and e.date <= $3
               and (b.category_key = '*' or e.category_key = b.category_key)), 0) as spent
           from budgets b where b.wallet_id = $1`,
        );

        const get = (path: string) => async () => {
          const response = await app.inject({ method: 'GET', url: path, headers });
          if (response.statusCode !== 200) throw new Error(`${path}: ${String(response.statusCode)}`);
          return response;
        };
        // The SQL must return the page the API returns, or the pair compares different work.
        const samePage = async (path: string, rows: Promise<readonly Record<string, unknown>[]>) => {
          const page = (await get(path)()).json<ExpensePage>();
          const ids = (await rows).slice(0, PAGE).map((row) => row['id']);
          if (JSON.stringify(page.items.map((item) => item.id)) !== JSON.stringify(ids))
            throw new Error(`${path}: the hand-written SQL returns a different page`);
        };
        await samePage('/api/v1/expenses', history(walletId));
        await samePage(`/api/v1/expenses?cursor=${deepCursor}`, deep(walletId, afterDate, afterCreatedAt, afterId));
        await samePage('/api/v1/expenses?category=Books', byCategory(walletId, 'books'));
        await samePage('/api/v1/expenses?q=receipt', search(walletId, '%receipt%'));
        const total = (rows: readonly Record<string, unknown>[]) =>
          rows.reduce((sum, row) => sum + Number(row['total_minor']), 0);
        if (
          total(await summaryTotals(walletId, '2025-01', '2025-12')) !==
          total(await summaryRows(walletId, '2025-01-01', '2025-12-31'))
        )
          throw new Error('expense_totals disagrees with the rows');

        const healthz = await measureOne(() => app.inject({ method: 'GET', url: '/api/v1/healthz' }));
        const figures: ScaleFigure[] = [];
        const pair = async (
          operation: string,
          path: string,
          sqlLabel: string,
          statement: () => Promise<unknown>,
        ): Promise<void> => {
          const measured = await measurePair(get(path), statement);
          figures.push({
            operation,
            sqlLabel,
            ours: measured.ours,
            sql: measured.theirs,
            ratio: measured.ours.p50 / measured.theirs.p50,
            healthz: measured.ours.p50 / healthz.p50,
          });
        };
        await pair('GET /expenses first page (50)', '/api/v1/expenses', 'keyset select', () => history(walletId));
        await pair(
          'GET /expenses page 10,000 rows deep',
          `/api/v1/expenses?cursor=${deepCursor}`,
          'keyset select',
          () => deep(walletId, afterDate, afterCreatedAt, afterId),
        );
        await pair('GET /expenses?category=Books', '/api/v1/expenses?category=Books', 'keyset select', () =>
          byCategory(walletId, 'books'),
        );
        await pair('GET /expenses?q=receipt', '/api/v1/expenses?q=receipt', 'keyset select', () =>
          search(walletId, '%receipt%'),
        );
        const summaryPath = '/api/v1/summary/monthly?from=2025-01&to=2025-12';
        await pair('GET /summary/monthly (12 months)', summaryPath, 'GROUP BY expense_totals', () =>
          summaryTotals(walletId, '2025-01', '2025-12'),
        );
        await pair('GET /summary/monthly (12 months)', summaryPath, 'GROUP BY expenses (naive)', () =>
          summaryRows(walletId, '2025-01-01', '2025-12-31'),
        );
        const budgetsPath = '/api/v1/budgets?month=2025-06';
        await pair('GET /budgets (month status)', budgetsPath, 'budgets + expense_totals', () =>
          budgetTotals(walletId, '2025-06'),
        );
        await pair('GET /budgets (month status)', budgetsPath, 'budgets + expenses (naive)', () =>
          budgetRows(walletId, '2025-06-01', '2025-06-30'),
        );
        return { dialect: database.dialect, rows: ROWS, seedSeconds, healthz, figures };
      } finally {
        await raw.close();
      }
    } finally {
      await app.close();
    }
  } finally {
    await database.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

const ms = (value: number) => value.toFixed(3).padStart(9);

export function formatScale(report: ScaleReport): string {
  const lines = [
    `\n${report.dialect}, ${String(report.rows)} expenses in one wallet (seeded by import in ${report.seedSeconds.toFixed(1)} s), ${String(ITERATIONS)} samples per side, ms`,
    `GET /healthz p50 ${report.healthz.p50.toFixed(3)} ms`,
    `${'operation'.padEnd(36)} ${'hand-written SQL'.padEnd(27)} ${'ours p50'.padStart(9)} ${'ours p99'.padStart(9)} ${'SQL p50'.padStart(9)} ${'SQL p99'.padStart(9)} ${'ours/SQL'.padStart(9)} ${'x healthz'.padStart(9)}`,
  ];
  for (const figure of report.figures) {
    lines.push(
      `${figure.operation.padEnd(36)} ${figure.sqlLabel.padEnd(27)} ${ms(figure.ours.p50)} ${ms(figure.ours.p99)} ${ms(figure.sql.p50)} ${ms(figure.sql.p99)} ${figure.ratio.toFixed(2).padStart(9)} ${figure.healthz.toFixed(1).padStart(9)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** History, summary and budget latency on a million-row wallet against hand-written SQL, on SQLite then PostgreSQL. */
export async function runHistoryScale(pgUrl: string): Promise<void> {
  const reports = [await historyScaleOn(undefined)];
  process.stdout.write(formatScale(reports[0] as ScaleReport));
  const onPostgres = await withScratchPostgres(pgUrl, (url) => historyScaleOn(url));
  if (onPostgres) {
    reports.push(onPostgres);
    process.stdout.write(formatScale(onPostgres));
  }
  mkdirSync(RESULTS, { recursive: true });
  for (const report of reports)
    writeFileSync(`${RESULTS}history-scale-${report.dialect}.json`, `${JSON.stringify(report, null, 2)}\n`);
}
