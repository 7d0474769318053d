import { ApiError, NetworkError, PROBLEM_TYPES } from '@ttm/contract';
import type { ApiCaller } from '../api/api-caller.js';
import { liveQuery } from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { queryCategories, queryHistory } from '../local-db/expense-queries.js';
import { LocalDb } from '../local-db/local-db.js';
import { FakeSyncServer, type FakeDevice } from '../test-support/fake-sync-server.js';
import { enqueueUpdate } from './outbox-writes.js';
import type { LostWallet } from './pull.js';
import type { PushedChange } from './push.js';
import { SyncEngine, type SyncEngineOptions } from './sync-engine.js';

let server: FakeSyncServer;
let device: FakeDevice;
let db: LocalDb;
let engine: SyncEngine;
const opened: { db: LocalDb; engine: SyncEngine }[] = [];

const ENGINE_DEFAULTS = { undoWindowMs: 50, debounceMs: 0, random: () => 0 } as const;
/** Engines made on the main test store (a reload, or answers that differ), disposed after each test. */
const onMainStore: SyncEngine[] = [];

function open(api: FakeDevice, options: Partial<SyncEngineOptions> = {}): { db: LocalDb; engine: SyncEngine } {
  const local = new LocalDb(`test-${crypto.randomUUID()}`);
  const made = new SyncEngine({ db: local, api, ...ENGINE_DEFAULTS, ...options });
  opened.push({ db: local, engine: made });
  return { db: local, engine: made };
}

/** Another engine on `db`, as after a reload of the page, talking through `api`. */
function engineOnMainStore(api: ApiCaller): SyncEngine {
  const made = new SyncEngine({ db, api, ...ENGINE_DEFAULTS });
  onMainStore.push(made);
  return made;
}

function newExpense(amountMinor: number, category = 'Groceries', date = '2026-11-20', note: string | null = null) {
  return { id: crypto.randomUUID(), walletId: server.walletId, currency: 'EUR', amountMinor, category, date, note };
}

const pushes = (api: FakeDevice) => api.calls.filter((call) => call === 'syncPush').length;

beforeEach(() => {
  server = new FakeSyncServer();
  device = server.device();
  ({ db, engine } = open(device));
});

afterEach(async () => {
  for (const made of onMainStore.splice(0)) made.dispose();
  for (const item of opened.splice(0)) {
    item.engine.dispose();
    // Let a sync still on its way finish before its database goes.
    await item.engine.sync().catch(() => undefined);
    item.db.close();
    await item.db.delete();
  }
});

