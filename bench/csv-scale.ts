/**
 * CSV at scale, over real HTTP against our server started as `npm start` starts it:
 * - export: a wallet of 1,000,000 expenses downloaded through `GET /expenses/export.csv`, against
 *   a bare `node:http` route streaming the same rows with one hand-written SELECT
 *   (support/bare-csv-export.ts); rows/s and each process's peak RSS (VmHWM, both processes
 *   started fresh just before), bare run before and after ours;
 * - import: 100,000 rows through `POST /expenses/import`, against a hand-written bulk insert of the
 *   same file (support/bulk-insert.ts), baseline before and after ours.
 * On SQLite and on a scratch PostgreSQL database. Standalone: `tsx bench/csv-scale.ts`
 * (build the server first: `tsc -b packages/server`).
 *
 *   BENCH_CSV_EXPORT_ROWS   expenses in the exported wallet (default 1,000,000)
 *   BENCH_CSV_IMPORT_ROWS   rows in the imported file (default 100,000)
 *   BENCH_PG_URL            PostgreSQL server for the scratch database ("off" to skip)
 *   BENCH_DB=sqlite|postgres  one database only
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { endpoints } from '@ttm/contract';
import { bulkInsertCsv } from './support/bulk-insert.js';
import type { ChildServer } from './support/child-server.js';
import {
  type BenchAccount,
  DAY_MS,
  drainLines,
  type ExpenseSpread,
  expenseCsv,
  importExpenses,
  importInChunks,
  registerWithWallet,
} from './support/expense-csv.js';
import { startOurServer, startSupportServer } from './support/our-server.js';
import { readProcessMemory } from './support/proc-memory.js';
import { DEFAULT_PG_URL, withScratchPostgres } from './support/scratch-postgres.js';

const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));
const SEED_CHUNK = 100_000;

export interface CsvScaleOptions {
  readonly exportRows: number;
  readonly importRows: number;
  readonly pgUrl: string;
  readonly databases: readonly ('sqlite' | 'postgres')[];
}

export interface CsvScaleRow {
  readonly database: 'sqlite' | 'postgres';
  readonly benchmark: string;
  readonly rows: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  /** Mean of the baseline runs before and after ours. */
  readonly baselineRowsPerSecond: number;
  /** Ours over the baseline: 1 means as fast as the hand-written path. */
  readonly ratio: number;
  /** Export only: the server's peak RSS over a fresh process's export, and the bare route's. */
  readonly peakRssMiB?: number;
  readonly baselinePeakRssMiB?: number;
  /** Export only: RSS of the fresh process just before the export. */
  readonly idleRssMiB?: number;
  readonly baselineIdleRssMiB?: number;
}

export function csvScaleOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): CsvScaleOptions {
  const only = env['BENCH_DB'];
  return {
    exportRows: Number(env['BENCH_CSV_EXPORT_ROWS'] ?? 1_000_000),
    importRows: Number(env['BENCH_CSV_IMPORT_ROWS'] ?? 100_000),
    pgUrl: env['BENCH_PG_URL'] ?? DEFAULT_PG_URL,
    databases: only === 'sqlite' || only === 'postgres' ? [only] : ['sqlite', 'postgres'],
  };
}

/** Two years of expenses ending yesterday. */
function spreadOf(total: number): ExpenseSpread {
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  return { total, firstDay: today - 730 * DAY_MS, days: 730 };
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await run();
  return { value, seconds: (performance.now() - started) / 1000 };
}

async function benchImport(
  dialect: 'sqlite' | 'postgres',
  databaseUrl: string,
  origin: string,
  rows: number,
): Promise<CsvScaleRow> {
  const csv = expenseCsv(0, rows, spreadOf(rows));
  const baseline = async () => {
    const wallet = await registerWithWallet(origin, 'Bulk insert baseline');
    const { value, seconds } = await timed(() => bulkInsertCsv(databaseUrl, wallet.walletId, csv));
    if (value !== rows) throw new Error(`baseline inserted ${String(value)} of ${String(rows)} rows`);
    return seconds;
  };
  const before = await baseline();
  const account = await registerWithWallet(origin, 'Imported');
  const ours = await timed(() => importExpenses(account, csv, rows));
  const after = await baseline();
  const baselineSeconds = (before + after) / 2;
  return {
    database: dialect,
    benchmark: 'import (POST /expenses/import, one file)',
    rows,
    seconds: ours.seconds,
    rowsPerSecond: rows / ours.seconds,
    baselineRowsPerSecond: rows / baselineSeconds,
    ratio: baselineSeconds / ours.seconds,
  };
}

/** Downloads the whole export from a process started just for it; its RSS before and its peak. */
async function exportFromFreshProcess(
  start: () => Promise<ChildServer>,
  url: string,
  headers: Record<string, string>,
  rows: number,
): Promise<{ seconds: number; idleRssMiB: number; peakRssMiB: number }> {
  const server = await start();
  try {
    const pid = server.process.pid;
    if (pid === undefined) throw new Error('no pid');
    const idle = readProcessMemory(pid);
    const { value, seconds } = await timed(() => drainLines(`${server.origin}${url}`, headers));
    if (value.lines !== rows + 1) throw new Error(`export had ${String(value.lines)} lines for ${String(rows)} rows`);
    return { seconds, idleRssMiB: idle.rssMiB, peakRssMiB: readProcessMemory(pid).peakRssMiB };
  } finally {
    await server.stop();
  }
}

