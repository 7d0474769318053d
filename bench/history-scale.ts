/**
 * History at scale (in process): each operation reported as a ratio against a baseline measured in the
 * same run (GET /healthz through the same stack), so the figures mean something on a shared,
 * noisy machine. Run: npm run bench  (BENCH_ROWS=… to change the history size, BENCH_DATABASE_URL
 * to run against PostgreSQL instead of a temporary SQLite file).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AuthSession, ExpensePage } from '@ttm/contract';
import { sql } from 'kysely';
import { buildApp } from '../packages/server/src/app.js';
import { readConfig } from '../packages/server/src/config.js';
import { createDatabase } from '../packages/server/src/db/database.js';
import { migrateToLatest } from '../packages/server/src/db/migrator.js';

const ROWS = Number(process.env['BENCH_ROWS'] ?? 1_000_000);
const IMPORT_CHUNK = 100_000;
const ITERATIONS = Number(process.env['BENCH_ITERATIONS'] ?? 200);
const CATEGORIES = ['Groceries', 'Rent', 'Transport', 'Dining out', 'Health', 'Travel', 'Books', 'Utilities'];

/** In-process history, summary and budget latency on a large wallet, as ratios to GET /healthz. */
export async function runHistoryScale(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ttm-bench-'));
  const url = process.env['BENCH_DATABASE_URL'] ?? `sqlite:${join(dir, 'bench.db')}`;
  const database = createDatabase(url);
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

  const session = (
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: `bench-${randomUUID()}@example.com`, password: 'benchmark passphrase' },
    })
  ).json<AuthSession>();
  const headers = { authorization: `Bearer ${session.accessToken}` };
  await app.inject({ method: 'PUT', url: '/api/v1/budgets/Groceries', headers, payload: { monthlyLimit: '400' } });
  const walletId = (await app.inject({ method: 'GET', url: '/api/v1/wallets', headers })).json<{ id: string }[]>()[0]
    ?.id;
  if (!walletId) throw new Error('no wallet');

  process.stdout.write(`Seeding ${String(ROWS)} expenses into ${database.dialect} through CSV import...\n`);
  // Seeding goes through the real import path, so the maintained monthly totals are built too.
  const start = Date.UTC(2016, 0, 1);
  const seedStarted = performance.now();
  for (let offset = 0; offset < ROWS; offset += IMPORT_CHUNK) {
    let csv = 'date,amount,category,note\n';
    for (let n = offset; n < Math.min(offset + IMPORT_CHUNK, ROWS); n += 1) {
      const date = new Date(start + Math.floor((n * 3650) / ROWS) * 86_400_000).toISOString().slice(0, 10);
      const amount = 100 + ((n * 7919) % 50_000);
      csv += `${date},${String(Math.floor(amount / 100))}.${String(amount % 100).padStart(2, '0')},${CATEGORIES[n % CATEGORIES.length] ?? 'Other'},${n % 7 === 0 ? `receipt ${String(n)}` : ''}\n`;
    }
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/expenses/import',
      headers: { ...headers, 'content-type': 'text/csv' },
      payload: csv,
    });
    const result = response.json<{ imported: number; errors: unknown[] }>();
    if (response.statusCode !== 200 || result.errors.length > 0)
      throw new Error(`seed import failed: ${response.body.slice(0, 500)}`);
  }
  process.stdout.write(`Seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s\n`);
  await sql`analyze`.execute(database.db);

  // A cursor deep into history (about 90 % of the way back), found by walking once.
  let deepCursor: string | null = null;
  let walked = 0;
  let cursor: string | null = null;
  while (walked < ROWS * 0.9) {
    const page: ExpensePage = (
      await app.inject({
        method: 'GET',
        url: `/api/v1/expenses?limit=200${cursor ? `&cursor=${cursor}` : ''}`,
        headers,
      })
    ).json<ExpensePage>();
    walked += page.items.length;
    cursor = page.nextCursor;
    if (!cursor) break;
    deepCursor = cursor;
  }

  async function measure(name: string, run: () => Promise<unknown>): Promise<{ name: string; median: number }> {
    for (let i = 0; i < 20; i += 1) await run();
    const samples: number[] = [];
    for (let i = 0; i < ITERATIONS; i += 1) {
      const t0 = performance.now();
      await run();
      samples.push(performance.now() - t0);
    }
    samples.sort((a, b) => a - b);
    return { name, median: samples[Math.floor(samples.length / 2)] ?? Number.NaN };
  }
  const get = (path: string) => () => app.inject({ method: 'GET', url: path, headers });

  const baseline = await measure('GET /healthz (baseline)', () =>
    app.inject({ method: 'GET', url: '/api/v1/healthz' }),
  );
  const results = [
    await measure('GET /expenses first page (50)', get('/api/v1/expenses')),
    await measure('GET /expenses page 90% deep (cursor)', get(`/api/v1/expenses?cursor=${deepCursor ?? ''}`)),
    await measure('GET /expenses?category=Books', get('/api/v1/expenses?category=Books')),
    await measure('GET /expenses?q=receipt', get('/api/v1/expenses?q=receipt')),
    await measure(
      'GET /expenses/:id',
      get(
        `/api/v1/expenses/${(await app.inject({ method: 'GET', url: '/api/v1/expenses?limit=1', headers })).json<ExpensePage>().items[0]?.id ?? ''}`,
      ),
    ),
    await measure('POST /expenses', () =>
      app.inject({
        method: 'POST',
        url: '/api/v1/expenses',
        headers,
        payload: { amount: '12.34', category: 'Groceries', date: '2026-11-22' },
      }),
    ),
    await measure('GET /categories', get('/api/v1/categories')),
    await measure('GET /summary/monthly (12 months)', get('/api/v1/summary/monthly?from=2025-01&to=2025-12')),
    await measure(
      'GET /summary/categories (partial months)',
      get('/api/v1/summary/categories?from=2024-03-15&to=2025-02-10'),
    ),
    await measure('GET /budgets', get('/api/v1/budgets?month=2025-06')),
    await measure('reference: GROUP BY over every row', () =>
      sql`select category_key, sum(amount_minor), count(*) from expenses where wallet_id = ${walletId} and deleted_at is null group by category_key`.execute(
        database.db,
      ),
    ),
  ];

  process.stdout.write(
    `\n${database.dialect}, ${String(ROWS)} expenses in one wallet, median of ${String(ITERATIONS)} runs\n`,
  );
  process.stdout.write(`${'benchmark'.padEnd(42)} ${'median ms'.padStart(10)} ${'x baseline'.padStart(11)}\n`);
  for (const result of [baseline, ...results]) {
    process.stdout.write(
      `${result.name.padEnd(42)} ${result.median.toFixed(3).padStart(10)} ${(result.median / baseline.median).toFixed(2).padStart(11)}\n`,
    );
  }
  const first = results[0]?.median ?? Number.NaN;
  const deep = results[1]?.median ?? Number.NaN;
  process.stdout.write(
    `\ndeep page / first page: ${(deep / first).toFixed(2)} (keyset pagination keeps this near 1)\n`,
  );
  const summary = results.find((r) => r.name.startsWith('GET /summary/monthly'))?.median ?? Number.NaN;
  const scan = results.find((r) => r.name.startsWith('reference'))?.median ?? Number.NaN;
  process.stdout.write(
    `12-month summary / one GROUP BY over all rows: ${(summary / scan).toPrecision(2)} (aggregates keep this far below 1)\n`,
  );

  await app.close();
  await database.destroy();
  rmSync(dir, { recursive: true, force: true });
}