describe('SyncEngine changes', () => {
  it('a create shows as pending at once and takes the server copy when pushed', async () => {
    await engine.sync();
    const expense = newExpense(1250);
    const release = device.hold();
    const saving = engine.createExpense(expense);
    await vi.waitFor(async () => {
      expect(await db.expenses.get(expense.id)).toMatchObject({ amountMinor: 1250, pending: true, version: 0 });
    });
    expect(server.expenses.size).toBe(0);
    release();
    const outcome = await saving;
    expect(outcome.state).toBe('saved');
    expect(await db.expenses.get(expense.id)).toMatchObject({ amountMinor: 1250, pending: false, version: 1 });
    expect(await db.outbox.count()).toBe(0);
    expect(server.expenses.get(expense.id)?.amountMinor).toBe(1250);
  });

  it('changes made offline stay queued and go in one push, once, when the server is back', async () => {
    await engine.sync();
    device.offline = true;
    const created = [newExpense(100), newExpense(200), newExpense(300)];
    for (const expense of created) expect(await engine.createExpense(expense)).toEqual({ state: 'queued' });
    await engine.updateExpense(created[0]?.id ?? '', { note: 'edited offline' }, 0);
    expect(engine.status.get().online).toBe(false);
    expect(await db.outbox.count()).toBe(4);
    expect((await db.expenses.get(created[0]?.id ?? ''))?.note).toBe('edited offline');

    device.offline = false;
    device.calls.length = 0;
    await engine.sync();
    expect(pushes(device)).toBe(1);
    expect(
      server
        .live()
        .map((row) => row.amountMinor)
        .sort(),
    ).toEqual([100, 200, 300]);
    expect(server.expenses.get(created[0]?.id ?? '')?.note).toBe('edited offline');
    expect(await db.outbox.count()).toBe(0);
    expect((await db.expenses.toArray()).every((row) => !row.pending)).toBe(true);
    expect(engine.status.get()).toMatchObject({ online: true, busy: false });
  });

  it('a sync that was under way when the browser went offline leaves the status offline', async () => {
    await engine.sync();
    const release = device.hold();
    const syncing = engine.sync();
    await vi.waitFor(() => {
      expect(engine.status.get().busy).toBe(true);
    });
    // What the browser's offline event does (create-services' setOnline).
    engine.status.update({ online: false });
    release();
    await syncing;
    expect(engine.status.get()).toMatchObject({ online: false, busy: false });

    // The next sync that reaches the server says online again.
    await engine.sync();
    expect(engine.status.get()).toMatchObject({ online: true, busy: false });
  });

  it('a push whose answer was lost is sent again and changes nothing twice', async () => {
    await engine.sync();
    const expense = newExpense(990);
    const original = device.call.bind(device);
    let lost = false;
    device.call = async (endpoint, input) => {
      const answer = await original(endpoint, input);
      if (endpoint.operationId === 'syncPush' && !lost) {
        lost = true;
        throw new NetworkError(new TypeError('Connection reset'));
      }
      return answer;
    };
    expect(await engine.createExpense(expense)).toEqual({ state: 'queued' });
    expect(server.expenses.size).toBe(1);
    expect(await db.outbox.count()).toBe(1);
    await engine.sync();
    expect(pushes(device)).toBe(2);
    expect(server.expenses.size).toBe(1);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.expenses.get(expense.id))?.pending).toBe(false);
  });

  it('an edit of another field than a concurrent edit elsewhere is merged, keeping both', async () => {
    const seeded = server.seed({ amount: '10.00', category: 'Food', date: '2026-11-02' });
    await engine.sync();
    server.editElsewhere(seeded.id, { note: 'from the phone' });
    const outcome = await engine.updateExpense(seeded.id, { amountMinor: 1100 }, seeded.version);
    expect(outcome.state).toBe('saved');
    expect(await db.expenses.get(seeded.id)).toMatchObject({
      amountMinor: 1100,
      note: 'from the phone',
      pending: false,
    });
    expect(server.expenses.get(seeded.id)).toMatchObject({ amountMinor: 1100, note: 'from the phone' });
  });

  it('an edit of the same field is a conflict: the server value stays and the conflict is listed here', async () => {
    const seeded = server.seed({ amount: '10.00', category: 'Food', date: '2026-11-02' });
    await engine.sync();
    server.editElsewhere(seeded.id, { amount: '12.00' });
    const outcome = await engine.updateExpense(seeded.id, { amountMinor: 4200 }, seeded.version);
    expect(outcome.state).toBe('conflict');
    expect(await db.expenses.get(seeded.id)).toMatchObject({ amountMinor: 1200, pending: false });
    await vi.waitFor(async () => {
      expect(await db.conflicts.count()).toBe(1);
    });
    const [conflict] = await db.conflicts.toArray();
    expect(conflict).toMatchObject({
      kind: 'field',
      fields: ['amount'],
      server: { amount: '12.00' },
      client: { amount: '42.00' },
    });

    await engine.resolveConflict(conflict?.id ?? '', 'client');
    expect(await db.conflicts.count()).toBe(0);
    expect(await db.expenses.get(seeded.id)).toMatchObject({ amountMinor: 4200 });
    expect(server.expenses.get(seeded.id)?.amountMinor).toBe(4200);
  });

  it('a change the server rejects is kept as a rejection and reported, and the row shows the server state', async () => {
    const seeded = server.seed({ amount: '10.00', category: 'Food', date: '2026-11-02' });
    const rejected: PushedChange[] = [];
    const watched = open(device, { onRejected: (change) => rejected.push(change) });
    await watched.engine.sync();
    device.offline = true;
    await watched.engine.updateExpense(seeded.id, { amountMinor: 999 }, seeded.version);
    server.role = 'viewer';
    device.offline = false;
    await watched.engine.sync();
    expect(rejected.map((change) => change.result.reason)).toEqual(['forbidden']);
    expect(await watched.db.rejections.toArray()).toEqual([
      expect.objectContaining({ reason: 'forbidden', kind: 'update', summary: 'Edit: Food · 9.99 · 2026-11-02' }),
    ]);
    expect(await watched.db.expenses.get(seeded.id)).toMatchObject({ amountMinor: 1000, pending: false });
    expect(await watched.db.outbox.count()).toBe(0);
    await watched.engine.dismissRejection((await watched.db.rejections.toArray())[0]?.mutationId ?? '');
    expect(await watched.db.rejections.count()).toBe(0);
  });

  it('a change the contract refuses is refused here, the rest of the batch still goes, and its row goes back', async () => {
    const seeded = server.seed({ amount: '10.00', category: 'Food', date: '2026-11-02' });
    await engine.sync();
    device.offline = true;
    const before = newExpense(100);
    const after = newExpense(200);
    await engine.createExpense(before);
    await engine.updateExpense(seeded.id, { category: '   ' }, seeded.version);
    await engine.createExpense(after);
    device.offline = false;
    device.calls.length = 0;
    await engine.sync();
    expect(pushes(device)).toBe(1);
    expect(
      server
        .live()
        .map((row) => row.id)
        .sort(),
    ).toEqual([seeded.id, before.id, after.id].sort());
    expect(server.expenses.get(seeded.id)?.category).toBe('Food');
    expect(await db.expenses.get(seeded.id)).toMatchObject({ category: 'Food', pending: false });
    expect(await db.rejections.toArray()).toEqual([
      expect.objectContaining({ expenseId: seeded.id, reason: 'validation_failed' }),
    ]);
    expect(await db.outbox.count()).toBe(0);
  });

  it('a change someone waits for is answered, not listed as a rejection', async () => {
    await engine.sync();
    server.role = 'viewer';
    const outcome = await engine.createExpense(newExpense(500));
    expect(outcome).toMatchObject({ state: 'rejected', reason: 'forbidden' });
    expect(await db.rejections.count()).toBe(0);
    expect(await db.expenses.count()).toBe(0);
  });

  it('a delete can be undone inside its window and is never sent', async () => {
    const expense = newExpense(700);
    await engine.createExpense(expense);
    const pending = await engine.deleteExpense(expense.id);
    expect(await db.expenses.get(expense.id)).toBeUndefined();
    expect(await pending.undo()).toBe(true);
    expect((await db.expenses.get(expense.id))?.amountMinor).toBe(700);
    await engine.sync();
    expect(server.expenses.get(expense.id)?.deleted).toBe(false);
  });

  it('a delete is sent once its undo window has passed, and undo then reports it too late', async () => {
    const expense = newExpense(700);
    await engine.createExpense(expense);
    const pending = await engine.deleteExpense(expense.id);
    await vi.waitFor(async () => {
      expect(server.expenses.get(expense.id)?.deleted).toBe(true);
      expect(await db.outbox.count()).toBe(0);
    });
    expect(await pending.undo()).toBe(false);
    expect(await db.expenses.get(expense.id)).toBeUndefined();
  });

  it('flushAll sends a delete that is still inside its undo window', async () => {
    const patient = open(device, { undoWindowMs: 60_000 });
    const expense = newExpense(300);
    await patient.engine.createExpense(expense);
    await patient.engine.deleteExpense(expense.id);
    await patient.engine.sync();
    expect(server.expenses.get(expense.id)?.deleted).toBe(false);
    await patient.engine.flushAll();
    expect(server.expenses.get(expense.id)?.deleted).toBe(true);
    expect(await patient.db.outbox.count()).toBe(0);
  });
});

