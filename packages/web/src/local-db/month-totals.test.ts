import { Dexie } from 'dexie';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { expenseRecord } from '../test-support/expense-record.js';
import { repairMonthTotals } from './expense-queries.js';
import { LocalDb } from './local-db.js';
import type { ExpenseRecord, MonthTotalRecord } from './records.js';

const names: string[] = [];

afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

function openDb(prefix: string): LocalDb {
  const name = `${prefix}-${crypto.randomUUID()}`;
  names.push(name);
  return new LocalDb(name);
}

function expense(id: string, walletId: string, date: string, amountMinor: number, income = false): ExpenseRecord {
  return expenseRecord(id, date, { walletId, amountMinor, ...(income ? { kind: 'income' as const } : {}) });
}

/** The totals as they should be: summed over every stored row. */
async function recounted(db: LocalDb): Promise<MonthTotalRecord[]> {
  const totals = new Map<string, MonthTotalRecord>();
  for (const row of await db.expenses.toArray()) {
    const month = row.date.slice(0, 7);
    const key = `${row.walletId}|${month}`;
    const t = totals.get(key) ?? {
      walletId: row.walletId,
      month,
      spentMinor: 0,
      spentCount: 0,
      incomeMinor: 0,
      incomeCount: 0,
    };
    const income = row.kind === 'income';
    totals.set(key, {
      ...t,
      spentMinor: t.spentMinor + (income ? 0 : row.amountMinor),
      spentCount: t.spentCount + (income ? 0 : 1),
      incomeMinor: t.incomeMinor + (income ? row.amountMinor : 0),
      incomeCount: t.incomeCount + (income ? 1 : 0),
    });
  }
  return [...totals.values()].sort((a, b) => (a.walletId + a.month < b.walletId + b.month ? -1 : 1));
}

async function stored(db: LocalDb): Promise<MonthTotalRecord[]> {
  return (await db.monthTotals.toArray()).sort((a, b) => (a.walletId + a.month < b.walletId + b.month ? -1 : 1));
}

const arbitraryRow = fc
  .record({
    id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
    walletId: fc.constantFrom('w1', 'w2'),
    date: fc.constantFrom('2026-10-31', '2026-11-01', '2026-11-30', '2026-12-05'),
    amountMinor: fc.integer({ min: 1, max: 99_999_999_999 }),
    income: fc.boolean(),
  })
  .map(({ id, walletId, date, amountMinor, income }) => expense(id, walletId, date, amountMinor, income));

type Step =
  | { readonly kind: 'put'; readonly rows: ExpenseRecord[] }
  | { readonly kind: 'add'; readonly rows: ExpenseRecord[] }
  | { readonly kind: 'delete'; readonly ids: string[] }
  | { readonly kind: 'update'; readonly id: string; readonly date: string; readonly amountMinor: number }
  | { readonly kind: 'dropWallet'; readonly walletId: string }
  | { readonly kind: 'deleteIdRange'; readonly from: string; readonly to: string }
  | { readonly kind: 'parallel'; readonly rows: ExpenseRecord[] }
  | { readonly kind: 'clear' };

const ids = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'missing'), { maxLength: 4 });
const arbitraryStep: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('put' as const), rows: fc.array(arbitraryRow, { maxLength: 4 }) }),
  fc.record({ kind: fc.constant('add' as const), rows: fc.array(arbitraryRow, { maxLength: 3 }) }),
  fc.record({ kind: fc.constant('delete' as const), ids }),
  fc.record({
    kind: fc.constant('update' as const),
    id: fc.constantFrom('a', 'b', 'c'),
    date: fc.constantFrom('2026-09-15', '2026-11-01'),
    amountMinor: fc.integer({ min: 1, max: 1_000_000 }),
  }),
  fc.record({ kind: fc.constant('dropWallet' as const), walletId: fc.constantFrom('w1', 'w2') }),
  fc.record({
    kind: fc.constant('deleteIdRange' as const),
    from: fc.constantFrom('a', 'b', 'c'),
    to: fc.constantFrom('c', 'd', 'f'),
  }),
  fc.record({ kind: fc.constant('parallel' as const), rows: fc.array(arbitraryRow, { maxLength: 5 }) }),
  fc.record({ kind: fc.constant('clear' as const) }),
);

