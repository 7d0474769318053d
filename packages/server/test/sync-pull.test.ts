import { randomUUID } from 'node:crypto';
import type { Expense, PullPage } from '@ttm/contract';
import { describe, expect, it } from 'vitest';
import { compactSyncHistory } from '../src/modules/sync/compaction.js';
import { describeEachDatabase } from './support/app.js';
import { addMember, API, createExpense, createSharedWallet, registerUser } from './support/factories.js';
import { deleteMutation, listConflicts, pull, pullAll, pushOne, updateMutation } from './support/sync.js';

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
