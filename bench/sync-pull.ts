/**
 * A sync pull of K changes costs O(K), not O(size of the wallet): the same K changes are pulled
 * from a small and from a large wallet, and the medians are compared (and reported as ratios to
 * GET /healthz measured in the same run, like the other benchmarks). Standalone:
 *   tsx bench/sync-pull.ts   (BENCH_DATABASE_URL for PostgreSQL)
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { type AuthSession, MAX_PULL_LIMIT, type Mutation, type PullResult } from '@ttm/contract';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../packages/server/src/app.js';
import { readConfig } from '../packages/server/src/config.js';
import { createDatabase, type DatabaseHandle } from '../packages/server/src/db/database.js';
import { migrateToLatest } from '../packages/server/src/db/migrator.js';
import { encodeSyncCursor } from '../packages/server/src/modules/sync/sync-cursor.js';

export interface SyncPullBenchOptions {
  /** A PostgreSQL URL of an empty database; default: a SQLite file in a temporary folder. */
  readonly databaseUrl?: string;
  /** Expenses in the small and the large wallet. */
  readonly walletSizes?: readonly number[];
  /** Numbers of changed expenses to pull (each at most MAX_PULL_LIMIT, so one page). */
  readonly changeCounts?: readonly number[];
  readonly iterations?: number;
}

export interface SyncPullBenchRow {
  readonly walletSize: number;
  readonly changes: number;
  readonly medianMs: number;
  /** Median as a multiple of GET /healthz in the same run. */
  readonly xBaseline: number;
}

export interface SyncPullBenchResult {
  readonly dialect: 'sqlite' | 'postgres';
  readonly baselineMs: number;
  readonly rows: readonly SyncPullBenchRow[];
  /** Per change count: median in the largest wallet / median in the smallest (O(K) keeps it near 1). */
  readonly sizeRatios: readonly { readonly changes: number; readonly ratio: number }[];
  /** The table and ratios as printable text. */
  readonly report: string;
}

const CATEGORIES = ['Groceries', 'Rent', 'Transport', 'Dining out', 'Health'];

async function median(iterations: number, run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(10, iterations); i += 1) await run();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i += 1) {
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? Number.NaN;
}

/** Medians of several operations measured in turns (a, b, a, b, ...) after a warm-up. */
async function interleavedMedians(iterations: number, runs: readonly (() => Promise<unknown>)[]): Promise<number[]> {
  for (let i = 0; i < Math.min(10, iterations); i += 1) for (const run of runs) await run();
  const samples = runs.map(() => [] as number[]);
  for (let i = 0; i < iterations; i += 1) {
    for (const [index, run] of runs.entries()) {
      const t0 = performance.now();
      await run();
      samples[index]?.push(performance.now() - t0);
    }
  }
  return samples.map((list) => {
    list.sort((a, b) => a - b);
    return list[Math.floor(list.length / 2)] ?? Number.NaN;
  });
}

async function seedWallet(app: FastifyInstance, size: number) {
  const session = (
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: `sync-bench-${randomUUID()}@example.com`, password: 'benchmark passphrase' },
    })
  ).json<AuthSession>();
  const headers = { authorization: `Bearer ${session.accessToken}` };
  const walletId = (await app.inject({ method: 'GET', url: '/api/v1/wallets', headers })).json<{ id: string }[]>()[0]
    ?.id;
  if (!walletId) throw new Error('no wallet');
  const start = Date.UTC(2020, 0, 1);
  for (let offset = 0; offset < size; offset += 100_000) {
    let csv = 'date,amount,category,note\n';
    for (let n = offset; n < Math.min(offset + 100_000, size); n += 1) {
      const date = new Date(start + Math.floor((n * 2000) / size) * 86_400_000).toISOString().slice(0, 10);
      csv += `${date},${String(1 + (n % 500))}.${String(n % 100).padStart(2, '0')},${CATEGORIES[n % CATEGORIES.length] ?? 'Other'},row ${String(n)}\n`;
    }
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/expenses/import',
      headers: { ...headers, 'content-type': 'text/csv' },
      payload: csv,
    });
    if (response.statusCode !== 200) throw new Error(`seed import failed: ${response.body.slice(0, 300)}`);
  }
  return { headers, walletId };
}

/** Changes `count` expenses of the wallet through POST /sync/push (spread over the whole history). */
async function changeExpenses(
  app: FastifyInstance,
  database: DatabaseHandle,
  seeded: { headers: Record<string, string>; walletId: string },
  count: number,
  round: number,
): Promise<void> {
  const rows = await database.db
    .selectFrom('expenses')
    .select(['id', 'version'])
    .where('wallet_id', '=', seeded.walletId)
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .execute();
  const step = Math.max(1, Math.floor(rows.length / count));
  const picked = Array.from({ length: count }, (_, i) => rows[(i * step) % rows.length]).filter(
    (row) => row !== undefined,
  );
  for (let i = 0; i < picked.length; i += 500) {
    const mutations: Mutation[] = picked.slice(i, i + 500).map((row) => ({
      mutationId: randomUUID(),
      op: 'update',
      expenseId: row.id,
      walletId: seeded.walletId,
      baseVersion: row.version,
      fields: { note: `changed in round ${String(round)}` },
    }));
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/sync/push',
      headers: seeded.headers,
      payload: { clientId: 'sync-bench', mutations },
    });
    if (response.statusCode !== 200) throw new Error(`push failed: ${response.body.slice(0, 300)}`);
  }
}