/** A wallet of `rows` expenses, imported through the public API in 100,000-row files. */
async function seedWallet(origin: string, rows: number): Promise<{ account: BenchAccount; fileSeconds: number[] }> {
  const account = await registerWithWallet(origin, 'Ten years');
  const fileSeconds = await importInChunks(account, spreadOf(rows), SEED_CHUNK);
  const total = fileSeconds.reduce((sum, seconds) => sum + seconds, 0);
  const rate = (index: number) =>
    (Math.min(SEED_CHUNK, rows - index * SEED_CHUNK) / (fileSeconds[index] ?? Number.NaN)).toFixed(0);
  process.stdout.write(
    `  seeded ${String(rows)} expenses through the import in ${total.toFixed(1)} s, ${String(SEED_CHUNK)}-row files: first ${rate(0)} rows/s, last ${rate(fileSeconds.length - 1)} rows/s\n`,
  );
  return { account, fileSeconds };
}

async function benchExport(
  dialect: 'sqlite' | 'postgres',
  databaseUrl: string,
  dir: string,
  account: BenchAccount,
  rows: number,
): Promise<CsvScaleRow> {
  const oursUrl = `/api/v1${endpoints.csv.export.path}?walletId=${account.walletId}`;
  const auth = { authorization: `Bearer ${account.token}` };
  const bare = () =>
    exportFromFreshProcess(
      () => startSupportServer('bare-csv-export.ts', dir, { DATABASE_URL: databaseUrl }),
      `/export?walletId=${account.walletId}`,
      {},
      rows,
    );
  const before = await bare();
  const ours = await exportFromFreshProcess(() => startOurServer(databaseUrl, dir), oursUrl, auth, rows);
  const after = await bare();
  const baselineSeconds = (before.seconds + after.seconds) / 2;
  return {
    database: dialect,
    benchmark: 'export (GET /expenses/export.csv)',
    rows,
    seconds: ours.seconds,
    rowsPerSecond: rows / ours.seconds,
    baselineRowsPerSecond: rows / baselineSeconds,
    ratio: baselineSeconds / ours.seconds,
    peakRssMiB: ours.peakRssMiB,
    baselinePeakRssMiB: Math.max(before.peakRssMiB, after.peakRssMiB),
    idleRssMiB: ours.idleRssMiB,
    baselineIdleRssMiB: Math.max(before.idleRssMiB, after.idleRssMiB),
  };
}

async function benchDatabase(
  dialect: 'sqlite' | 'postgres',
  pgDatabaseUrl: string | null,
  options: CsvScaleOptions,
): Promise<{ rows: CsvScaleRow[]; seedFileSeconds: number[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'ttm-csv-'));
  const databaseUrl = pgDatabaseUrl ?? `sqlite:${join(dir, 'ttm.db')}`;
  let server: ChildServer | null = null;
  try {
    server = await startOurServer(databaseUrl, dir);
    process.stdout.write(`CSV at scale on ${dialect}: import of ${String(options.importRows)} rows...\n`);
    const imported = await benchImport(dialect, databaseUrl, server.origin, options.importRows);
    const seeded = await seedWallet(server.origin, options.exportRows);
    // The export runs on fresh processes, so each peak RSS belongs to the export alone.
    await server.stop();
    server = null;
    process.stdout.write(`  export of ${String(options.exportRows)} rows...\n`);
    const exported = await benchExport(dialect, databaseUrl, dir, seeded.account, options.exportRows);
    return { rows: [exported, imported], seedFileSeconds: seeded.fileSeconds };
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatCsvScale(rows: readonly CsvScaleRow[]): string {
  const lines = [
    `${'CSV at scale'.padEnd(50)} ${'rows'.padStart(8)} ${'s'.padStart(6)} ${'rows/s'.padStart(8)} ${'base rows/s'.padStart(11)} ${'ours/base'.padStart(9)} ${'peak MiB'.padStart(8)} ${'base MiB'.padStart(8)}`,
  ];
  for (const row of rows) {
    const mib = (value: number | undefined) => (value === undefined ? '' : value.toFixed(0));
    lines.push(
      `${`${row.database} ${row.benchmark}`.padEnd(50)} ${String(row.rows).padStart(8)} ${row.seconds.toFixed(1).padStart(6)} ${row.rowsPerSecond.toFixed(0).padStart(8)} ${row.baselineRowsPerSecond.toFixed(0).padStart(11)} ${row.ratio.toFixed(3).padStart(9)} ${mib(row.peakRssMiB).padStart(8)} ${mib(row.baselinePeakRssMiB).padStart(8)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Runs the CSV benchmarks on each database, prints the table, writes bench/results/csv-scale.json. */
export async function runCsvScale(options: CsvScaleOptions = csvScaleOptionsFromEnv()): Promise<CsvScaleRow[]> {
  const rows: CsvScaleRow[] = [];
  const seeding: Record<string, number[]> = {};
  for (const dialect of options.databases) {
    const result =
      dialect === 'sqlite'
        ? await benchDatabase('sqlite', null, options)
        : await withScratchPostgres(options.pgUrl, (url) => benchDatabase('postgres', url, options));
    if (!result) continue;
    rows.push(...result.rows);
    seeding[dialect] = result.seedFileSeconds;
  }
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(
    join(RESULTS, 'csv-scale.json'),
    `${JSON.stringify({ exportRows: options.exportRows, importRows: options.importRows, seedFileSeconds: seeding, rows }, null, 2)}\n`,
  );
  process.stdout.write(`\n${formatCsvScale(rows)}`);
  return rows;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runCsvScale();
}
