/**
 * Benchmarks of the API's hot paths, each reported as a ratio against a baseline measured in the
 * same run (GET /healthz through the same stack), so the figures mean something on a shared,
 * noisy machine. Run: npm run bench  (BENCH_ROWS=… to change the history size, BENCH_DATABASE_URL
 * to run against PostgreSQL instead of a temporary SQLite file).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type AuthSession, categoryKey, type ExpensePage, searchFold } from '@ttm/contract';
import { sql } from 'kysely';
import { buildApp } from '../packages/server/src/app.js';
import { readConfig } from '../packages/server/src/config.js';
import { createDatabase } from '../packages/server/src/db/database.js';
import { migrateToLatest } from '../packages/server/src/db/migrator.js';

const ROWS = Number(process.env['BENCH_ROWS'] ?? 100_000);
const ITERATIONS = Number(process.env['BENCH_ITERATIONS'] ?? 300);
const CATEGORIES = ['Groceries', 'Rent', 'Transport', 'Dining out', 'Health', 'Travel', 'Books', 'Utilities'];

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ttm-bench-'));
  const url = process.env['BENCH_DATABASE_URL'] ?? `sqlite:${join(dir, 'bench.db')}`;
  const database = createDatabase(url);
  await migrateToLatest(database.db);
  const config = {
    ...readConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', JWT_SECRET: 'bench-secret-that-is-at-least-32-bytes!!' }),
    rateLimits: { apiPerMinute: 10_000_000, authPer15Min: 10_000_000, loginFailuresPer15Min: 1000 },
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
  const walletId = (await app.inject({ method: 'GET', url: '/api/v1/wallets', headers })).json<{ id: string }[]>()[0]?.id;
  if (!walletId) throw new Error('no wallet');

  process.stdout.write(`Seeding ${String(ROWS)} expenses into ${database.dialect}...\n`);
  const start = Date.UTC(2016, 0, 1);
  for (let offset = 0; offset < ROWS; offset += 2000) {
    const rows = Array.from({ length: Math.min(2000, ROWS - offset) }, (_, i) => {
      const n = offset + i;
      const category = CATEGORIES[n % CATEGORIES.length] ?? 'Other';
      const note = n % 7 === 0 ? `receipt ${String(n)}` : null;
      const at = new Date(start + n * 60_000).toISOString();
      return {
        id: randomUUID(),
        wallet_id: walletId,
        created_by: session.user.id,
        amount_minor: 100 + ((n * 7919) % 50_000),
        category,
        category_key: categoryKey(category),
        date: new Date(start + Math.floor(n / 30) * 86_400_000).toISOString().slice(0, 10),
        note,
        search_text: searchFold(`${category}\n${note ?? ''}`),
        created_at: at,
        updated_at: at,
        version: n + 1,
        deleted_at: null,
      };
    });
    await database.db.insertInto('expenses').values(rows).execute();
  }
  await database.db.updateTable('wallets').set({ version: ROWS }).where('id', '=', walletId).execute();
  if (database.dialect === 'postgres') await sql`analyze`.execute(database.db);
  else await sql`analyze`.execute(database.db);

  // A cursor deep into history (about 90 % of the way back), found by walking once.
  let deepCursor: string | null = null;
  let walked = 0;
  let cursor: string | null = null;
  while (walked < ROWS * 0.9) {
    const page: ExpensePage = (
      await app.inject({ method: 'GET', url: `/api/v1/expenses?limit=200${cursor ? `&cursor=${cursor}` : ''}`, headers })
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

  const baseline = await measure('GET /healthz (baseline)', () => app.inject({ method: 'GET', url: '/api/v1/healthz' }));
  const results = [
    await measure('GET /expenses first page (50)', get('/api/v1/expenses')),
    await measure('GET /expenses page 90% deep (cursor)', get(`/api/v1/expenses?cursor=${deepCursor ?? ''}`)),
    await measure('GET /expenses?category=Books', get('/api/v1/expenses?category=Books')),
    await measure('GET /expenses?q=receipt', get('/api/v1/expenses?q=receipt')),
    await measure('GET /expenses/:id', get(`/api/v1/expenses/${(await app.inject({ method: 'GET', url: '/api/v1/expenses?limit=1', headers })).json<ExpensePage>().items[0]?.id ?? ''}`)),
    await measure('POST /expenses', () =>
      app.inject({
        method: 'POST',
        url: '/api/v1/expenses',
        headers,
        payload: { amount: '12.34', category: 'Groceries', date: '2026-11-22' },
      }),
    ),
    await measure('GET /categories', get('/api/v1/categories')),
  ];

  process.stdout.write(`\n${database.dialect}, ${String(ROWS)} expenses in one wallet, median of ${String(ITERATIONS)} runs\n`);
  process.stdout.write(`${'benchmark'.padEnd(42)} ${'median ms'.padStart(10)} ${'x baseline'.padStart(11)}\n`);
  for (const result of [baseline, ...results]) {
    process.stdout.write(
      `${result.name.padEnd(42)} ${result.median.toFixed(3).padStart(10)} ${(result.median / baseline.median).toFixed(2).padStart(11)}\n`,
    );
  }
  const first = results[0]?.median ?? Number.NaN;
  const deep = results[1]?.median ?? Number.NaN;
  process.stdout.write(`\ndeep page / first page: ${(deep / first).toFixed(2)} (keyset pagination keeps this near 1)\n`);

  await app.close();
  await database.destroy();
  rmSync(dir, { recursive: true, force: true });
}

await main();
