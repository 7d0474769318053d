import { ApiError } from '@ttm/contract';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { queryCategories, queryHistory } from '../local-db/expense-queries.js';
import { LocalDb } from '../local-db/local-db.js';
import { FakeExpenseApi } from '../test-support/fake-expense-api.js';
import { SyncEngine } from './sync-engine.js';

let db: LocalDb;
let api: FakeExpenseApi;
let engine: SyncEngine;

function fields(amountMinor: number, category = 'Groceries', date = '2026-11-20', note: string | null = null) {
  return { amountMinor, category, date, note };
}

function newExpense(amountMinor: number, category = 'Groceries', date = '2026-11-20') {
  return { id: crypto.randomUUID(), walletId: api.wallet.id, currency: 'EUR', ...fields(amountMinor, category, date) };
}

beforeEach(async () => {
  db = new LocalDb(`test-${crypto.randomUUID()}`);
  await db.open();
  api = new FakeExpenseApi();
  engine = new SyncEngine({ db, api, undoWindowMs: 50 });
});

afterEach(async () => {
  engine.dispose();
  db.close();
  await db.delete();
});

describe('SyncEngine writes', () => {
  it('a create shows locally at once and is replaced by the server copy when confirmed', async () => {
    const expense = newExpense(1250);
    const release = api.hold();
    const saving = engine.createExpense(expense);
    await vi.waitFor(async () => {
      expect(await db.expenses.get(expense.id)).toMatchObject({ amountMinor: 1250, pending: true, version: 0 });
    });
    expect(api.expenses.size).toBe(0);
    release();
    const outcome = await saving;
    expect(outcome.state).toBe('saved');
    const stored = await db.expenses.get(expense.id);
    expect(stored).toMatchObject({
      amountMinor: 1250,
      pending: false,
      version: 1,
      createdBy: '00000000-0000-4000-8000-0000000000aa',
    });
    expect(await db.outbox.count()).toBe(0);
    expect(api.expenses.get(expense.id)?.amountMinor).toBe(1250);
  });

  it('a create whose answer was lost stays queued and its resend does not duplicate it', async () => {
    api.failAfter = 1;
    const expense = newExpense(990);
    expect(await engine.createExpense(expense)).toEqual({ state: 'queued' });
    expect(engine.status.get().online).toBe(false);
    expect(api.expenses.size).toBe(1);
    expect(await db.outbox.count()).toBe(1);

    await engine.flush();
    expect(await db.outbox.count()).toBe(0);
    expect(api.expenses.size).toBe(1);
    expect(api.calls.filter((call) => call === 'createExpense')).toHaveLength(2);
    expect((await db.expenses.get(expense.id))?.pending).toBe(false);
    expect(engine.status.get().online).toBe(true);
  });

  it('a create that never reached the server is sent on the next flush', async () => {
    api.failBefore = 1;
    const expense = newExpense(500);
    expect(await engine.createExpense(expense)).toEqual({ state: 'queued' });
    expect(api.expenses.size).toBe(0);
    await engine.flush();
    expect(api.expenses.get(expense.id)?.amountMinor).toBe(500);
  });

  it('a create the server refuses is removed locally and the caller gets the field errors', async () => {
    const expense = { ...newExpense(1250), category: ' '.repeat(3) };
    const error: unknown = await engine.createExpense(expense).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).fieldErrors()).toHaveProperty('category');
    expect(await db.expenses.get(expense.id)).toBeUndefined();
    expect(await db.outbox.count()).toBe(0);
  });

  it('an update sends If-Match and a stale one is rolled back to the server copy', async () => {
    const seeded = api.seed({ amount: '10.00', category: 'Food', date: '2026-11-02' });
    await engine.refresh(null);
    const saved = await engine.updateExpense(seeded.id, { amountMinor: 1100 }, seeded.version);
    expect(saved.state).toBe('saved');
    expect(api.expenses.get(seeded.id)?.amountMinor).toBe(1100);

    // Another device edits it; this device still holds the version it read.
    const stale = (await db.expenses.get(seeded.id))?.version ?? 0;
    await api.call((await import('@ttm/contract')).endpoints.expenses.update, {
      params: { id: seeded.id },
      headers: {},
      body: { note: 'from phone' },
    });
    const error: unknown = await engine
      .updateExpense(seeded.id, { amountMinor: 4200 }, stale)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('version_mismatch');
    expect(await db.expenses.get(seeded.id)).toMatchObject({ amountMinor: 1100, note: 'from phone', pending: false });
  });

  it('a delete can be undone inside its window and is never sent', async () => {
    const expense = newExpense(700);
    await engine.createExpense(expense);
    const pending = await engine.deleteExpense(expense.id);
    expect(await db.expenses.get(expense.id)).toBeUndefined();
    expect(await pending.undo()).toBe(true);
    expect((await db.expenses.get(expense.id))?.amountMinor).toBe(700);
    await engine.flush();
    expect(api.calls).not.toContain('deleteExpense');
    expect(api.expenses.has(expense.id)).toBe(true);
  });

  it('a delete is sent once its undo window has passed, and undo then reports it too late', async () => {
    const expense = newExpense(700);
    await engine.createExpense(expense);
    const pending = await engine.deleteExpense(expense.id);
    await vi.waitFor(() => {
      expect(api.expenses.has(expense.id)).toBe(false);
    });
    await vi.waitFor(async () => {
      expect(await db.outbox.count()).toBe(0);
    });
    expect(await pending.undo()).toBe(false);
    expect(await db.expenses.get(expense.id)).toBeUndefined();
  });
});

