/**
 * A side-by-side peer: Actual Budget's Node API (`@actual-app/api`, a local budget file, no server)
 * and TrackThatMoney through its public HTTP API, on the same expenses in the same run:
 * - record 10,000 expenses: Actual's `addTransactions` (one call) vs `POST /expenses/import` (one
 *   CSV file) into a fresh wallet;
 * - per-category totals over 100,000 expenses (two years of whole months; Actual's beyond the first
 *   10,000 added 10,000 per account, see support/actual-workload.ts): Actual's `aqlQuery` group-by
 *   vs `GET /summary/categories`, median of QUERY_RUNS each. Both sides' totals must be equal.
 * Actual runs in a process of its own (support/actual-workload.ts), installed outside the
 * workspaces in bench/peer/actual (`npm ci` there on first run). Ours runs on SQLite and on a
 * scratch PostgreSQL database. Standalone: `tsx bench/peer-actual.ts` (after `tsc -b packages/server`).
 *
 *   BENCH_PEER_RECORD_ROWS   expenses recorded (default 10,000)
 *   BENCH_PEER_TOTAL_ROWS    expenses the totals cover (default 100,000)
 *   BENCH_PEER_QUERY_RUNS    totals queries timed on each side (default 30)
 *   BENCH_PG_URL, BENCH_DB   as for the other benchmarks
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { endpoints } from '@ttm/contract';
import type { ActualWorkloadResult, CategoryTotal, DateRange } from './support/actual-workload.js';
import type { ChildServer } from './support/child-server.js';
import {
  type BenchAccount,
  DAY_MS,
  type ExpenseSpread,
  expenseCsv,
  importExpenses,
  registerWithWallet,
} from './support/expense-csv.js';
import { startOurServer, userEnvironment } from './support/our-server.js';
import { DEFAULT_PG_URL, withScratchPostgres } from './support/scratch-postgres.js';

const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));
const PEER_DIR = fileURLToPath(new URL('./peer/actual/', import.meta.url));
const WORKLOAD = fileURLToPath(new URL('./support/actual-workload.ts', import.meta.url));

export interface PeerOptions {
  readonly recordRows: number;
  readonly totalRows: number;
  readonly queryRuns: number;
  readonly pgUrl: string;
  readonly databases: readonly ('sqlite' | 'postgres')[];
}

export interface PeerRow {
  readonly benchmark: string;
  /** `actual` or the database our server ran on. */
  readonly system: 'actual' | 'sqlite' | 'postgres';
  readonly rows: number;
  readonly ms: number;
  /** Actual's time over this system's: above 1, this system was faster. */
  readonly speedVsActual: number;
}

export function peerOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): PeerOptions {
  const only = env['BENCH_DB'];
  return {
    recordRows: Number(env['BENCH_PEER_RECORD_ROWS'] ?? 10_000),
    totalRows: Number(env['BENCH_PEER_TOTAL_ROWS'] ?? 100_000),
    queryRuns: Number(env['BENCH_PEER_QUERY_RUNS'] ?? 30),
    pgUrl: env['BENCH_PG_URL'] ?? DEFAULT_PG_URL,
    databases: only === 'sqlite' || only === 'postgres' ? [only] : ['sqlite', 'postgres'],
  };
}

/** The 24 whole calendar months before the current one. */
function spreadOf(total: number): ExpenseSpread {
  const now = new Date();
  const firstDay = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 24, 1);
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  return { total, firstDay, days: Math.round((end - firstDay) / DAY_MS) };
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The totals are asked for two ranges: the whole months (ours reads its maintained monthly totals)
 * and mid-month to mid-month (ours also reads the rows of the two partial months).
 */
function rangesOf(spread: ExpenseSpread): { label: string; range: DateRange }[] {
  const last = spread.firstDay + (spread.days - 1) * DAY_MS;
  return [
    { label: '24 whole months', range: { from: isoDay(spread.firstDay), to: isoDay(last) } },
    {
      label: 'mid-month to mid-month',
      range: { from: isoDay(spread.firstDay + 14 * DAY_MS), to: isoDay(last - 15 * DAY_MS) },
    },
  ];
}

