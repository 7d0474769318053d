/**
 * `npm run bench`: every benchmark in one run, each figure a ratio against a baseline measured in
 * the same run (the machine is shared and noisy). Results are printed and written to
 * bench/results/*.json.
 *
 *   BENCH_ONLY=api|sync|scale   run one part only
 *   BENCH_PG_URL                PostgreSQL server to create a scratch database on
 *                               (default postgres://postgres@127.0.0.1:5432/test; "off" to skip)
 *   BENCH_SECONDS               load duration per route (default 4)
 *   BENCH_DB=sqlite|postgres    the API table on one database only (default both)
 *   BENCH_ROUTE                 the API table's routes whose name contains this text only
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { formatHotPaths, type RouteFigure, runApiHotPaths } from './api-hot-paths.js';
import { runHistoryScale } from './history-scale.js';
import { benchSyncPull } from './sync-pull.js';

const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));
const only = process.env['BENCH_ONLY'];
const pgUrl = process.env['BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const seconds = Number(process.env['BENCH_SECONDS'] ?? 4);
const apiDatabase = process.env['BENCH_DB'];
const apiRoute = process.env['BENCH_ROUTE'];

function save(name: string, data: unknown): void {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(`${RESULTS}${name}.json`, `${JSON.stringify(data, null, 2)}\n`);
}

/** A scratch PostgreSQL database for one run, dropped afterwards; null when none answers. */
async function withScratchPostgres<T>(run: (url: string) => Promise<T>): Promise<T | null> {
  if (pgUrl === 'off') return null;
  const admin = new pg.Client({ connectionString: pgUrl });
  try {
    await admin.connect();
  } catch (error) {
    process.stdout.write(`PostgreSQL not reachable at ${pgUrl} (${String(error)}): skipped\n`);
    return null;
  }
  const name = `ttm_bench_${String(process.pid)}_${String(Date.now())}`;
  await admin.query(`create database ${name}`);
  try {
    const url = new URL(pgUrl);
    url.pathname = `/${name}`;
    return await run(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function apiHotPaths(): Promise<void> {
  const options = { rows: 10_000, members: 96, connections: 32, seconds, only: apiRoute };
  const report = (dialect: string, figures: readonly RouteFigure[]) => {
    save(`api-${dialect}`, figures);
    process.stdout.write(
      formatHotPaths(
        `\nAPI over HTTP, ${dialect}: a shared wallet of ${String(options.rows)} expenses, ${String(options.members)} members, ${String(options.connections)} connections, ${String(seconds)} s per route; bare Fastify route measured before and after each`,
        figures,
      ),
    );
    return figures;
  };
  const all: (readonly RouteFigure[])[] = [];
  if (apiDatabase !== 'postgres')
    all.push(report('sqlite', await runApiHotPaths({ ...options, databaseUrl: 'sqlite' })));
  if (apiDatabase !== 'sqlite') {
    const onPostgres = await withScratchPostgres((url) => runApiHotPaths({ ...options, databaseUrl: url }));
    if (onPostgres) all.push(report('postgres', onPostgres));
  }
  if (all.flat().some((figure) => figure.failures > 0)) {
    process.stdout.write('\nSome requests failed: the figures above are not valid.\n');
    process.exitCode = 1;
  }
}

async function syncPull(): Promise<void> {
  const sqlite = await benchSyncPull({});
  save('sync-pull-sqlite', sqlite);
  process.stdout.write(`\n${sqlite.report}\n`);
  const onPostgres = await withScratchPostgres((url) => benchSyncPull({ databaseUrl: url }));
  if (onPostgres) {
    save('sync-pull-postgres', onPostgres);
    process.stdout.write(`\n${onPostgres.report}\n`);
  }
}

if (only === undefined || only === 'api') await apiHotPaths();
if (only === undefined || only === 'sync') await syncPull();
if (only === undefined || only === 'scale') await runHistoryScale();