async function run(db: LocalDb, step: Step): Promise<void> {
  switch (step.kind) {
    case 'put':
      await db.expenses.bulkPut(step.rows);
      return;
    case 'add':
      // Rows whose id is taken fail one by one; the others are added.
      await db.expenses.bulkAdd(step.rows).catch((error: unknown) => {
        if (!(error instanceof Dexie.BulkError)) throw error;
      });
      return;
    case 'delete':
      await db.expenses.bulkDelete(step.ids);
      return;
    case 'update':
      await db.expenses.update(step.id, { date: step.date, amountMinor: step.amountMinor });
      return;
    case 'dropWallet':
      await db.dropWallet(step.walletId);
      return;
    case 'deleteIdRange':
      // A primary-key range: Dexie deletes it as one range, not key by key.
      await db.expenses.where('id').between(step.from, step.to, true, true).delete();
      return;
    case 'parallel':
      // Several writes in flight in one transaction, as sync's Promise.all batches are.
      await db.transaction('rw', db.expenses, () => Promise.all(step.rows.map((row) => db.expenses.put(row))));
      return;
    case 'clear':
      await db.clearAll();
      return;
  }
}

describe('month totals', () => {
  it('equal the sum over the stored rows after any sequence of writes (property)', async () => {
    const db = openDb('totals');
    await fc.assert(
      fc.asyncProperty(fc.array(arbitraryStep, { minLength: 1, maxLength: 12 }), async (steps) => {
        await db.clearAll();
        for (const step of steps) {
          await run(db, step);
          expect(await stored(db)).toEqual(await recounted(db));
        }
      }),
      { numRuns: 60 },
    );
    db.close();
  });

  it('roll back with the write that failed, and a month with no entries left disappears', async () => {
    const db = openDb('totals-abort');
    await db.expenses.put(expense('a', 'w1', '2026-11-02', 1250));
    await expect(
      db.transaction('rw', db.expenses, async () => {
        await db.expenses.put(expense('b', 'w1', '2026-11-03', 750));
        throw new Error('give up');
      }),
    ).rejects.toThrow('give up');
    expect(await db.monthTotals.toArray()).toEqual([
      { walletId: 'w1', month: '2026-11', spentMinor: 1250, spentCount: 1, incomeMinor: 0, incomeCount: 0 },
    ]);
    await db.expenses.delete('a');
    expect(await db.monthTotals.count()).toBe(0);
    db.close();
  });

  it('are built again for one wallet after a tab on the app from before them wrote past them', async () => {
    const db = openDb('totals-repair');
    await db.expenses.bulkPut([expense('a', 'w1', '2026-11-02', 1250), expense('b', 'w2', '2026-11-02', 40)]);
    // The previous version's code, which has no middleware, opens the upgraded store (Dexie opens
    // the version that is there) and writes to it.
    const old = new Dexie(db.name);
    old.version(4).stores({ expenses: 'id, walletId, [walletId+date]' });
    await old.table('expenses').put(expense('c', 'w1', '2026-10-15', 500));
    await old.table('expenses').delete('b');
    old.close();
    expect(await stored(db)).not.toEqual(await recounted(db));

    await repairMonthTotals(db, 'w1');
    await repairMonthTotals(db, 'w2');
    expect(await stored(db)).toEqual(await recounted(db));
    db.close();
  });

  it('are built from the stored rows when a store from before them is opened', async () => {
    const name = `totals-upgrade-${crypto.randomUUID()}`;
    names.push(name);
    const old = new Dexie(name);
    old.version(4).stores({
      expenses: 'id, walletId, [walletId+date]',
      wallets: 'id',
      categories: 'walletKey, walletId',
      outbox: '++seq, expenseId, walletId',
      meta: 'key',
      members: '[walletId+userId], walletId',
      conflicts: 'id, walletId',
      rejections: 'mutationId, walletId, createdAt',
      serverCopies: 'id, walletId',
    });
    await old
      .table('expenses')
      .bulkPut([
        expense('a', 'w1', '2026-11-02', 1250),
        expense('b', 'w1', '2026-11-20', 10),
        expense('c', 'w1', '2026-11-21', 250_000, true),
        expense('d', 'w2', '2025-01-01', 5),
      ]);
    old.close();

    const db = new LocalDb(name);
    expect(await stored(db)).toEqual([
      { walletId: 'w1', month: '2026-11', spentMinor: 1260, spentCount: 2, incomeMinor: 250_000, incomeCount: 1 },
      { walletId: 'w2', month: '2025-01', spentMinor: 5, spentCount: 1, incomeMinor: 0, incomeCount: 0 },
    ]);
    db.close();
  });
});