/** A cursor holding every change of the wallet up to its current version. */
async function cursorNow(database: DatabaseHandle, walletId: string): Promise<string> {
  const { epoch } = await database.db.selectFrom('sync_state').select('epoch').executeTakeFirstOrThrow();
  const { version } = await database.db
    .selectFrom('wallets')
    .select('version')
    .where('id', '=', walletId)
    .executeTakeFirstOrThrow();
  return encodeSyncCursor({ epoch, wallets: new Map([[walletId, version]]) });
}

export async function benchSyncPull(options: SyncPullBenchOptions = {}): Promise<SyncPullBenchResult> {
  const walletSizes = options.walletSizes ?? [1_000, 100_000];
  const changeCounts = options.changeCounts ?? [10, 100, 1_000];
  const iterations = options.iterations ?? 50;
  if (changeCounts.some((k) => k > MAX_PULL_LIMIT || k > Math.min(...walletSizes))) {
    throw new Error(`change counts must be at most ${String(MAX_PULL_LIMIT)} and the smallest wallet size`);
  }
  const dir = options.databaseUrl ? null : mkdtempSync(join(tmpdir(), 'ttm-sync-bench-'));
  const database = createDatabase(options.databaseUrl ?? `sqlite:${join(dir ?? '', 'bench.db')}`);
  await migrateToLatest(database.db);
  // production: responses are serialized as users get them (test mode double-checks every body).
  const base = readConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    JWT_SECRET: 'bench-secret-that-is-at-least-32-bytes!!',
    RATE_LIMIT_API_PER_MINUTE: '10000000',
    RATE_LIMIT_AUTH_PER_15_MIN: '10000000',
  });
  const config = { ...base, rateLimits: { ...base.rateLimits } };
  const app = await buildApp({ config, database });
  await app.ready();
  try {
    const wallets = [];
    for (const size of walletSizes) wallets.push({ size, ...(await seedWallet(app, size)) });
    await sql`analyze`.execute(database.db);

    const baselineMs = await median(iterations, () => app.inject({ method: 'GET', url: '/api/v1/healthz' }));
    const rows: SyncPullBenchRow[] = [];
    for (const [round, changes] of changeCounts.entries()) {
      const pulls: (() => Promise<void>)[] = [];
      for (const wallet of wallets) {
        const cursor = await cursorNow(database, wallet.walletId);
        await changeExpenses(app, database, wallet, changes, round);
        pulls.push(async () => {
          const response = await app.inject({
            method: 'POST',
            url: '/api/v1/sync/pull',
            headers: wallet.headers,
            payload: { cursor, limit: MAX_PULL_LIMIT },
          });
          const body = response.json<PullResult>();
          if (body.reset || body.changes.length !== changes || body.hasMore) {
            throw new Error(`pull returned an unexpected page: ${response.body.slice(0, 200)}`);
          }
        });
      }
      // The wallets take turns, so warm-up and drift on a shared machine affect them alike.
      const medians = await interleavedMedians(iterations, pulls);
      for (const [index, wallet] of wallets.entries()) {
        const medianMs = medians[index] ?? Number.NaN;
        rows.push({ walletSize: wallet.size, changes, medianMs, xBaseline: medianMs / baselineMs });
      }
    }
    rows.sort((a, b) => a.walletSize - b.walletSize || a.changes - b.changes);

    const smallest = Math.min(...walletSizes);
    const largest = Math.max(...walletSizes);
    const sizeRatios = changeCounts.map((changes) => {
      const at = (size: number) =>
        rows.find((row) => row.walletSize === size && row.changes === changes)?.medianMs ?? Number.NaN;
      return { changes, ratio: at(largest) / at(smallest) };
    });
    const lines = [
      `${database.dialect}, sync pull of K changed expenses, median of ${String(iterations)} runs`,
      `${'benchmark'.padEnd(42)} ${'median ms'.padStart(10)} ${'x baseline'.padStart(11)}`,
      `${'GET /healthz (baseline)'.padEnd(42)} ${baselineMs.toFixed(3).padStart(10)} ${'1.00'.padStart(11)}`,
      ...rows.map(
        (row) =>
          `${`POST /sync/pull K=${String(row.changes)}, wallet ${String(row.walletSize)}`.padEnd(42)} ${row.medianMs
            .toFixed(3)
            .padStart(10)} ${row.xBaseline.toFixed(2).padStart(11)}`,
      ),
      '',
      ...sizeRatios.map(
        ({ changes, ratio }) =>
          `K=${String(changes)}: wallet ${String(largest)} / wallet ${String(smallest)}: ${ratio.toFixed(2)} (O(K) keeps this near 1)`,
      ),
    ];
    return { dialect: database.dialect, baselineMs, rows, sizeRatios, report: `${lines.join('\n')}\n` };
  } finally {
    await app.close();
    await database.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchSyncPull(
    process.env['BENCH_DATABASE_URL'] ? { databaseUrl: process.env['BENCH_DATABASE_URL'] } : {},
  );
  process.stdout.write(result.report);
}