/** Installs the peer from its own lockfile, outside the workspaces, when it is not there yet. */
export function ensureActualInstalled(): void {
  if (existsSync(join(PEER_DIR, 'node_modules/@actual-app/api/package.json'))) return;
  process.stdout.write('Installing @actual-app/api for the peer benchmark (npm ci in bench/peer/actual)...\n');
  execFileSync('npm', ['ci', '--prefix', PEER_DIR, '--no-audit', '--no-fund', '--workspaces=false'], {
    stdio: 'inherit',
  });
}

function runActual(
  options: PeerOptions,
  spread: ExpenseSpread,
  ranges: readonly DateRange[],
  dir: string,
): Promise<ActualWorkloadResult> {
  const resultFile = join(dir, 'actual-result.json');
  mkdirSync(join(dir, 'actual'), { recursive: true });
  const child = spawn(process.execPath, ['--import', 'tsx', WORKLOAD], {
    env: userEnvironment({
      ACTUAL_DATA_DIR: join(dir, 'actual'),
      RESULT_FILE: resultFile,
      RECORD_ROWS: String(options.recordRows),
      TOTAL_ROWS: String(options.totalRows),
      QUERY_RUNS: String(options.queryRuns),
      FIRST_DAY: String(spread.firstDay),
      DAYS: String(spread.days),
      RANGES: JSON.stringify(ranges),
    }),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve(JSON.parse(readFileSync(resultFile, 'utf8')) as ActualWorkloadResult);
      else reject(new Error(`the Actual workload exited with ${String(code)}`));
    });
  });
}

interface OursResult {
  readonly recordSeconds: number;
  readonly fillSeconds: number;
  readonly ranges: readonly { readonly medianMs: number; readonly totals: readonly CategoryTotal[] }[];
}

async function runOurs(
  options: PeerOptions,
  spread: ExpenseSpread,
  ranges: readonly DateRange[],
  databaseUrl: string,
  dir: string,
): Promise<OursResult> {
  let server: ChildServer | null = null;
  try {
    server = await startOurServer(databaseUrl, dir);
    const account: BenchAccount = await registerWithWallet(server.origin, 'Household');
    const recordCsv = expenseCsv(0, options.recordRows, spread);
    let started = performance.now();
    await importExpenses(account, recordCsv, options.recordRows);
    const recordSeconds = (performance.now() - started) / 1000;

    started = performance.now();
    for (let offset = options.recordRows; offset < options.totalRows; offset += 100_000) {
      const end = Math.min(offset + 100_000, options.totalRows);
      await importExpenses(account, expenseCsv(offset, end, spread), end - offset);
    }
    const fillSeconds = (performance.now() - started) / 1000;

    const measured: OursResult['ranges'][number][] = [];
    for (const range of ranges) {
      const totals = () =>
        account.api.call(endpoints.summaries.categories, { query: { walletId: account.walletId, ...range } });
      for (let i = 0; i < 3; i += 1) await totals();
      const samples: number[] = [];
      let last = await totals();
      for (let i = 0; i < options.queryRuns; i += 1) {
        const t0 = performance.now();
        last = await totals();
        samples.push(performance.now() - t0);
      }
      samples.sort((a, b) => a - b);
      measured.push({
        medianMs: samples[Math.floor(samples.length / 2)] ?? Number.NaN,
        totals: last.categories.map((row) => ({
          category: row.category,
          amountMinor: Math.round(Number(row.total) * 100),
          count: row.count,
        })),
      });
    }
    const result: OursResult = { recordSeconds, fillSeconds, ranges: measured };
    return result;
  } finally {
    await server?.stop();
  }
}

/** Both sides must have computed the same totals, or the timings compare different work. */
function checkSameTotals(actual: readonly CategoryTotal[], ours: readonly CategoryTotal[], system: string): void {
  const key = (rows: readonly CategoryTotal[]) =>
    JSON.stringify(
      [...rows].sort((a, b) => a.category.localeCompare(b.category)).map((r) => [r.category, r.amountMinor, r.count]),
    );
  if (key(actual) !== key(ours))
    throw new Error(`category totals differ between Actual and ours (${system}): ${key(actual)} vs ${key(ours)}`);
}

