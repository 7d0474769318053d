/**
 * `npm run reliability`: load, crash and two-instance checks against the built server, started
 * as child processes on loopback. Prints a summary, writes bench/results/reliability.json, and
 * exits 1 when any check fails.
 *
 *   RELIABILITY_ONLY=load|crash|two   one check only
 *   RELIABILITY_CLIENTS               simulated clients of the load check (default 200)
 *   RELIABILITY_SECONDS               load duration (default 60)
 *   RELIABILITY_THINK_MS              pause between one client's requests (default 0)
 *   RELIABILITY_LOAD_DATABASES        sqlite,postgres (default both)
 *   RELIABILITY_CRASH_SECONDS         write load before each kill -9 (default 4)
 *   RELIABILITY_CRASH_ROUNDS          kill/restart rounds per database (default 2)
 *   RELIABILITY_TWO_SECONDS           two-instance write duration (default 15)
 *   RELIABILITY_PG_URL                PostgreSQL server for scratch databases (default
 *                                     TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test;
 *                                     "off" skips the PostgreSQL parts)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CrashReport, runCrashCheck } from './reliability-crash.js';
import { type LoadReport, runLoad } from './reliability-load.js';
import { HIGH_RATE_LIMITS, postgresReachable, scratchPostgres, startServer } from './reliability-support.js';
import { runTwoInstanceCheck, type TwoInstanceReport } from './reliability-two-instances.js';

const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));
const env = process.env;
const only = env['RELIABILITY_ONLY'];
const numberFrom = (name: string, fallback: number) => Number(env[name] ?? fallback);
const clients = numberFrom('RELIABILITY_CLIENTS', 200);
const seconds = numberFrom('RELIABILITY_SECONDS', 60);
const thinkMs = numberFrom('RELIABILITY_THINK_MS', 0);
const loadDatabases = (env['RELIABILITY_LOAD_DATABASES'] ?? 'sqlite,postgres').split(',').map((s) => s.trim());
const pgAdminUrl = env['RELIABILITY_PG_URL'] ?? env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

type Kind = 'sqlite' | 'postgres';

interface Results {
  startedAt: string;
  rateLimits: Readonly<Record<string, string>>;
  load: Partial<Record<Kind, LoadReport>>;
  crash: Partial<Record<Kind, CrashReport>>;
  twoInstances: TwoInstanceReport | null;
  skipped: string[];
  failures: string[];
}

const results: Results = {
  startedAt: new Date().toISOString(),
  rateLimits: HIGH_RATE_LIMITS,
  load: {},
  crash: {},
  twoInstances: null,
  skipped: [],
  failures: [],
};

const out = (line: string) => process.stdout.write(`${line}\n`);

/** A fresh database of `kind` in a fresh folder for one check; removed afterwards. */
async function withDatabase<T>(kind: Kind, label: string, run: (url: string, dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), `ttm-reliability-${label}-`));
  const scratch = kind === 'postgres' ? await scratchPostgres(pgAdminUrl, label) : null;
  let failed = false;
  try {
    return await run(scratch ? scratch.url : `sqlite:${join(dir, 'ttm.db')}`, dir);
  } catch (error) {
    failed = true;
    out(`  server logs kept in ${dir}`);
    throw error;
  } finally {
    await scratch?.drop();
    if (!failed) rmSync(dir, { recursive: true, force: true });
  }
}

async function loadCheck(kind: Kind): Promise<void> {
  out(
    `\nLoad [${kind}]: ${String(clients)} clients for ${String(seconds)} s (login, then add, list, summary, sync pull in a loop; think time ${String(thinkMs)} ms)`,
  );
  const report = await withDatabase(kind, `load-${kind}`, async (url, dir) => {
    const server = await startServer(url, dir, 'load');
    try {
      return await runLoad({ origin: server.origin, clients, seconds, thinkMs });
    } finally {
      await server.stop();
    }
  });
  results.load[kind] = report;
  out(
    `  ${String(report.requests)} requests in ${String(report.seconds)} s (${String(report.requestsPerSecond)}/s), errors: ${String(report.errors)}`,
  );
  out(
    `  latency overall p50 ${String(report.overall.p50Ms)} ms, p99 ${String(report.overall.p99Ms)} ms, max ${String(report.overall.maxMs)} ms`,
  );
  for (const [operation, figures] of Object.entries(report.byOperation))
    out(
      `    ${operation.padEnd(8)} n=${String(figures.count).padStart(7)}  p50 ${String(figures.p50Ms).padStart(7)} ms  p99 ${String(figures.p99Ms).padStart(7)} ms`,
    );
  out(`  acknowledged expenses found afterwards: ${String(report.found)} of ${String(report.acknowledged)}`);
  for (const sample of report.errorSamples.slice(0, 5)) out(`  error: ${sample}`);
  if (report.errors > 0) results.failures.push(`load [${kind}]: ${String(report.errors)} errors`);
  if (report.found !== report.acknowledged)
    results.failures.push(
      `load [${kind}]: ${String(report.acknowledged - report.found)} acknowledged expenses missing`,
    );
}

