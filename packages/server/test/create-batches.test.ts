import { randomUUID } from 'node:crypto';
import { categoryKey } from '@ttm/contract';
import fc from 'fast-check';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { isUniqueViolation } from '../src/db/dialect.js';
import type { Db } from '../src/db/types.js';
import { createWriteTransactions, type WriteTransactions } from '../src/db/write-transactions.js';
import { AppError } from '../src/errors.js';
import { batchCreates, type PendingCreate } from '../src/modules/expenses/create-batches.js';
import { type ExpenseValues, searchTextOf, storeNewExpenses } from '../src/modules/expenses/expense-writes.js';
import { totalsByMonth, totalsFromRows } from '../src/modules/summaries/totals.repository.js';
import { deleteMember, lockWallet } from '../src/modules/wallets/wallets.repository.js';
import { describeEachDatabase } from './support/app.js';
import { addMember, createSharedWallet, registerUser, type TestUser } from './support/factories.js';

interface Household {
  readonly walletId: string;
  readonly owner: TestUser;
  readonly editor: TestUser;
  readonly viewer: TestUser;
  readonly stranger: TestUser;
}

/** The write queue, counting the jobs it is given. */
function countingWrites(writes: WriteTransactions): { writes: WriteTransactions; jobs: () => number } {
  let jobs = 0;
  return {
    writes: (walletId, work) => {
      jobs += 1;
      return writes(walletId, work);
    },
    jobs: () => jobs,
  };
}

function values(
  category: string,
  date: string,
  amountMinor: number,
  kind: 'expense' | 'income' = 'expense',
): ExpenseValues {
  return {
    kind,
    amountMinor,
    originalAmountMinor: null,
    originalCurrency: null,
    rate: null,
    category,
    date,
    note: `${category} on ${date}`,
  };
}

function outcomeOf(settled: PromiseSettledResult<unknown>): string {
  if (settled.status === 'fulfilled') return 'created';
  return settled.reason instanceof AppError ? settled.reason.code : String(settled.reason);
}

async function walletVersion(db: Db, walletId: string): Promise<number> {
  const row = await db.selectFrom('wallets').select('version').where('id', '=', walletId).executeTakeFirstOrThrow();
  return row.version;
}

function lastDayOf(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number);
  return new Date(Date.UTC(year ?? 0, monthNumber ?? 0, 0)).toISOString().slice(0, 10);
}

/** The maintained totals must equal the totals recomputed from the rows, and usage the live rows. */
async function expectBookkeepingConsistent(db: Db, walletId: string): Promise<void> {
  const sorted = (rows: readonly Record<string, unknown>[]) =>
    rows
      .map((row) =>
        [
          row['month'] ?? '',
          row['category_key'],
          row['author_key'],
          row['total_minor'],
          row['count'],
          row['income_minor'],
          row['income_count'],
        ]
          .map((value) => String(Number.isNaN(Number(value)) ? value : Number(value)))
          .join('|'),
      )
      .sort();
  const maintained = await totalsByMonth(db, walletId, '2000-01', '2999-12');
  const months = [...new Set(maintained.map((row) => row.month))];
  const recomputed = (
    await Promise.all(
      months.map(async (month) =>
        (await totalsFromRows(db, walletId, `${month}-01`, lastDayOf(month))).map((row) => ({ ...row, month })),
      ),
    )
  ).flat();
  expect(sorted(maintained)).toEqual(sorted(recomputed));

  const usage = await db
    .selectFrom('categories')
    .select(['key', 'usage_count'])
    .where('wallet_id', '=', walletId)
    .where('usage_count', '>', 0)
    .execute();
  const live = await db
    .selectFrom('expenses')
    .select(['category_key', (eb) => eb.fn.countAll().as('n')])
    .where('wallet_id', '=', walletId)
    .where('deleted_at', 'is', null)
    .groupBy('category_key')
    .execute();
  expect(Object.fromEntries(usage.map((row) => [row.key, row.usage_count]))).toEqual(
    Object.fromEntries(live.map((row) => [row.category_key, Number(row.n)])),
  );

  const versions = await db
    .selectFrom('expenses')
    .select('version')
    .where('wallet_id', '=', walletId)
    .orderBy('version')
    .execute();
  const numbers = versions.map((row) => row.version);
  expect(new Set(numbers).size).toBe(numbers.length);
  expect(Math.max(0, ...numbers)).toBeLessThanOrEqual(await walletVersion(db, walletId));
}