export function formatPeer(rows: readonly PeerRow[], actualVersion: string): string {
  const lines = [
    `Against Actual Budget (@actual-app/api ${actualVersion}, local file, in process; ours over HTTP)`,
    `${'benchmark'.padEnd(42)} ${'system'.padEnd(9)} ${'expenses'.padStart(8)} ${'ms'.padStart(9)} ${'speed vs Actual'.padStart(15)}`,
  ];
  for (const row of rows) {
    lines.push(
      `${row.benchmark.padEnd(42)} ${row.system.padEnd(9)} ${String(row.rows).padStart(8)} ${row.ms.toFixed(row.ms < 100 ? 2 : 0).padStart(9)} ${row.speedVsActual.toFixed(2).padStart(15)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Runs the peer comparison, prints the table, writes bench/results/peer-actual.json. */
export async function runPeerActual(options: PeerOptions = peerOptionsFromEnv()): Promise<PeerRow[]> {
  ensureActualInstalled();
  const spread = spreadOf(options.totalRows);
  const ranges = rangesOf(spread);
  const dir = mkdtempSync(join(tmpdir(), 'ttm-peer-'));
  try {
    process.stdout.write(
      `Peer: Actual Budget recording ${String(options.recordRows)} expenses, totals over ${String(options.totalRows)}...\n`,
    );
    const actual = await runActual(
      options,
      spread,
      ranges.map(({ range }) => range),
      dir,
    );
    const ours: { system: 'sqlite' | 'postgres'; result: OursResult }[] = [];
    for (const dialect of options.databases) {
      process.stdout.write(`Peer: TrackThatMoney on ${dialect}...\n`);
      const result =
        dialect === 'sqlite'
          ? await runOurs(
              options,
              spread,
              ranges.map(({ range }) => range),
              `sqlite:${join(dir, 'ttm.db')}`,
              dir,
            )
          : await withScratchPostgres(options.pgUrl, (url) =>
              runOurs(
                options,
                spread,
                ranges.map(({ range }) => range),
                url,
                dir,
              ),
            );
      if (!result) continue;
      for (const [index, measured] of result.ranges.entries())
        checkSameTotals(actual.ranges[index]?.totals ?? [], measured.totals, dialect);
      ours.push({ system: dialect, result });
    }
    const record = `record ${String(options.recordRows)} expenses (bulk)`;
    const rows: PeerRow[] = [
      {
        benchmark: record,
        system: 'actual',
        rows: options.recordRows,
        ms: actual.recordSeconds * 1000,
        speedVsActual: 1,
      },
      ...ours.map(({ system, result }) => ({
        benchmark: record,
        system,
        rows: options.recordRows,
        ms: result.recordSeconds * 1000,
        speedVsActual: actual.recordSeconds / result.recordSeconds,
      })),
    ];
    for (const [index, { label }] of ranges.entries()) {
      const benchmark = `category totals, ${label}`;
      const actualMs = actual.ranges[index]?.medianMs ?? Number.NaN;
      rows.push({ benchmark, system: 'actual', rows: options.totalRows, ms: actualMs, speedVsActual: 1 });
      for (const { system, result } of ours) {
        const ms = result.ranges[index]?.medianMs ?? Number.NaN;
        rows.push({ benchmark, system, rows: options.totalRows, ms, speedVsActual: actualMs / ms });
      }
    }
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(
      join(RESULTS, 'peer-actual.json'),
      `${JSON.stringify(
        {
          actualVersion: actual.version,
          options: { recordRows: options.recordRows, totalRows: options.totalRows, queryRuns: options.queryRuns },
          ranges,
          fillSeconds: {
            actual: actual.fillSeconds,
            ...Object.fromEntries(ours.map(({ system, result }) => [system, result.fillSeconds])),
          },
          rows,
        },
        null,
        2,
      )}\n`,
    );
    process.stdout.write(`\n${formatPeer(rows, actual.version)}`);
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runPeerActual();
}