async function crashCheck(kind: Kind): Promise<void> {
  const rounds = numberFrom('RELIABILITY_CRASH_ROUNDS', 2);
  const crashSeconds = numberFrom('RELIABILITY_CRASH_SECONDS', 4);
  out(`\nCrash [${kind}]: ${String(rounds)} rounds of ${String(crashSeconds)} s of writes, then kill -9 and restart`);
  const report = await withDatabase(kind, `crash-${kind}`, (url, dir) =>
    runCrashCheck({
      databaseUrl: url,
      dir,
      label: kind,
      accounts: 6,
      writersPerAccount: 4,
      seconds: crashSeconds,
      rounds,
    }),
  );
  results.crash[kind] = report;
  for (const [n, round] of report.rounds.entries())
    out(
      `  round ${String(n + 1)}: ${String(round.acknowledged)} creates and ${String(round.importsAcknowledged)} imports acknowledged, ${String(round.inFlight)} in flight at the kill; ${String(round.expensesAfterRestart)} expenses after restart`,
    );
  out(`  problems: ${String(report.problems.length)}`);
  for (const problem of report.problems.slice(0, 10)) out(`    ${problem}`);
  if (report.problems.length > 0) results.failures.push(`crash [${kind}]: ${String(report.problems.length)} problems`);
}

async function twoInstanceCheck(): Promise<void> {
  const twoSeconds = numberFrom('RELIABILITY_TWO_SECONDS', 15);
  out(`\nTwo instances on one PostgreSQL: 20 accounts x 3 devices for ${String(twoSeconds)} s`);
  const report = await withDatabase('postgres', 'two', (url, dir) =>
    runTwoInstanceCheck({ databaseUrl: url, dir, accounts: 20, devices: 3, seconds: twoSeconds }),
  );
  results.twoInstances = report;
  out(
    `  ${String(report.creates)} creates, ${String(report.retriesOnOtherInstance)} retried on the other instance, ${String(report.simultaneousDuplicates)} sent to both at once, ${String(report.simultaneousPushes)} sync pushes to both at once`,
  );
  out(
    `  ${String(report.racingEdits)} racing If-Match edits, ${String(report.racingEditsResolved)} ended one 200 + one 412`,
  );
  out(
    `  ${String(report.expenses)} expenses, identical on both instances and in sync downloads: ${report.problems.length === 0 ? 'yes' : 'no'}`,
  );
  out(`  problems: ${String(report.problems.length)}`);
  for (const problem of report.problems.slice(0, 10)) out(`    ${problem}`);
  if (report.problems.length > 0) results.failures.push(`two instances: ${String(report.problems.length)} problems`);
}

out(`Rate limits are per process and in memory; raised for these checks: ${JSON.stringify(HIGH_RATE_LIMITS)}`);
const postgres = pgAdminUrl !== 'off' && (await postgresReachable(pgAdminUrl));
if (!postgres) {
  results.skipped.push(`PostgreSQL parts (no server at ${pgAdminUrl})`);
  out(`PostgreSQL not reachable at ${pgAdminUrl}: its parts are skipped`);
}
const kinds: Kind[] = postgres ? ['sqlite', 'postgres'] : ['sqlite'];

try {
  if (only === undefined || only === 'load')
    for (const kind of kinds.filter((k) => loadDatabases.includes(k))) await loadCheck(kind);
  if (only === undefined || only === 'crash') for (const kind of kinds) await crashCheck(kind);
  if ((only === undefined || only === 'two') && postgres) await twoInstanceCheck();
} catch (error) {
  results.failures.push(`aborted: ${error instanceof Error ? error.message : String(error)}`);
}

mkdirSync(RESULTS, { recursive: true });
writeFileSync(`${RESULTS}reliability.json`, `${JSON.stringify(results, null, 2)}\n`);
out(
  `\n${results.failures.length === 0 ? 'PASS' : 'FAIL'}: ${results.failures.length === 0 ? 'every check passed' : results.failures.join('; ')}`,
);
out(`Results written to bench/results/reliability.json`);
if (results.failures.length > 0) process.exitCode = 1;
