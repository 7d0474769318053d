/**
 * `npm run bench`: every benchmark in one run, each figure a ratio against a baseline measured in
 * the same run (the machine is shared and noisy). Results are printed and written to
 * bench/results/*.json.
 *
 *   BENCH_ONLY=api|sync|scale|csv|peer   run one part only
 *   BENCH_CSV_EXPORT_ROWS, BENCH_CSV_IMPORT_ROWS   CSV sizes (default 1,000,000 / 100,000)
 *   BENCH_PEER_RECORD_ROWS, BENCH_PEER_TOTAL_ROWS, BENCH_PEER_QUERY_RUNS   Actual peer (10,000 / 100,000 / 30)
 *   BENCH_PG_URL                PostgreSQL server to create a scratch database on
 *                               (default postgres://postgres@127.0.0.1:5432/test; "off" to skip)
 *   BENCH_SECONDS               load duration per route (default 4)
 *   BENCH_ROUNDS                times the API table measures each route; it shows the median round (default 3)
 *   BENCH_DB=sqlite|postgres    the API table on one database only (default both)
 *   BENCH_ROUTE                 the API table's routes whose name contains this text only
 *   BENCH_WORKERS               the API table with our server's WORKERS set to this (default: unset, as npm start)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { formatHotPaths, type RouteFigure, runApiHotPaths } from './api-hot-paths.js';
import { runCsvScale } from './csv-scale.js';
import { runHistoryScale } from './history-scale.js';
import { runPeerActual } from './peer-actual.js';
import { DEFAULT_PG_URL, withScratchPostgres } from './support/scratch-postgres.js';
import { benchSyncPull } from './sync-pull.js';

const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));
const only = process.env['BENCH_ONLY'];
const pgUrl = process.env['BENCH_PG_URL'] ?? DEFAULT_PG_URL;
const seconds = Number(process.env['BENCH_SECONDS'] ?? 4);
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 3);
const apiDatabase = process.env['BENCH_DB'];
const apiRoute = process.env['BENCH_ROUTE'];
const apiWorkers = process.env['BENCH_WORKERS'];

function save(name: string, data: unknown): void {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(`${RESULTS}${name}.json`, `${JSON.stringify(data, null, 2)}\n`);
}

async function apiHotPaths(): Promise<void> {
  const options = {
    rows: 10_000,
    members: 96,
    households: 4,
    connections: 32,
    seconds,
    rounds,
    only: apiRoute,
    env: (apiWorkers === undefined ? {} : { WORKERS: apiWorkers }) as Readonly<Record<string, string>>,
  };
  const report = (dialect: string, figures: readonly RouteFigure[]) => {
    save(`api-${dialect}`, figures);
    process.stdout.write(
      formatHotPaths(
        `\nAPI over HTTP, ${dialect}: ${String(options.households)} households, each a shared wallet of ${String(options.rows)} expenses and ${String(options.members)} members, ${String(options.connections)} connections, ${String(seconds)} s per route in each of ${String(rounds)} rounds (the median round shown); our server with WORKERS=${apiWorkers ?? 'auto'} (${String(availableParallelism())} cores), the bare Fastify route in one process, measured before and after each`,
        figures,
      ),
    );
    return figures;
  };
  const all: (readonly RouteFigure[])[] = [];
  if (apiDatabase !== 'postgres')
    all.push(report('sqlite', await runApiHotPaths({ ...options, databaseUrl: 'sqlite' })));
  if (apiDatabase !== 'sqlite') {
    const onPostgres = await withScratchPostgres(pgUrl, (url) => runApiHotPaths({ ...options, databaseUrl: url }));
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
  const onPostgres = await withScratchPostgres(pgUrl, (url) => benchSyncPull({ databaseUrl: url }));
  if (onPostgres) {
    save('sync-pull-postgres', onPostgres);
    process.stdout.write(`\n${onPostgres.report}\n`);
  }
}

if (only === undefined || only === 'api') await apiHotPaths();
if (only === undefined || only === 'sync') await syncPull();
if (only === undefined || only === 'scale') await runHistoryScale(pgUrl);
if (only === undefined || only === 'csv') await runCsvScale();
if (only === undefined || only === 'peer') await runPeerActual();