describe('SyncEngine before signing out', () => {
  it('flushAll sends a delete that is still inside its undo window', async () => {
    const patient = new SyncEngine({ db, api, undoWindowMs: 60_000 });
    const expense = newExpense(300);
    await patient.createExpense(expense);
    await patient.deleteExpense(expense.id);
    await patient.flush();
    expect(api.expenses.has(expense.id)).toBe(true);
    await patient.flushAll();
    expect(api.expenses.has(expense.id)).toBe(false);
    expect(await db.outbox.count()).toBe(0);
    patient.dispose();
  });
});

describe('SyncEngine pulls', () => {
  it('follows the change feed page by page until it has everything, newest first locally', async () => {
    for (let day = 1; day <= 2450; day += 1) {
      const date = `2026-${String(1 + (day % 12)).padStart(2, '0')}-${String(1 + (day % 28)).padStart(2, '0')}`;
      api.seed({ amount: `${String(day)}.25`, category: day % 2 ? 'Food' : 'Transport', date });
    }
    await engine.refresh(null);
    expect(api.calls.filter((call) => call === 'walletChanges')).toHaveLength(3);
    expect(api.calls).not.toContain('listExpenses');
    expect(await db.syncCursors.get(api.wallet.id)).toEqual({ walletId: api.wallet.id, since: 2450 });
    const rows = await queryHistory(db, api.wallet.id, {});
    expect(rows).toHaveLength(2450);
    const dates = rows.map((row) => row.date);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(await db.wallets.count()).toBe(1);
    const categories = await queryCategories(db, api.wallet.id);
    expect(categories.slice(0, 2)).toEqual([
      expect.objectContaining({ name: 'Food', count: 1225 }),
      expect.objectContaining({ name: 'Transport', count: 1225 }),
    ]);
    expect(categories.length).toBeGreaterThan(2);
    expect(engine.status.get()).toMatchObject({ busy: false, online: true, problem: null });
  });

  it('removes expenses deleted elsewhere and takes edits made elsewhere', async () => {
    const kept = api.seed({ amount: '1.00', category: 'Food', date: '2026-11-01' });
    const removed = api.seed({ amount: '2.00', category: 'Food', date: '2026-11-02' });
    await engine.refresh(null);
    expect(await db.expenses.count()).toBe(2);

    api.deleteElsewhere(removed.id);
    api.editElsewhere(kept.id, { amountMinor: 555 });
    api.calls.length = 0;
    await engine.refresh(null);
    expect(await db.expenses.get(removed.id)).toBeUndefined();
    expect((await db.expenses.get(kept.id))?.amountMinor).toBe(555);
    // Only what changed since the last pull was asked for.
    expect(api.calls.filter((call) => call === 'walletChanges')).toHaveLength(1);
  });

  it('skips the expense pull when the wallet list shows the version it already has', async () => {
    api.seed({ amount: '1.00', category: 'Food', date: '2026-11-01' });
    await engine.refresh(null);
    api.calls.length = 0;
    await engine.refresh(null);
    expect(api.calls).toEqual(['listWallets']);

    api.seed({ amount: '2.00', category: 'Food', date: '2026-11-02' });
    await engine.refresh(null);
    expect(api.calls.filter((call) => call === 'walletChanges')).toHaveLength(1);
    expect(await db.expenses.count()).toBe(2);
  });

  it('resumes an interrupted feed from the last page it applied', async () => {
    for (let index = 0; index < 1500; index += 1) api.seed({ amount: '1.00', category: 'Food', date: '2026-11-01' });
    // The second page never arrives: the wallet list, categories and the first page do.
    let answered = 0;
    const original = api.call.bind(api);
    const flaky: typeof api.call = async (endpoint, input) => {
      if (endpoint.operationId === 'walletChanges' && (answered += 1) === 2) {
        api.failBefore = 1;
      }
      return original(endpoint, input);
    };
    const interrupted = new SyncEngine({ db, api: { call: flaky }, undoWindowMs: 50 });
    await interrupted.refresh(null);
    expect(await db.expenses.count()).toBe(1000);
    expect((await db.syncCursors.get(api.wallet.id))?.since).toBe(1000);
    api.calls.length = 0;
    await engine.refresh(null);
    expect(await db.expenses.count()).toBe(1500);
    expect(api.calls.filter((call) => call === 'walletChanges')).toHaveLength(1);
  });

  it('a deletion in the feed does not remove a row whose local edit is still waiting', async () => {
    const seeded = api.seed({ amount: '3.00', category: 'Food', date: '2026-11-03' });
    await engine.refresh(null);
    api.failBefore = 1;
    await engine.updateExpense(seeded.id, { amountMinor: 999 }, seeded.version);
    const { applyChanges } = await import('./pull.js');
    await applyChanges(db, api.wallet.id, { items: [], deleted: [{ id: seeded.id, version: 99 }], nextSince: 99 }, 0);
    expect(await db.expenses.get(seeded.id)).toMatchObject({ amountMinor: 999, pending: true });
    // The server refuses the edit (the expense is gone there): the row goes.
    api.deleteElsewhere(seeded.id);
    await engine.flush();
    expect(await db.expenses.get(seeded.id)).toBeUndefined();
    expect(await db.outbox.count()).toBe(0);
  });

  it('drops a wallet the user was removed from and reports it once', async () => {
    api.personal = false;
    api.seed({ amount: '4.00', category: 'Food', date: '2026-11-04' });
    const gone: string[] = [];
    const watched = new SyncEngine({ db, api, onWalletGone: (wallet) => gone.push(wallet.name) });
    await watched.refresh(api.wallet.id);
    expect(await db.members.where('walletId').equals(api.wallet.id).count()).toBe(1);
    expect(await db.expenses.count()).toBe(1);

    api.removeCaller();
    await watched.refresh(api.wallet.id);
    expect(gone).toEqual(['Household']);
    expect(await db.wallets.count()).toBe(0);
    expect(await db.expenses.count()).toBe(0);
    expect(await db.members.count()).toBe(0);
    expect(await db.syncCursors.count()).toBe(0);
    await watched.refresh(api.wallet.id);
    expect(gone).toEqual(['Household']);
    watched.dispose();
  });

  it('keeps a local change that waits in the outbox over the server copy', async () => {
    const seeded = api.seed({ amount: '3.00', category: 'Food', date: '2026-11-03' });
    await engine.refresh(null);
    api.failBefore = 1;
    await engine.updateExpense(seeded.id, { amountMinor: 999 }, seeded.version);
    // The failed send left the edit queued; a pull that fails to send it first must not undo it.
    api.failBefore = 1;
    await engine.refresh(null);
    const { applyServerRows } = await import('./pull.js');
    await applyServerRows(
      db,
      [await api.call((await import('@ttm/contract')).endpoints.expenses.get, { params: { id: seeded.id } })],
      Date.now(),
    );
    expect(await db.expenses.get(seeded.id)).toMatchObject({ amountMinor: 999, pending: true });
    await engine.refresh(null);
    expect(api.expenses.get(seeded.id)?.amountMinor).toBe(999);
    expect(await db.expenses.get(seeded.id)).toMatchObject({ amountMinor: 999, pending: false });
  });

  it('does not bring back an expense deleted here by a page fetched before the delete landed', async () => {
    const seeded = api.seed({ amount: '3.00', category: 'Food', date: '2026-11-03' });
    await engine.refresh(null);
    const stalePage = await api.call((await import('@ttm/contract')).endpoints.expenses.list, { query: {} });
    const pending = await engine.deleteExpense(seeded.id);
    await vi.waitFor(async () => {
      expect(await db.tombstones.get(seeded.id)).toBeDefined();
    });
    const { applyServerRows } = await import('./pull.js');
    await applyServerRows(db, stalePage.items, Date.now() - 10_000);
    expect(await db.expenses.get(seeded.id)).toBeUndefined();
    expect(await pending.undo()).toBe(false);
  });

  it('marks itself offline when the server cannot be reached and recovers on the next refresh', async () => {
    api.failBefore = 1;
    await engine.refresh(null);
    expect(engine.status.get().online).toBe(false);
    await engine.refresh(null);
    expect(engine.status.get()).toMatchObject({ online: true, busy: false });
  });
});