describeEachDatabase('batched creates', (ctx) => {
  async function household(): Promise<Household> {
    const app = ctx().app;
    const [owner, editor, viewer, stranger] = await Promise.all([
      registerUser(app),
      registerUser(app),
      registerUser(app),
      registerUser(app),
    ]);
    const wallet = await createSharedWallet(app, owner);
    await addMember(app, owner, wallet.id, editor, 'editor');
    await addMember(app, owner, wallet.id, viewer, 'viewer');
    return { walletId: wallet.id, owner, editor, viewer, stranger };
  }

  const create = (walletId: string, user: TestUser, expense: ExpenseValues, id = randomUUID()): PendingCreate => ({
    userId: user.id,
    walletId,
    id,
    values: expense,
    now: new Date().toISOString(),
  });

  it('creates to one wallet started together are one write job: each refused author gets their own error, the rest are stored in order with gapless versions', async () => {
    const { db, dialect } = ctx().database;
    const home = await household();
    const counted = countingWrites(createWriteTransactions(db, dialect));
    const creates = batchCreates(counted.writes);
    const before = await walletVersion(db, home.walletId);

    const submitted = [
      create(home.walletId, home.owner, values('Food', '2026-10-03', 1250)),
      create(home.walletId, home.viewer, values('Food', '2026-10-04', 999)),
      create(home.walletId, home.editor, values('food', '2026-10-05', 300)),
      create(home.walletId, home.stranger, values('Rent', '2026-10-06', 80_000)),
      create(home.walletId, home.editor, values('Salary', '2026-11-01', 250_000, 'income')),
      create(home.walletId, home.owner, values('  FOOD ', '2026-11-02', 45)),
    ];
    const settled = await Promise.allSettled(submitted.map((pending) => creates(pending)));

    expect(counted.jobs()).toBe(1);
    expect(settled.map(outcomeOf)).toEqual(['created', 'forbidden', 'created', 'not_found', 'created', 'created']);
    const rows = settled.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    expect(rows.map((row) => row.version)).toEqual([before + 1, before + 2, before + 3, before + 4]);
    expect(await walletVersion(db, home.walletId)).toBe(before + 4);
    // The first spelling the batch used is the one the wallet keeps.
    expect(rows.map((row) => row.category)).toEqual(['Food', 'Food', 'Salary', 'Food']);
    expect(rows.map((row) => row.created_by)).toEqual([home.owner.id, home.editor.id, home.editor.id, home.owner.id]);

    const stored = await db
      .selectFrom('expenses')
      .select(['id', 'amount_minor', 'category', 'search_text', 'version'])
      .where('wallet_id', '=', home.walletId)
      .orderBy('version')
      .execute();
    expect(stored.map((row) => [row.id, row.amount_minor, row.category, row.version])).toEqual(
      rows.map((row) => [row.id, row.amount_minor, row.category, row.version]),
    );
    expect(stored.map((row) => row.search_text.split('\n')[0])).toEqual(['food', 'food', 'salary', 'food']);
    await expectBookkeepingConsistent(db, home.walletId);
  });

  it('more creates at once than one batch holds are split into batches of at most 64, all stored', async () => {
    const { db, dialect } = ctx().database;
    const home = await household();
    const counted = countingWrites(createWriteTransactions(db, dialect));
    const creates = batchCreates(counted.writes);
    const rows = await Promise.all(
      Array.from({ length: 100 }, (_unused, index) =>
        creates(create(home.walletId, home.editor, values(`Category ${String(index % 7)}`, '2026-08-01', index + 1))),
      ),
    );
    expect(counted.jobs()).toBe(2);
    expect(new Set(rows.map((row) => row.version)).size).toBe(100);
    await expectBookkeepingConsistent(db, home.walletId);
  });

  it('a batch that breaks a unique constraint is written again one by one: only the create that collides fails', async () => {
    const { db, dialect } = ctx().database;
    const home = await household();
    const creates = batchCreates(createWriteTransactions(db, dialect));
    const shared = randomUUID();
    const settled = await Promise.allSettled([
      creates(create(home.walletId, home.owner, values('Food', '2026-09-01', 100), shared)),
      creates(create(home.walletId, home.editor, values('Rent', '2026-09-02', 200))),
      creates(create(home.walletId, home.editor, values('Fuel', '2026-09-03', 300), shared)),
    ]);
    expect(settled.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    const failure = settled[2];
    expect(failure.status === 'rejected' && isUniqueViolation(failure.reason)).toBe(true);
    const stored = await db
      .selectFrom('expenses')
      .select(['category'])
      .where('wallet_id', '=', home.walletId)
      .orderBy('category')
      .execute();
    expect(stored.map((row) => row.category)).toEqual(['Food', 'Rent']);
    await expectBookkeepingConsistent(db, home.walletId);
  });

  it('a member removed while the batch waits for the wallet lock is refused; the others are stored', async () => {
    const { db, dialect } = ctx().database;
    const home = await household();
    const creates = batchCreates(createWriteTransactions(db, dialect));
    let commitRemoval: () => void = () => undefined;
    const removalMayCommit = new Promise<void>((resolve) => {
      commitRemoval = resolve;
    });
    let removalHoldsLock: () => void = () => undefined;
    const lockHeld = new Promise<void>((resolve) => {
      removalHoldsLock = resolve;
    });
    // A membership change as the wallets service makes one: the wallet locked, the member removed.
    const removal = db.transaction().execute(async (trx) => {
      await lockWallet(trx, home.walletId);
      await deleteMember(trx, home.walletId, home.editor.id);
      removalHoldsLock();
      await removalMayCommit;
    });
    await lockHeld;
    const pending = Promise.allSettled([
      creates(create(home.walletId, home.editor, values('Food', '2026-06-01', 100))),
      creates(create(home.walletId, home.owner, values('Rent', '2026-06-02', 200))),
    ]);
    if (dialect === 'postgres') {
      // Until the batch's version bump is queued behind the removal's lock (SQLite: the batch
      // waits for the one connection, which the removal holds).
      await expect
        .poll(
          async () => {
            const waiting = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
              where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
            return waiting.rows[0]?.n ?? 0;
          },
          { timeout: 10_000, interval: 20 },
        )
        .toBeGreaterThan(0);
    }
    commitRemoval();
    await removal;
    const settled = await pending;
    expect(settled.map(outcomeOf)).toEqual(['not_found', 'created']);
    const stored = await db
      .selectFrom('expenses')
      .select(['category', 'created_by'])
      .where('wallet_id', '=', home.walletId)
      .execute();
    expect(stored).toEqual([{ category: 'Rent', created_by: home.owner.id }]);
    await expectBookkeepingConsistent(db, home.walletId);
  });

  it('storing no new rows writes nothing and answers none', async () => {
    const { db } = ctx().database;
    const home = await household();
    const before = await walletVersion(db, home.walletId);
    expect(await db.transaction().execute((trx) => storeNewExpenses(trx, home.walletId, []))).toEqual([]);
    expect(await walletVersion(db, home.walletId)).toBe(before);
    await expectBookkeepingConsistent(db, home.walletId);
  });

  it('a spelling the wallet keeps with surrounding white space gives the rows its own search text, alone or batched', async () => {
    const { db, dialect } = ctx().database;
    const home = await household();
    // No endpoint stores such a name (they are trimmed), but the stored row must still match it.
    await db
      .insertInto('categories')
      .values({ wallet_id: home.walletId, key: 'food', name: ' Food ', usage_count: 0 })
      .execute();
    const creates = batchCreates(createWriteTransactions(db, dialect));
    const alone = await creates(create(home.walletId, home.owner, values('food', '2026-07-01', 100)));
    const batched = await Promise.all([
      creates(create(home.walletId, home.owner, values('FOOD', '2026-07-02', 200))),
      creates(create(home.walletId, home.editor, values('Rent', '2026-07-03', 300))),
    ]);
    const returned = [alone, ...batched];
    expect(returned.map((row) => row.category)).toEqual([' Food ', ' Food ', 'Rent']);
    expect(returned.map((row) => row.search_text)).toEqual([
      searchTextOf(' Food ', 'food on 2026-07-01'),
      searchTextOf(' Food ', 'FOOD on 2026-07-02'),
      searchTextOf('Rent', 'Rent on 2026-07-03'),
    ]);
    const stored = await db
      .selectFrom('expenses')
      .select(['id', 'category', 'search_text'])
      .where('wallet_id', '=', home.walletId)
      .orderBy('version')
      .execute();
    expect(stored).toEqual(
      returned.map((row) => ({ id: row.id, category: row.category, search_text: row.search_text })),
    );
    await expectBookkeepingConsistent(db, home.walletId);
  });

  it('any mix of authors, categories, months and kinds keeps totals, category use and versions as single writes would', async () => {
    const { db, dialect } = ctx().database;
    const home = await household();
    const writes = createWriteTransactions(db, dialect);
    const creates = batchCreates(writes);
    const authors = [home.owner, home.editor, home.viewer, home.stranger];
    const createArb = fc.record({
      author: fc.integer({ min: 0, max: authors.length - 1 }),
      category: fc.constantFrom('Food', 'food', 'FOOD', 'Rent', 'Café', 'café', 'Fuel'),
      date: fc.constantFrom('2026-01-31', '2026-02-01', '2026-02-28', '2026-03-15'),
      amountMinor: fc.integer({ min: 1, max: 10_000_000 }),
      income: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(createArb, { minLength: 1, maxLength: 40 }), async (batch) => {
        const before = await walletVersion(db, home.walletId);
        const settled = await Promise.allSettled(
          batch.map((item) => {
            const author = authors[item.author] ?? home.owner;
            return creates(
              create(
                home.walletId,
                author,
                values(item.category, item.date, item.amountMinor, item.income ? 'income' : 'expense'),
              ),
            );
          }),
        );
        const expected = batch.map((item) => ['created', 'created', 'forbidden', 'not_found'][item.author]);
        expect(settled.map(outcomeOf)).toEqual(expected);
        const created = expected.filter((outcome) => outcome === 'created').length;
        const rows = settled.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
        expect(rows.map((row) => row.version)).toEqual(rows.map((_row, index) => before + index + 1));
        expect(await walletVersion(db, home.walletId)).toBe(before + created);
        for (const row of rows) expect(row.category_key).toBe(categoryKey(row.category));
        await expectBookkeepingConsistent(db, home.walletId);
      }),
      { numRuns: 12 },
    );
  });
});
