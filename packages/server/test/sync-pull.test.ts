import { randomUUID } from 'node:crypto';
import type { Expense, PullPage, SyncChange } from '@ttm/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactSyncHistory } from '../src/modules/sync/compaction.js';
import { describeEachDatabase } from './support/app.js';
import { addMember, API, createExpense, createSharedWallet, registerUser, type TestUser } from './support/factories.js';
import {
  deleteMutation,
  listConflicts,
  pull,
  pullAll,
  pushOne,
  serverExpenses,
  updateMutation,
} from './support/sync.js';

const DAY_MS = 24 * 60 * 60 * 1000;

describeEachDatabase('POST /sync/pull', (ctx) => {
  const app = () => ctx().app;
  const db = () => ctx().database.db;

  const remove = (user: { auth: { authorization: string } }, id: string) =>
    app().inject({ method: 'DELETE', url: `${API}/expenses/${id}`, headers: user.auth });

  describe('changes', () => {
    it('downloads every live expense of every wallet first, then only what changed, deletions included', async () => {
      const user = await registerUser(app());
      const a = await createExpense(app(), user, { note: 'a' });
      const b = await createExpense(app(), user, { note: 'b' });
      const gone = await createExpense(app(), user, { note: 'gone' });
      await remove(user, gone.id);

      const first = await pullAll(app(), user, null);
      expect(first.walletsAdded.map((w) => w.id)).toEqual([user.walletId]);
      expect(first.walletsRemoved).toEqual([]);
      // A first download has nothing to delete, so it carries no tombstones.
      expect(first.changes).toEqual([
        { op: 'upsert', expense: a },
        { op: 'upsert', expense: b },
      ]);

      const idle = await pull(app(), user, first.cursor);
      expect(idle).toEqual({
        reset: false,
        cursor: first.cursor,
        changes: [],
        hasMore: false,
        walletsAdded: [],
        walletsRemoved: [],
      });

      const edited = await pushOne(app(), user, 'phone', updateMutation(a, { note: 'a2' }));
      await remove(user, b.id);
      const c = await createExpense(app(), user, { note: 'c' });
      const second = await pullAll(app(), user, first.cursor);
      expect(second.changes).toEqual([
        { op: 'upsert', expense: edited.expense },
        { op: 'delete', id: b.id, walletId: user.walletId, version: 6 },
        { op: 'upsert', expense: c },
      ]);
    });

    it('pages across wallets with hasMore, never skipping or repeating a change', async () => {
      const owner = await registerUser(app());
      const shared = await createSharedWallet(app(), owner);
      const written: string[] = [];
      for (let i = 0; i < 4; i += 1) {
        written.push((await createExpense(app(), owner, { note: `p${String(i)}` })).id);
        written.push((await createExpense(app(), owner, { walletId: shared.id, note: `s${String(i)}` })).id);
      }
      const paged = await pullAll(app(), owner, null, 3);
      expect(paged.pages).toBe(3);
      const ids = paged.changes.map((change) => (change.op === 'upsert' ? change.expense.id : change.id));
      expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(ids)).toEqual(new Set(written));
      expect(paged.walletsAdded.map((w) => w.id).sort()).toEqual([owner.walletId, shared.id].sort());

      // Within a wallet, changes come oldest first.
      const versions = paged.changes
        .filter((change) => change.op === 'upsert' && change.expense.walletId === shared.id)
        .map((change) => (change.op === 'upsert' ? change.expense.version : 0));
      expect(versions).toEqual([...versions].sort((x, y) => x - y));

      const first = await pull(app(), owner, null, 3);
      expect(first).toMatchObject({ reset: false, hasMore: true });
      expect((first as PullPage).changes).toHaveLength(3);
    });

    it("pages through a departed author's expenses without skipping any: each gets a version of its own", async () => {
      const owner = await registerUser(app());
      const shared = await createSharedWallet(app(), owner);
      const editor = await registerUser(app());
      await addMember(app(), owner, shared.id, editor, 'editor');
      const written: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        written.push((await createExpense(app(), editor, { walletId: shared.id, note: `e${String(i)}` })).id);
      }
      const before = await pullAll(app(), owner, null);

      const deleted = await app().inject({
        method: 'DELETE',
        url: `${API}/me`,
        headers: editor.auth,
        payload: { password: editor.password },
      });
      expect(deleted.statusCode).toBe(204);

      const after = await pullAll(app(), owner, before.cursor, 2);
      const upserts = after.changes.flatMap((change) => (change.op === 'upsert' ? [change.expense] : []));
      expect(upserts.map((expense) => expense.id).sort()).toEqual([...written].sort());
      expect(upserts.every((expense) => expense.createdBy === null)).toBe(true);
      expect(new Set(upserts.map((expense) => expense.version)).size).toBe(written.length);
    });

    it('rejects a cursor it did not issue with 400 validation_failed', async () => {
      const user = await registerUser(app());
      const bogus = Buffer.from(JSON.stringify({ f: 1, e: 'x', w: { 'not-a-uuid': 1 } })).toString('base64url');
      for (const cursor of ['garbage', bogus, Buffer.from('[]').toString('base64url')]) {
        const response = await app().inject({
          method: 'POST',
          url: `${API}/sync/pull`,
          headers: user.auth,
          payload: { cursor },
        });
        expect(response.statusCode, cursor).toBe(400);
        expect(response.json<{ code: string }>().code).toBe('validation_failed');
      }
      const badLimit = await app().inject({
        method: 'POST',
        url: `${API}/sync/pull`,
        headers: user.auth,
        payload: { cursor: null, limit: 5000 },
      });
      expect(badLimit.statusCode).toBe(400);
    });
  });

  describe('wallets added and removed', () => {
    it('reports a wallet joined through an invite with its expenses, and one left, deleted or lost', async () => {
      const [owner, guest] = await Promise.all([registerUser(app()), registerUser(app())]);
      const trip = await createSharedWallet(app(), owner, { name: 'Trip' });
      const flat = await createSharedWallet(app(), owner, { name: 'Flat' });
      const ticket = await createExpense(app(), owner, { walletId: trip.id, note: 'ticket' });
      const device = await pullAll(app(), guest, null);

      await addMember(app(), owner, trip.id, guest, 'editor');
      await addMember(app(), owner, flat.id, guest, 'viewer');
      const joined = await pullAll(app(), guest, device.cursor);
      expect(joined.walletsAdded.map((w) => [w.id, w.role])).toEqual(
        expect.arrayContaining([
          [trip.id, 'editor'],
          [flat.id, 'viewer'],
        ]),
      );
      expect(joined.changes).toEqual([{ op: 'upsert', expense: ticket }]);

      await app().inject({
        method: 'DELETE',
        url: `${API}/wallets/${trip.id}/members/${guest.id}`,
        headers: guest.auth,
      });
      await app().inject({ method: 'DELETE', url: `${API}/wallets/${flat.id}`, headers: owner.auth });
      const left = await pullAll(app(), guest, joined.cursor);
      expect(left.walletsRemoved.sort()).toEqual([trip.id, flat.id].sort());
      expect(left.walletsAdded).toEqual([]);
      expect(await pull(app(), guest, left.cursor)).toMatchObject({ walletsRemoved: [], changes: [] });
    });

    it('a member removed and added back while offline continues from the cursor without a reset', async () => {
      const [owner, guest] = await Promise.all([registerUser(app()), registerUser(app())]);
      const wallet = await createSharedWallet(app(), owner);
      await addMember(app(), owner, wallet.id, guest, 'editor');
      const device = await pullAll(app(), guest, null);
      await app().inject({
        method: 'DELETE',
        url: `${API}/wallets/${wallet.id}/members/${guest.id}`,
        headers: owner.auth,
      });
      const meanwhile = await createExpense(app(), owner, { walletId: wallet.id });
      await addMember(app(), owner, wallet.id, guest, 'editor');
      const back = await pullAll(app(), guest, device.cursor);
      expect(back).toMatchObject({
        walletsAdded: [],
        walletsRemoved: [],
        changes: [{ op: 'upsert', expense: meanwhile }],
      });
    });
  });

  describe('reset', () => {
    it('answers reset cursor_ahead to a cursor newer than the server (restored from a backup)', async () => {
      const user = await registerUser(app());
      const first = await createExpense(app(), user);
      const second = await createExpense(app(), user);
      const device = await pullAll(app(), user, null);
      // The backup was taken before the second expense.
      await db().deleteFrom('expenses').where('id', '=', second.id).execute();
      await db().updateTable('wallets').set({ version: 1 }).where('id', '=', user.walletId).execute();
      expect(await pull(app(), user, device.cursor)).toEqual({ reset: true, reason: 'cursor_ahead' });
      // Starting over gives the restored state.
      expect((await pullAll(app(), user, null)).changes).toEqual([{ op: 'upsert', expense: first }]);
    });

    it('answers reset epoch_changed to a cursor from another database', async () => {
      const user = await registerUser(app());
      const device = await pullAll(app(), user, null);
      const { epoch } = await db().selectFrom('sync_state').select('epoch').executeTakeFirstOrThrow();
      await db().updateTable('sync_state').set({ epoch: randomUUID() }).execute();
      try {
        expect(await pull(app(), user, device.cursor)).toEqual({ reset: true, reason: 'epoch_changed' });
      } finally {
        await db().updateTable('sync_state').set({ epoch }).execute();
      }
    });

    it('compacts tombstones past the horizon and resets only cursors that would miss one', async () => {
      const user = await registerUser(app());
      const keep = await createExpense(app(), user, { note: 'keep' });
      const doomed = await createExpense(app(), user, { note: 'doomed' });
      const stale = await pullAll(app(), user, null);
      await remove(user, doomed.id);
      const current = await pullAll(app(), user, stale.cursor);
      expect(current.changes).toEqual([{ op: 'delete', id: doomed.id, walletId: user.walletId, version: 3 }]);

      // Within the horizon nothing goes.
      expect((await compactSyncHistory(db(), Date.now() + 89 * DAY_MS, 90)).tombstones).toBe(0);
      expect(await pull(app(), user, stale.cursor)).toMatchObject({ reset: false });

      const compacted = await compactSyncHistory(db(), Date.now() + 91 * DAY_MS, 90);
      expect(compacted.tombstones).toBeGreaterThanOrEqual(1);
      expect(
        await db().selectFrom('expenses').select('id').where('id', '=', doomed.id).executeTakeFirst(),
      ).toBeUndefined();
      expect(await pull(app(), user, stale.cursor)).toEqual({ reset: true, reason: 'cursor_expired' });
      // A device that already saw the deletion continues; a new device downloads the live rows.
      expect(await pull(app(), user, current.cursor)).toMatchObject({ reset: false, changes: [] });
      expect((await pullAll(app(), user, null)).changes).toEqual([{ op: 'upsert', expense: keep }]);
    });

    it('keeps a tombstone an open conflict may still restore, and compacts it once resolved', async () => {
      const [owner, editor] = await Promise.all([registerUser(app()), registerUser(app())]);
      const wallet = await createSharedWallet(app(), owner);
      await addMember(app(), owner, wallet.id, editor, 'editor');
      const expense = await createExpense(app(), owner, { walletId: wallet.id });
      await remove(owner, expense.id);
      const result = await pushOne(app(), editor, 'phone', updateMutation(expense, { note: 'late edit' }));
      expect(result.status).toBe('conflict');

      await compactSyncHistory(db(), Date.now() + 91 * DAY_MS, 90);
      expect(await db().selectFrom('expenses').select('id').where('id', '=', expense.id).executeTakeFirst()).toEqual({
        id: expense.id,
      });
      expect(await listConflicts(app(), owner, wallet.id)).toHaveLength(1);

      const resolved = await app().inject({
        method: 'POST',
        url: `${API}/conflicts/${result.conflictId ?? ''}/resolve`,
        headers: owner.auth,
        payload: { choice: 'server' },
      });
      expect(resolved.statusCode).toBe(200);
      await compactSyncHistory(db(), Date.now() + 91 * DAY_MS, 90);
      expect(
        await db().selectFrom('expenses').select('id').where('id', '=', expense.id).executeTakeFirst(),
      ).toBeUndefined();
    });

    it('forgets stored push results past the horizon', async () => {
      const user = await registerUser(app());
      const expense = await createExpense(app(), user);
      await pushOne(app(), user, 'phone', deleteMutation(expense));
      const count = async () =>
        Number(
          (
            await db()
              .selectFrom('sync_mutations')
              .select((eb) => eb.fn.countAll<number | string>().as('n'))
              .where('user_id', '=', user.id)
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(await count()).toBe(1);
      await compactSyncHistory(db(), Date.now() + 91 * DAY_MS, 90);
      expect(await count()).toBe(0);
    });
  });

  describe('first download after compaction', () => {
    const compact = () => compactSyncHistory(db(), Date.now() + 91 * DAY_MS, 90);
    const idOf = (change: SyncChange) => (change.op === 'upsert' ? change.expense.id : change.id);

    /** A device's copy after applying pulled changes in order. */
    const applyTo = (copy: Map<string, Expense>, changes: readonly SyncChange[]) => {
      for (const change of changes) {
        if (change.op === 'upsert') copy.set(change.expense.id, change.expense);
        else copy.delete(change.id);
      }
      return copy;
    };

    /** Three expenses, the first deleted, then a fourth: compaction leaves a horizon above 0. */
    const seedWithDeletion = async (user: TestUser, walletId: string) => {
      const gone = await createExpense(app(), user, { walletId });
      const kept = [await createExpense(app(), user, { walletId }), await createExpense(app(), user, { walletId })];
      await remove(user, gone.id);
      return [...kept, await createExpense(app(), user, { walletId })];
    };

    it('completes a paged download of a compacted wallet with every live row once and no reset', async () => {
      const user = await registerUser(app());
      const live = await seedWithDeletion(user, user.walletId);
      live.push(...(await seedWithDeletion(user, user.walletId)));
      expect((await compact()).tombstones).toBeGreaterThanOrEqual(2);

      const paged = await pullAll(app(), user, null, 2);
      expect(paged.pages).toBe(3);
      expect(paged.changes).toEqual(live.map((expense) => ({ op: 'upsert', expense })));
      expect(paged.walletsAdded.map((wallet) => wallet.id)).toEqual([user.walletId]);

      // Once complete, the cursor continues with changes only.
      expect(await pull(app(), user, paged.cursor)).toMatchObject({ reset: false, changes: [], hasMore: false });
      await remove(user, live[0]?.id ?? '');
      expect(await pull(app(), user, paged.cursor)).toMatchObject({
        reset: false,
        changes: [{ op: 'delete', id: live[0]?.id }],
      });
    });

    it('sends the deletion of a row already downloaded, and none from before the download began', async () => {
      const user = await registerUser(app());
      const live = await seedWithDeletion(user, user.walletId);
      await compact();
      // Deleted after compaction, before the download: its tombstone is kept but concerns no device.
      const before = await createExpense(app(), user);
      await remove(user, before.id);
      live.push(await createExpense(app(), user), await createExpense(app(), user));

      const first = await pull(app(), user, null, 2);
      if (first.reset) throw new Error(`unexpected reset: ${first.reason}`);
      expect(first.changes.map(idOf)).toEqual(live.slice(0, 2).map((expense) => expense.id));
      const [sent] = live;
      await remove(user, sent?.id ?? '');
      const later = await createExpense(app(), user);

      const rest = await pullAll(app(), user, first.cursor, 2);
      const deletions = rest.changes.filter((change) => change.op === 'delete').map(idOf);
      expect(deletions).toEqual([sent?.id]);
      const copy = applyTo(new Map(), [...first.changes, ...rest.changes]);
      expect(copy).toEqual(await serverExpenses(app(), user, user.walletId));
      expect(copy.has(later.id)).toBe(true);
    });

    it('downloads several compacted wallets the first page does not reach without a reset', async () => {
      const owner = await registerUser(app());
      const home = await createSharedWallet(app(), owner, { name: 'Home' });
      const trip = await createSharedWallet(app(), owner, { name: 'Trip' });
      const walletIds = [owner.walletId, home.id, trip.id];
      for (const walletId of walletIds) await seedWithDeletion(owner, walletId);
      await compact();
      const horizons = await db().selectFrom('sync_horizons').selectAll().where('wallet_id', 'in', walletIds).execute();
      expect(horizons).toHaveLength(3);
      expect(horizons.every((horizon) => horizon.purged_version > 0)).toBe(true);

      const first = await pull(app(), owner, null, 2);
      expect(first).toMatchObject({ reset: false, hasMore: true });
      expect((first as PullPage).changes).toHaveLength(2);

      const paged = await pullAll(app(), owner, null, 2);
      expect(paged.walletsAdded.map((wallet) => wallet.id).sort()).toEqual([...walletIds].sort());
      expect(paged.changes.every((change) => change.op === 'upsert')).toBe(true);
      const ids = paged.changes.map(idOf);
      expect(new Set(ids).size).toBe(ids.length);
      const copy = applyTo(new Map(), paged.changes);
      const server = new Map<string, Expense>();
      for (const walletId of walletIds) {
        for (const [id, expense] of await serverExpenses(app(), owner, walletId)) server.set(id, expense);
      }
      expect(copy).toEqual(server);
      expect(await pull(app(), owner, paged.cursor)).toMatchObject({ reset: false, changes: [], walletsAdded: [] });
    });

    it('a first download in small pages of compacted wallets, written to between pages, ends equal to the server', async () => {
      const write = fc.record({
        wallet: fc.nat(2),
        kind: fc.constantFrom('create', 'create', 'update', 'delete'),
        pick: fc.nat(),
      });
      const scenario = fc.record({
        before: fc.array(write, { minLength: 4, maxLength: 16 }),
        during: fc.array(write, { maxLength: 8 }),
        limit: fc.integer({ min: 1, max: 4 }),
      });
      await fc.assert(
        fc.asyncProperty(scenario, async ({ before, during, limit }) => {
          const owner = await registerUser(app());
          const walletIds = [
            owner.walletId,
            (await createSharedWallet(app(), owner)).id,
            (await createSharedWallet(app(), owner)).id,
          ];
          const current = new Map<string, Expense>();
          const apply = async ({ wallet, kind, pick }: { wallet: number; kind: string; pick: number }) => {
            const walletId = walletIds[wallet] ?? owner.walletId;
            const ids = [...current.values()].filter((e) => e.walletId === walletId).map((e) => e.id);
            const target = current.get(ids[pick % Math.max(ids.length, 1)] ?? '');
            if (kind === 'create' || !target) {
              const created = await createExpense(app(), owner, { walletId, note: `n${String(pick)}` });
              current.set(created.id, created);
            } else if (kind === 'delete') {
              await remove(owner, target.id);
              current.delete(target.id);
            } else {
              const result = await pushOne(
                app(),
                owner,
                'editor',
                updateMutation(target, { note: `u${String(pick)}` }),
              );
              if (result.expense) current.set(target.id, result.expense);
            }
          };
          for (const step of before) await apply(step);
          await compact();

          const copy = new Map<string, Expense>();
          const pending = [...during];
          let cursor: string | null = null;
          for (;;) {
            const page = await pull(app(), owner, cursor, limit);
            if (page.reset) throw new Error(`unexpected reset: ${page.reason}`);
            applyTo(copy, page.changes);
            cursor = page.cursor;
            const step = pending.shift();
            if (step) await apply(step);
            else if (!page.hasMore) break;
          }
          const server = new Map<string, Expense>();
          for (const walletId of walletIds) {
            for (const [id, expense] of await serverExpenses(app(), owner, walletId)) server.set(id, expense);
          }
          expect(copy).toEqual(server);
        }),
        { numRuns: 10 },
      );
    }, 60_000);

    it('resets a download in progress once a row it already sent was deleted and compacted', async () => {
      const user = await registerUser(app());
      await seedWithDeletion(user, user.walletId);
      const first = await pull(app(), user, null, 2);
      if (first.reset) throw new Error(`unexpected reset: ${first.reason}`);
      const [sent] = first.changes;
      await remove(user, sent ? idOf(sent) : '');
      await compact();
      expect(await pull(app(), user, first.cursor, 2)).toEqual({ reset: true, reason: 'cursor_expired' });
    });

    it('continues a version cursor of the earlier format above the horizon and resets one behind it', async () => {
      const user = await registerUser(app());
      const live = await seedWithDeletion(user, user.walletId);
      await compact();
      const { epoch } = await db().selectFrom('sync_state').select('epoch').executeTakeFirstOrThrow();
      const issued = (version: number) =>
        Buffer.from(JSON.stringify({ f: 1, e: epoch, w: { [user.walletId]: version } })).toString('base64url');

      const latest = live.at(-1)?.version ?? 0;
      expect(await pull(app(), user, issued(latest))).toMatchObject({ reset: false, changes: [] });
      const added = await createExpense(app(), user);
      expect(await pull(app(), user, issued(latest))).toMatchObject({
        reset: false,
        changes: [{ op: 'upsert', expense: added }],
      });
      // What the earlier format wrote for a wallet its first download had not finished.
      expect(await pull(app(), user, issued(0))).toEqual({ reset: true, reason: 'cursor_expired' });
    });
  });

  it('returns expenses exactly as GET /expenses/:id does', async () => {
    const user = await registerUser(app(), { currency: 'KWD' });
    const expense = await createExpense(app(), user, { amount: '1.5', note: 'three digits' });
    const { changes } = await pullAll(app(), user, null);
    const fetched = (
      await app().inject({ method: 'GET', url: `${API}/expenses/${expense.id}`, headers: user.auth })
    ).json<Expense>();
    expect(changes).toEqual([{ op: 'upsert', expense: fetched }]);
    expect(fetched.amount).toBe('1.500');
  });
});