describe('SyncEngine pulls', () => {
  it('follows the pull pages until it has everything, and a later pull brings only what changed', async () => {
    for (let day = 1; day <= 2450; day += 1) {
      const date = `2026-${String(1 + (day % 12)).padStart(2, '0')}-${String(1 + (day % 28)).padStart(2, '0')}`;
      server.seed({ amount: `${String(day)}.25`, category: day % 2 ? 'Food' : 'Transport', date });
    }
    await engine.sync();
    expect(device.calls.filter((call) => call === 'syncPull')).toHaveLength(3);
    const rows = await queryHistory(db, server.walletId, {});
    expect(rows).toHaveLength(2450);
    const dates = rows.map((row) => row.date);
    expect(dates).toEqual([...dates].sort().reverse());
    expect((await queryCategories(db, server.walletId)).slice(0, 2)).toEqual([
      expect.objectContaining({ name: 'Food', count: 1225 }),
      expect.objectContaining({ name: 'Transport', count: 1225 }),
    ]);

    const [first, second] = rows;
    server.deleteElsewhere(first?.id ?? '');
    server.editElsewhere(second?.id ?? '', { amount: '5.55' });
    device.calls.length = 0;
    await engine.sync();
    expect(device.calls.filter((call) => call === 'syncPull')).toHaveLength(1);
    expect(await db.expenses.get(first?.id ?? '')).toBeUndefined();
    expect((await db.expenses.get(second?.id ?? ''))?.amountMinor).toBe(555);
  });

  it('a round that finds the wallets as stored writes none, so nothing watching them wakes; a changed one is stored', async () => {
    await engine.sync();
    const versions: number[] = [];
    const watching = liveQuery(() => db.wallets.toArray()).subscribe((wallets) => {
      versions.push(wallets[0]?.version ?? -1);
    });
    await vi.waitFor(() => {
      expect(versions).toEqual([server.wallet.version]);
    });
    await engine.sync();
    await engine.sync();
    expect(device.calls.filter((call) => call === 'listWallets').length).toBeGreaterThanOrEqual(3);
    // A live query answers a write within a task or two; give it plenty.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(versions).toHaveLength(1);

    server.seed({ amount: '3.00', category: 'Food', date: '2026-11-02' });
    await engine.sync();
    await vi.waitFor(() => {
      expect(versions.at(-1)).toBe(server.wallet.version);
    });
    expect(versions).toHaveLength(2);
    expect((await db.wallets.get(server.walletId))?.version).toBe(server.wallet.version);
    watching.unsubscribe();
  });

  it('a category list not stored because a change here touched the categories meanwhile is fetched again next round', async () => {
    server.seed({ amount: '3.00', category: 'Food', date: '2026-11-02' });
    let meanwhile: (() => Promise<void>) | null = null;
    const api: ApiCaller = {
      call: async (endpoint, input) => {
        const answer = await device.call(endpoint, input);
        const run = endpoint.operationId === 'listCategories' ? meanwhile : null;
        if (run) meanwhile = null;
        await run?.();
        return answer;
      },
    };
    const { db: local, engine: watched } = open(device, { api });
    await watched.sync();
    // The next category fetch meets a local change to the categories (an expense created here
    // and its category counted, say).
    meanwhile = async () => {
      const [food] = await local.categories.where('walletId').equals(server.walletId).toArray();
      if (food) await local.categories.put({ ...food, count: food.count + 1 });
    };
    server.seed({ amount: '4.00', category: 'Kayak rental', date: '2026-11-03' });
    await watched.sync();
    expect(meanwhile).toBeNull();
    expect(await queryCategories(local, server.walletId)).not.toContainEqual(
      expect.objectContaining({ name: 'Kayak rental' }),
    );

    // Nothing changes on the server before the next round, which still fetches the list.
    device.calls.length = 0;
    await watched.sync();
    expect(device.calls).toContain('listCategories');
    expect(await queryCategories(local, server.walletId)).toContainEqual(
      expect.objectContaining({ name: 'Kayak rental', count: 1 }),
    );
    device.calls.length = 0;
    await watched.sync();
    expect(device.calls).not.toContain('listCategories');
  });

  it('a category fetch that failed after its pull is made the next round, also after a reload', async () => {
    await engine.sync();
    let failCategories = true;
    const api: ApiCaller = {
      call: async (endpoint, input) => {
        if (endpoint.operationId === 'listCategories' && failCategories)
          throw new NetworkError(new TypeError('Failed to fetch'));
        return device.call(endpoint, input);
      },
    };
    // The pull brings the new expense (and moves the cursor past it), then the list fails.
    server.seed({ amount: '4.00', category: 'Kayak rental', date: '2026-11-03' });
    const failing = engineOnMainStore(api);
    await failing.sync();
    failing.dispose();
    expect(failing.status.get().online).toBe(false);
    expect(await queryCategories(db, server.walletId)).not.toContainEqual(
      expect.objectContaining({ name: 'Kayak rental' }),
    );

    // The page is reloaded: a new engine on the same store, and no new change on the server.
    failCategories = false;
    const reloaded = engineOnMainStore(api);
    await reloaded.sync();
    expect(await queryCategories(db, server.walletId)).toContainEqual(
      expect.objectContaining({ name: 'Kayak rental', count: 1 }),
    );
  });

  it('a round that stops after its pull, before the category lists, leaves them due for the next', async () => {
    await engine.sync();
    let offlineAt: string | null = 'listWallets';
    const api: ApiCaller = {
      call: async (endpoint, input) => {
        if (endpoint.operationId === offlineAt) {
          offlineAt = null;
          throw new NetworkError(new TypeError('Failed to fetch'));
        }
        return device.call(endpoint, input);
      },
    };
    const next = engineOnMainStore(api);
    server.seed({ amount: '4.00', category: 'Kayak rental', date: '2026-11-03' });
    await next.sync();
    expect(next.status.get().online).toBe(false);
    await next.sync();
    expect(await queryCategories(db, server.walletId)).toContainEqual(
      expect.objectContaining({ name: 'Kayak rental', count: 1 }),
    );
  });

  it('a category list that meets a server fault is fetched again; one the server refuses fails one round only', async () => {
    await engine.sync();
    let answer: 'internal_error' | 'not_found' | null = 'internal_error';
    const api: ApiCaller = {
      call: async (endpoint, input) => {
        if (endpoint.operationId === 'listCategories' && answer !== null) {
          const { status, title } = PROBLEM_TYPES[answer];
          throw new ApiError({ type: 'about:blank', title, status, detail: title, code: answer });
        }
        return device.call(endpoint, input);
      },
    };
    const next = engineOnMainStore(api);
    server.seed({ amount: '4.00', category: 'Kayak rental', date: '2026-11-03' });
    await next.sync();
    expect(next.status.get().problem).not.toBeNull();
    // A server fault passes: the list is still due, with no new change on the server.
    answer = null;
    await next.sync();
    expect(next.status.get().problem).toBeNull();
    expect(await queryCategories(db, server.walletId)).toContainEqual(
      expect.objectContaining({ name: 'Kayak rental', count: 1 }),
    );

    answer = 'not_found';
    server.seed({ amount: '5.00', category: 'Rafting', date: '2026-11-04' });
    await next.sync();
    expect(next.status.get().problem).not.toBeNull();
    device.calls.length = 0;
    await next.sync();
    expect(next.status.get().problem).toBeNull();
    expect(device.calls).not.toContain('listCategories');
  });

  it('resumes an interrupted pull from the last page it applied', async () => {
    for (let index = 0; index < 1500; index += 1) server.seed({ amount: '1.00', category: 'Food', date: '2026-11-01' });
    let pulls = 0;
    const original = device.call.bind(device);
    device.call = async (endpoint, input) => {
      if (endpoint.operationId === 'syncPull' && (pulls += 1) === 2) device.failBefore = 1;
      return original(endpoint, input);
    };
    await engine.sync();
    expect(await db.expenses.count()).toBe(1000);
    device.call = original;
    device.calls.length = 0;
    await engine.sync();
    expect(await db.expenses.count()).toBe(1500);
    expect(device.calls.filter((call) => call === 'syncPull')).toHaveLength(1);
  });

  it('keeps a local change that waits in the outbox over the server copy, then merges it', async () => {
    const seeded = server.seed({ amount: '3.00', category: 'Food', date: '2026-11-03' });
    await engine.sync();
    device.offline = true;
    await engine.updateExpense(seeded.id, { note: 'mine' }, seeded.version);
    server.editElsewhere(seeded.id, { amount: '4.00' });
    const { pullChanges } = await import('./pull.js');
    device.offline = false;
    await pullChanges(db, device);
    expect(await db.expenses.get(seeded.id)).toMatchObject({ amountMinor: 300, note: 'mine', pending: true });
    await engine.sync();
    expect(await db.expenses.get(seeded.id)).toMatchObject({ amountMinor: 400, note: 'mine', pending: false });
  });

  it('a reset drops the synced copy, keeps queued changes and pulls a fresh snapshot', async () => {
    const kept = server.seed({ amount: '1.00', category: 'Food', date: '2026-11-01' });
    const gone = server.seed({ amount: '2.00', category: 'Food', date: '2026-11-02' });
    await engine.sync();
    device.offline = true;
    const offline = newExpense(777);
    await engine.createExpense(offline);
    // The server's database is restored from a backup that never had `gone`.
    server.expenses.delete(gone.id);
    server.epoch += 1;
    device.offline = false;
    await engine.sync();
    expect((await db.expenses.toArray()).map((row) => row.id).sort()).toEqual([kept.id, offline.id].sort());
    expect(
      server
        .live()
        .map((row) => row.id)
        .sort(),
    ).toEqual([kept.id, offline.id].sort());
    expect(await db.outbox.count()).toBe(0);
  });

  it('drops a wallet the user was removed from with its queued changes, and says how many were lost', async () => {
    server.personal = false;
    server.seed({ amount: '4.00', category: 'Food', date: '2026-11-04' });
    const lost: LostWallet[] = [];
    const watched = open(device, { onWalletGone: (item) => lost.push(item) });
    await watched.engine.refresh(server.walletId);
    expect(await watched.db.members.count()).toBe(1);
    device.offline = true;
    await watched.engine.createExpense(newExpense(100));
    await watched.engine.createExpense(newExpense(200));
    server.removeCaller();
    device.offline = false;
    await watched.engine.refresh(server.walletId);
    expect(lost).toEqual([
      expect.objectContaining({
        walletId: server.walletId,
        unsent: 2,
        wallet: expect.objectContaining({ name: 'Household' }) as unknown,
      }),
    ]);
    expect(await watched.db.wallets.count()).toBe(0);
    expect(await watched.db.expenses.count()).toBe(0);
    expect(await watched.db.outbox.count()).toBe(0);
    expect(await watched.db.members.count()).toBe(0);
    // Nothing was sent for the lost wallet: the pull that found it gone dropped the changes first.
    expect(pushes(device)).toBe(0);
    await watched.engine.sync();
    expect(lost).toHaveLength(1);
  });

  it('marks itself offline when the server cannot be reached and retries with backoff', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      device.failBefore = 1;
      await engine.sync();
      expect(engine.status.get()).toMatchObject({ online: false, busy: false });
      // random() is 0: the first retry comes after half of the 1 s base.
      await vi.advanceTimersByTimeAsync(499);
      expect(engine.status.get().online).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await vi.waitFor(() => {
        expect(engine.status.get()).toMatchObject({ online: true, busy: false });
      });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('SyncEngine when a pull fails', () => {
  it('a pull that keeps failing (a reset loop) does not hold the queue back: it is pushed, the failure shows and sync() resolves', async () => {
    await engine.sync();
    const original = device.call.bind(device);
    device.call = async (endpoint, input) => {
      if (endpoint.operationId === 'syncPull')
        throw new Error('The server asked for another sync reset (cursor_ahead)');
      return original(endpoint, input);
    };
    const expense = newExpense(4200);
    const outcome = await engine.createExpense(expense);
    await expect(engine.sync()).resolves.toBeUndefined();
    expect(outcome.state).toBe('saved');
    expect(server.expenses.get(expense.id)?.amountMinor).toBe(4200);
    expect(await db.outbox.count()).toBe(0);
    expect(engine.status.get().problem).toContain('another sync reset');
  });

  it('a failed sync is retried with backoff, and the periodic sync waits for the backoff', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    try {
      const ticking = open(device, { periodMs: 100 });
      device.offline = true;
      ticking.engine.start();
      await ticking.engine.sync();
      const pulls = () => device.calls.filter((call) => call === 'syncPull').length;
      const failed = pulls();
      // random() is 0: the retry comes after 500 ms; the 100 ms ticks in between do nothing.
      await vi.advanceTimersByTimeAsync(450);
      expect(pulls()).toBe(failed);
      device.offline = false;
      await vi.advanceTimersByTimeAsync(50);
      await vi.waitFor(() => {
        expect(ticking.engine.status.get()).toMatchObject({ online: true, busy: false, problem: null });
      });
      expect(pulls()).toBeGreaterThan(failed);
      ticking.engine.dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a request that never answers fails after the request timeout instead of holding the sync forever', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const release = device.hold();
    try {
      const stalled = open(device, { requestTimeoutMs: 1000 });
      let settled = false;
      const running = stalled.engine.sync().then(() => (settled = true));
      await vi.waitFor(() => {
        expect(device.calls).toContain('syncPull');
      });
      await vi.advanceTimersByTimeAsync(1000);
      await running;
      expect(settled).toBe(true);
      expect(stalled.engine.status.get()).toMatchObject({ online: false, busy: false });
      stalled.engine.dispose();
    } finally {
      release();
      vi.useRealTimers();
    }
  });
});

describe('SyncEngine undo and changes queued during a sync', () => {
  it('an undone delete shows an edit made elsewhere that a sync brought while the delete waited', async () => {
    const patient = open(device, { undoWindowMs: 60_000 });
    const seeded = server.seed({ amount: '10.00', category: 'Food', date: '2026-11-02' });
    await patient.engine.sync();
    const pending = await patient.engine.deleteExpense(seeded.id);
    server.editElsewhere(seeded.id, { amount: '9.99' });
    await patient.engine.sync();
    expect(await pending.undo()).toBe(true);
    expect(await patient.db.expenses.get(seeded.id)).toMatchObject({ amountMinor: 999, pending: false });
    await patient.engine.sync();
    expect(await patient.db.expenses.get(seeded.id)).toMatchObject({ amountMinor: 999, pending: false });
  });

  it('an undone delete of an expense deleted elsewhere meanwhile leaves it gone here too', async () => {
    const patient = open(device, { undoWindowMs: 60_000 });
    const seeded = server.seed({ amount: '10.00', category: 'Food', date: '2026-11-02' });
    await patient.engine.sync();
    const pending = await patient.engine.deleteExpense(seeded.id);
    server.deleteElsewhere(seeded.id);
    await patient.engine.sync();
    expect(await pending.undo()).toBe(true);
    expect(await patient.db.expenses.get(seeded.id)).toBeUndefined();
  });

  it('a change refused before sending shows an edit made elsewhere that the same sync pulled', async () => {
    const seeded = server.seed({ amount: '10.00', category: 'Food', date: '2026-11-02' });
    await engine.sync();
    device.offline = true;
    expect(await engine.updateExpense(seeded.id, { category: '   ' }, seeded.version)).toEqual({ state: 'queued' });
    server.editElsewhere(seeded.id, { amount: '4.00' });
    device.offline = false;
    await engine.sync();
    expect(await db.expenses.get(seeded.id)).toMatchObject({ amountMinor: 400, category: 'Food', pending: false });
    expect(await db.rejections.count()).toBe(1);
  });

  it('an edit queued while an earlier edit is in flight keeps its base version, so a later edit of a field changed elsewhere is a conflict', async () => {
    const seeded = server.seed({ amount: '10.00', category: 'Food', date: '2026-11-02' });
    await engine.sync();
    server.editElsewhere(seeded.id, { amount: '5.00' });
    await enqueueUpdate(db, seeded.id, { note: 'one' }, seeded.version, Date.now());
    const push = device.holdNextPush();
    const running = engine.sync();
    await push.sent;
    const during = await db.expenses.get(seeded.id);
    await enqueueUpdate(db, seeded.id, { note: 'two' }, during?.version ?? 0, Date.now());
    push.release();
    await running;
    // The row still shows 10.00: an edit made on it has not seen the 5.00 made elsewhere.
    const shown = await db.expenses.get(seeded.id);
    expect(shown).toMatchObject({ amountMinor: 1000, version: seeded.version, pending: true });
    await enqueueUpdate(db, seeded.id, { amountMinor: 1500 }, shown?.version ?? 0, Date.now());
    await engine.sync();
    expect(server.expenses.get(seeded.id)).toMatchObject({ amountMinor: 500, note: 'two' });
    expect([...server.conflicts.values()]).toEqual([
      expect.objectContaining({ fields: ['amount'], server: { amount: '5.00' }, client: { amount: '15.00' } }),
    ]);
    expect(await db.expenses.get(seeded.id)).toMatchObject({ amountMinor: 500, note: 'two', pending: false });
  });

  it('undo of a delete that is already on its way says it is too late, and the expense stays deleted', async () => {
    const expense = newExpense(700);
    await engine.createExpense(expense);
    const push = device.holdNextPush();
    const pending = await engine.deleteExpense(expense.id);
    await push.sent;
    const undone = await pending.undo();
    const during = await db.expenses.get(expense.id);
    push.release();
    expect(undone).toBe(false);
    expect(during).toBeUndefined();
    await engine.sync();
    expect(await db.expenses.get(expense.id)).toBeUndefined();
    expect(server.expenses.get(expense.id)?.deleted).toBe(true);
  });

  it('undo of a delete that flushAll is sending says it is too late', async () => {
    const patient = open(device, { undoWindowMs: 60_000 });
    const expense = newExpense(300);
    await patient.engine.createExpense(expense);
    const pending = await patient.engine.deleteExpense(expense.id);
    const push = device.holdNextPush();
    const flushing = patient.engine.flushAll();
    await push.sent;
    const undone = await pending.undo();
    push.release();
    expect(undone).toBe(false);
    await flushing;
    expect(await patient.db.expenses.get(expense.id)).toBeUndefined();
    expect(server.expenses.get(expense.id)?.deleted).toBe(true);
  });
});

describe('SyncEngine across tabs', () => {
  it('runs one sync at a time through the exclusive runner; a tab waiting for it sees the other tab’s push', async () => {
    let locked: Promise<void> = Promise.resolve();
    let running = 0;
    let most = 0;
    const exclusive = async <T>(run: () => Promise<T>): Promise<T> => {
      const previous = locked;
      let done = () => {};
      locked = new Promise((resolve) => (done = resolve));
      await previous;
      running += 1;
      most = Math.max(most, running);
      try {
        return await run();
      } finally {
        running -= 1;
        done();
      }
    };
    const name = `tabs-${crypto.randomUUID()}`;
    const tabA = new SyncEngine({ db: new LocalDb(name), api: device, exclusive, debounceMs: 0 });
    const tabBDb = new LocalDb(name);
    const tabB = new SyncEngine({ db: tabBDb, api: server.device(), exclusive, debounceMs: 0 });
    opened.push({ db: tabBDb, engine: tabB }, { db: tabA.db, engine: tabA });
    const outcomes = await Promise.all([
      tabA.createExpense(newExpense(100)),
      tabB.createExpense(newExpense(200)),
      tabA.sync(),
      tabB.sync(),
    ]);
    expect(most).toBe(1);
    expect(outcomes.slice(0, 2).map((outcome) => outcome?.state)).toEqual(['saved', 'saved']);
    expect(server.live()).toHaveLength(2);
  });
});
