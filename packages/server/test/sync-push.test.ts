import { randomUUID } from 'node:crypto';
import { type Conflict, type Expense, MAX_PUSH_MUTATIONS, type Wallet } from '@ttm/contract';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from './support/app.js';
import { addMember, API, createExpense, createSharedWallet, registerUser, type TestUser } from './support/factories.js';
import {
  createMutation,
  deleteMutation,
  getExpense,
  listConflicts,
  pullAll,
  push,
  pushOne,
  updateMutation,
} from './support/sync.js';
import { expectAggregatesMatchExpenses } from './support/sync-totals.js';

describeEachDatabase('POST /sync/push', (ctx) => {
  const app = () => ctx().app;

  async function household(): Promise<{ owner: TestUser; editor: TestUser; viewer: TestUser; wallet: Wallet }> {
    const [owner, editor, viewer] = await Promise.all([registerUser(app()), registerUser(app()), registerUser(app())]);
    const wallet = await createSharedWallet(app(), owner);
    await addMember(app(), owner, wallet.id, editor, 'editor');
    await addMember(app(), owner, wallet.id, viewer, 'viewer');
    return { owner, editor, viewer, wallet };
  }

  const patch = async (user: TestUser, id: string, payload: Record<string, unknown>) => {
    const response = await app().inject({ method: 'PATCH', url: `${API}/expenses/${id}`, headers: user.auth, payload });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Expense>();
  };

  const walletVersion = async (walletId: string) =>
    (
      await ctx()
        .database.db.selectFrom('wallets')
        .select('version')
        .where('id', '=', walletId)
        .executeTakeFirstOrThrow()
    ).version;

  describe('applied', () => {
    it('creates, updates and deletes in order, keeping totals, categories and the history in step', async () => {
      const user = await registerUser(app());
      const create = createMutation(user.walletId, { amount: '12.50', category: 'Food', note: 'lunch' });
      const created = await pushOne(app(), user, 'phone', create);
      expect(created).toMatchObject({ status: 'applied', reason: null, deleted: false, conflictId: null });
      expect(created.expense).toMatchObject({ id: create.expenseId, amount: '12.50', category: 'Food', note: 'lunch' });
      expect((await getExpense(app(), user, create.expenseId)).json<Expense>()).toEqual(created.expense);
      await expectAggregatesMatchExpenses(app(), user, user.walletId);

      const expense = created.expense as Expense;
      const updated = await pushOne(app(), user, 'phone', updateMutation(expense, { amount: '20', category: 'Rent' }));
      expect(updated.status).toBe('applied');
      expect(updated.expense).toMatchObject({ amount: '20.00', category: 'Rent', note: 'lunch' });
      await expectAggregatesMatchExpenses(app(), user, user.walletId);

      const deleted = await pushOne(app(), user, 'phone', deleteMutation(updated.expense as Expense));
      expect(deleted).toMatchObject({ status: 'applied', expense: null, deleted: true });
      expect((await getExpense(app(), user, create.expenseId)).statusCode).toBe(404);
      await expectAggregatesMatchExpenses(app(), user, user.walletId);
    });

    it("applies a device's own queued edits in one batch, even before its create was acknowledged", async () => {
      const user = await registerUser(app());
      const create = createMutation(user.walletId, { amount: '1.00', note: 'draft' });
      const own = { id: create.expenseId, walletId: user.walletId, version: 0 };
      const { results } = await push(app(), user, 'laptop', [
        create,
        updateMutation(own, { amount: '2.00' }),
        updateMutation(own, { amount: '3.00', note: 'final' }),
      ]);
      expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
      expect(results[2]?.expense).toMatchObject({ amount: '3.00', note: 'final' });
    });

    it('treats an edit to the value the server already has as applied, not as a conflict', async () => {
      const user = await registerUser(app());
      const expense = await createExpense(app(), user, { note: 'a' });
      await patch(user, expense.id, { note: 'same' });
      const result = await pushOne(app(), user, 'phone', updateMutation(expense, { note: 'same' }));
      expect(result).toMatchObject({ status: 'applied', conflictId: null });
    });

    it('answers an earlier REST create of the same id and content as applied, without a second expense', async () => {
      const user = await registerUser(app());
      const expense = await createExpense(app(), user, { amount: '10.00', category: 'Groceries', date: '2026-03-01' });
      const result = await pushOne(
        app(),
        user,
        'phone',
        createMutation(user.walletId, { amount: '10', category: 'groceries', date: '2026-03-01' }, expense.id),
      );
      expect(result).toMatchObject({ status: 'applied', expense });
      await expectAggregatesMatchExpenses(app(), user, user.walletId);
    });
  });

  describe('idempotency', () => {
    it('replays the stored result for a retried batch and writes nothing the second time', async () => {
      const user = await registerUser(app());
      const expense = await createExpense(app(), user);
      const mutations = [
        createMutation(user.walletId, { amount: '5.00' }),
        updateMutation(expense, { note: 'edited' }),
        createMutation(user.walletId, { amount: '-1' }),
      ];
      const first = await push(app(), user, 'tablet', mutations);
      const version = await walletVersion(user.walletId);
      const second = await push(app(), user, 'tablet', mutations);
      expect(second).toEqual(first);
      expect(first.results.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected']);
      expect(await walletVersion(user.walletId)).toBe(version);
      await expectAggregatesMatchExpenses(app(), user, user.walletId);
    });

    it('answers a late retry with the stored outcome and the expense as it is now, undoing nothing', async () => {
      const user = await registerUser(app());
      const expense = await createExpense(app(), user, { note: 'v1' });
      const edit = updateMutation(expense, { note: 'v2' });
      const first = await pushOne(app(), user, 'phone', edit);
      const newer = await patch(user, expense.id, { note: 'v3' });
      expect(await pushOne(app(), user, 'phone', edit)).toEqual({ ...first, expense: newer });
      expect((await getExpense(app(), user, expense.id)).json<Expense>()).toEqual(newer);
    });

    it('answers a late retry of a create whose expense was deleted since with deleted, not the old expense', async () => {
      const user = await registerUser(app());
      const create = createMutation(user.walletId);
      const first = await pushOne(app(), user, 'phone', create);
      await app().inject({ method: 'DELETE', url: `${API}/expenses/${create.expenseId}`, headers: user.auth });
      expect(await pushOne(app(), user, 'phone', create)).toEqual({ ...first, expense: null, deleted: true });
    });

    it('handles the same mutation sent twice at once (duplicated request) exactly once', async () => {
      const user = await registerUser(app());
      const create = createMutation(user.walletId, { amount: '7.00' });
      const [a, b] = await Promise.all([push(app(), user, 'phone', [create]), push(app(), user, 'phone', [create])]);
      expect(a).toEqual(b);
      await expectAggregatesMatchExpenses(app(), user, user.walletId);
      const count = await ctx()
        .database.db.selectFrom('expenses')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('wallet_id', '=', user.walletId)
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(1);
    });

    it('scopes mutation ids to the client: another device may use the same mutationId', async () => {
      const user = await registerUser(app());
      const mutationId = 'm-1';
      const one = await pushOne(app(), user, 'phone', { ...createMutation(user.walletId), mutationId });
      const two = await pushOne(app(), user, 'laptop', { ...createMutation(user.walletId), mutationId });
      expect([one.status, two.status]).toEqual(['applied', 'applied']);
      expect(one.expenseId).not.toBe(two.expenseId);
    });

    it('rejects a reused mutationId with different content as mutation_id_reused, writing nothing', async () => {
      const user = await registerUser(app());
      const create = createMutation(user.walletId, { amount: '1.00' });
      await pushOne(app(), user, 'phone', create);
      const version = await walletVersion(user.walletId);
      const reused = await pushOne(app(), user, 'phone', { ...create, fields: { ...create.fields, amount: '2.00' } });
      expect(reused).toMatchObject({ status: 'rejected', reason: 'mutation_id_reused' });
      expect(await walletVersion(user.walletId)).toBe(version);
    });
  });

  describe('merge', () => {
    it('merges different fields changed on both sides (merged) and keeps both changes', async () => {
      const { owner, editor, wallet } = await household();
      const expense = await createExpense(app(), owner, { walletId: wallet.id, amount: '10.00', note: 'old' });
      await patch(owner, expense.id, { note: 'from the laptop' });
      const result = await pushOne(app(), editor, 'phone', updateMutation(expense, { amount: '11.00' }));
      expect(result).toMatchObject({ status: 'merged', conflictId: null });
      expect(result.expense).toMatchObject({ amount: '11.00', note: 'from the laptop' });
      await expectAggregatesMatchExpenses(app(), owner, wallet.id);
    });

    it('keeps the server value for a field changed on both sides, applies the rest and records the conflict', async () => {
      const { owner, editor, wallet } = await household();
      const expense = await createExpense(app(), owner, { walletId: wallet.id, amount: '10.00', note: 'old' });
      await patch(owner, expense.id, { amount: '30.00' });
      const result = await pushOne(
        app(),
        editor,
        'phone',
        updateMutation(expense, { amount: '15.00', note: 'phone note', category: 'Dining out' }),
      );
      expect(result.status).toBe('conflict');
      expect(result.message).toMatch(/amount/);
      expect(result.expense).toMatchObject({ amount: '30.00', note: 'phone note', category: 'Dining out' });
      const conflicts = await listConflicts(app(), owner, wallet.id);
      expect(conflicts).toHaveLength(1);
      expect(conflicts[0]).toMatchObject({
        id: result.conflictId,
        expenseId: expense.id,
        kind: 'field',
        fields: ['amount'],
        server: { amount: '30.00' },
        client: { amount: '15.00' },
        createdBy: editor.id,
        resolvedAt: null,
        expense: result.expense,
      });
      await expectAggregatesMatchExpenses(app(), owner, wallet.id);
    });

    it('records a conflict without writing when every changed field collides', async () => {
      const { owner, editor, wallet } = await household();
      const expense = await createExpense(app(), owner, { walletId: wallet.id, note: 'old' });
      const server = await patch(owner, expense.id, { note: 'owner' });
      const version = await walletVersion(wallet.id);
      const result = await pushOne(app(), editor, 'phone', updateMutation(expense, { note: 'editor' }));
      expect(result).toMatchObject({ status: 'conflict', expense: server });
      expect(await walletVersion(wallet.id)).toBe(version);
    });
  });

  describe('delete against edit', () => {
    it('deletes although others edited since (delete wins) and records what the deletion discarded', async () => {
      const { owner, editor, wallet } = await household();
      const expense = await createExpense(app(), owner, { walletId: wallet.id, amount: '10.00', note: 'old' });
      await patch(owner, expense.id, { note: 'important edit' });
      const result = await pushOne(app(), editor, 'phone', deleteMutation(expense));
      expect(result).toMatchObject({ status: 'conflict', deleted: true, expense: null });
      expect((await getExpense(app(), owner, expense.id)).statusCode).toBe(404);
      const [conflict] = await listConflicts(app(), owner, wallet.id);
      expect(conflict).toMatchObject({
        kind: 'delete_edited',
        fields: ['note'],
        server: { note: 'important edit' },
        client: null,
        expense: null,
      });
      await expectAggregatesMatchExpenses(app(), owner, wallet.id);
    });

    it('keeps a deletion over an offline edit and records the edit so it can be restored', async () => {
      const { owner, editor, wallet } = await household();
      const expense = await createExpense(app(), owner, { walletId: wallet.id, amount: '10.00' });
      await app().inject({ method: 'DELETE', url: `${API}/expenses/${expense.id}`, headers: owner.auth });
      const version = await walletVersion(wallet.id);
      const result = await pushOne(app(), editor, 'phone', updateMutation(expense, { amount: '99.00', note: 'mine' }));
      expect(result).toMatchObject({ status: 'conflict', deleted: true, expense: null });
      expect(await walletVersion(wallet.id)).toBe(version);
      const [conflict] = await listConflicts(app(), editor, wallet.id);
      expect(conflict).toMatchObject({
        kind: 'edit_deleted',
        fields: ['amount', 'note'],
        server: null,
        client: { amount: '99.00', note: 'mine' },
      });
    });

    it('answers a delete of an already deleted expense as applied', async () => {
      const user = await registerUser(app());
      const expense = await createExpense(app(), user);
      await pushOne(app(), user, 'a', deleteMutation(expense));
      expect(await pushOne(app(), user, 'b', deleteMutation(expense))).toMatchObject({
        status: 'applied',
        deleted: true,
      });
      await expectAggregatesMatchExpenses(app(), user, user.walletId);
    });
  });

  describe('rejected', () => {
    it('rejects every change by a viewer as forbidden, returning the expense unchanged', async () => {
      const { owner, viewer, wallet } = await household();
      const expense = await createExpense(app(), owner, { walletId: wallet.id });
      const { results } = await push(app(), viewer, 'phone', [
        createMutation(wallet.id),
        updateMutation(expense, { note: 'x' }),
        deleteMutation(expense),
      ]);
      expect(results.map((r) => [r.status, r.reason])).toEqual([
        ['rejected', 'forbidden'],
        ['rejected', 'forbidden'],
        ['rejected', 'forbidden'],
      ]);
      expect(results[1]?.expense).toEqual(expense);
      expect(results[0]?.message).toMatch(/Viewers/);
    });

    it("rejects changes to someone else's wallet or expense as not_found, like a missing one", async () => {
      const [alice, mallory] = await Promise.all([registerUser(app()), registerUser(app())]);
      const expense = await createExpense(app(), alice, { note: 'secret' });
      const { results } = await push(app(), mallory, 'evil', [
        createMutation(alice.walletId),
        updateMutation(expense, { note: 'pwned' }),
        // Her expense through his own wallet id:
        updateMutation({ ...expense, walletId: mallory.walletId }, { note: 'pwned' }),
        deleteMutation({ ...expense, walletId: mallory.walletId }),
        updateMutation({ id: randomUUID(), walletId: mallory.walletId, version: 1 }, { note: 'x' }),
      ]);
      for (const result of results) {
        expect(result).toMatchObject({ status: 'rejected', reason: 'not_found', expense: null });
      }
      // Her expense and one that does not exist are answered alike.
      const [theirs, missing] = (
        await push(app(), mallory, 'evil', [
          updateMutation(expense, { note: 'x' }),
          updateMutation({ ...expense, id: randomUUID() }, { note: 'x' }),
        ])
      ).results.map(({ mutationId: _m, expenseId: _e, ...rest }) => rest);
      expect(theirs).toEqual(missing);
      expect((await getExpense(app(), alice, expense.id)).json<Expense>().note).toBe('secret');
    });

    it('rejects values invalid for the wallet currency as validation_failed, and creates over a used id as id_conflict', async () => {
      const user = await registerUser(app(), { currency: 'JPY' });
      const existing = await createExpense(app(), user, { amount: '100' });
      const { results } = await push(app(), user, 'phone', [
        createMutation(user.walletId, { amount: '1.50' }),
        createMutation(user.walletId, { amount: '0' }),
        updateMutation(existing, { amount: '12.3' }),
        createMutation(user.walletId, { amount: '500' }, existing.id),
      ]);
      expect(results.map((r) => r.reason)).toEqual([
        'validation_failed',
        'validation_failed',
        'validation_failed',
        'id_conflict',
      ]);
      expect(results[0]?.message).toMatch(/amount/);
      await expectAggregatesMatchExpenses(app(), user, user.walletId);
    });

    it('applies the good mutations around a bad one; the bad one writes nothing', async () => {
      const user = await registerUser(app());
      const { results } = await push(app(), user, 'phone', [
        createMutation(user.walletId, { amount: '1.00' }),
        createMutation(user.walletId, { amount: '1.001' }),
        createMutation(user.walletId, { amount: '2.00' }),
      ]);
      expect(results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
      expect(await walletVersion(user.walletId)).toBe(2);
      await expectAggregatesMatchExpenses(app(), user, user.walletId);
    });

    it('answers 400 to malformed batches: too many mutations, missing fields, unknown op', async () => {
      const user = await registerUser(app());
      const tooMany = Array.from({ length: MAX_PUSH_MUTATIONS + 1 }, () => createMutation(user.walletId));
      for (const payload of [
        { clientId: 'x', mutations: tooMany },
        { clientId: 'x', mutations: [] },
        { clientId: '', mutations: [createMutation(user.walletId)] },
        { clientId: 'x', mutations: [{ ...createMutation(user.walletId), op: 'upsert' }] },
        {
          clientId: 'x',
          mutations: [{ ...updateMutation({ id: randomUUID(), walletId: user.walletId, version: 1 }, {}) }],
        },
        { clientId: 'x', mutations: [{ ...createMutation(user.walletId), fields: { amount: '1' } }] },
      ]) {
        const response = await app().inject({ method: 'POST', url: `${API}/sync/push`, headers: user.auth, payload });
        expect(response.statusCode, response.body).toBe(400);
        expect(response.json<{ code: string }>().code).toBe('validation_failed');
      }
    });

    it(`drains a backlog of ${String(MAX_PUSH_MUTATIONS)} mutations in one request`, async () => {
      const user = await registerUser(app());
      const mutations = Array.from({ length: MAX_PUSH_MUTATIONS }, (_, i) =>
        createMutation(user.walletId, { amount: `${String(i + 1)}.00`, note: 'n'.repeat(1000) }),
      );
      const { results } = await push(app(), user, 'phone', mutations);
      expect(results.every((r) => r.status === 'applied')).toBe(true);
      expect(await walletVersion(user.walletId)).toBe(MAX_PUSH_MUTATIONS);
    });
  });

  describe('membership removed while offline', () => {
    it("rejects the device's pending changes as not_found and lists the wallet in walletsRemoved", async () => {
      const { owner, editor, wallet } = await household();
      const expense = await createExpense(app(), owner, { walletId: wallet.id });
      const before = await pullAll(app(), editor, null);
      expect(before.walletsAdded.map((w) => w.id)).toContain(wallet.id);

      const removed = await app().inject({
        method: 'DELETE',
        url: `${API}/wallets/${wallet.id}/members/${editor.id}`,
        headers: owner.auth,
      });
      expect(removed.statusCode).toBe(204);

      const { results } = await push(app(), editor, 'phone', [
        createMutation(wallet.id),
        updateMutation(expense, { note: 'offline edit' }),
        deleteMutation(expense),
      ]);
      for (const result of results) {
        expect(result).toMatchObject({ status: 'rejected', reason: 'not_found', expense: null });
        expect(result.message).toMatch(/removed from the wallet/);
      }
      const after = await pullAll(app(), editor, before.cursor);
      expect(after.walletsRemoved).toEqual([wallet.id]);
      expect(after.changes).toEqual([]);
      expect((await getExpense(app(), owner, expense.id)).json<Expense>()).toEqual(expense);
    });

    it('rejects as forbidden once an editor was made a viewer', async () => {
      const { owner, editor, wallet } = await household();
      await app().inject({
        method: 'PATCH',
        url: `${API}/wallets/${wallet.id}/members/${editor.id}`,
        headers: owner.auth,
        payload: { role: 'viewer' },
      });
      expect(await pushOne(app(), editor, 'phone', createMutation(wallet.id))).toMatchObject({
        status: 'rejected',
        reason: 'forbidden',
      });
    });
  });
});

describeEachDatabase('conflicts', (ctx) => {
  const app = () => ctx().app;

  async function sharedConflict(kind: 'field' | 'edit_deleted' | 'delete_edited') {
    const [owner, editor, viewer] = await Promise.all([registerUser(app()), registerUser(app()), registerUser(app())]);
    const wallet = await createSharedWallet(app(), owner);
    await addMember(app(), owner, wallet.id, editor, 'editor');
    await addMember(app(), owner, wallet.id, viewer, 'viewer');
    const expense = await createExpense(app(), owner, {
      walletId: wallet.id,
      amount: '10.00',
      category: 'Food',
      note: 'base',
      date: '2026-04-01',
    });
    let result;
    if (kind === 'field') {
      await app().inject({
        method: 'PATCH',
        url: `${API}/expenses/${expense.id}`,
        headers: owner.auth,
        payload: { amount: '20.00' },
      });
      result = await pushOne(app(), editor, 'phone', updateMutation(expense, { amount: '15.00' }));
    } else if (kind === 'edit_deleted') {
      await app().inject({ method: 'DELETE', url: `${API}/expenses/${expense.id}`, headers: owner.auth });
      result = await pushOne(app(), editor, 'phone', updateMutation(expense, { amount: '15.00', note: 'mine' }));
    } else {
      await app().inject({
        method: 'PATCH',
        url: `${API}/expenses/${expense.id}`,
        headers: owner.auth,
        payload: { note: 'owner edit' },
      });
      result = await pushOne(app(), editor, 'phone', deleteMutation(expense));
    }
    expect(result.status).toBe('conflict');
    const conflictId = result.conflictId ?? '';
    return { owner, editor, viewer, wallet, expense, conflictId };
  }

  const resolve = (user: TestUser, id: string, payload: Record<string, unknown>) =>
    app().inject({ method: 'POST', url: `${API}/conflicts/${id}/resolve`, headers: user.auth, payload });

  it('resolving a field conflict with the client side writes it as a new version other devices pull', async () => {
    const { owner, editor, wallet, expense, conflictId } = await sharedConflict('field');
    const device = await pullAll(app(), owner, null);
    const response = await resolve(editor, conflictId, { choice: 'client' });
    expect(response.statusCode, response.body).toBe(200);
    const resolved = response.json<Conflict>();
    expect(resolved).toMatchObject({ resolution: 'client', resolvedBy: editor.id, expense: { amount: '15.00' } });
    const next = await pullAll(app(), owner, device.cursor);
    expect(next.changes).toEqual([{ op: 'upsert', expense: resolved.expense }]);
    expect(resolved.expense?.version).toBeGreaterThan(expense.version);
    expect(await listConflicts(app(), owner, wallet.id)).toEqual([]);
    await expectAggregatesMatchExpenses(app(), owner, wallet.id);
  });

  it('resolving a field conflict with the server side changes nothing and closes it', async () => {
    const { owner, wallet, expense, conflictId } = await sharedConflict('field');
    const before = (await getExpense(app(), owner, expense.id)).json<Expense>();
    const response = await resolve(owner, conflictId, { choice: 'server' });
    expect(response.json<Conflict>()).toMatchObject({ resolution: 'server', expense: before });
    expect((await getExpense(app(), owner, expense.id)).json<Expense>()).toEqual(before);
    expect(await listConflicts(app(), owner, wallet.id)).toEqual([]);
  });

  it('resolving with your own fields writes them', async () => {
    const { owner, conflictId } = await sharedConflict('field');
    const response = await resolve(owner, conflictId, { fields: { amount: '17.50', note: 'agreed' } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<Conflict>()).toMatchObject({
      resolution: 'fields',
      expense: { amount: '17.50', note: 'agreed' },
    });
  });

  it('an edit that met a deletion is restored with the edit when the client side is chosen', async () => {
    const { owner, editor, wallet, expense, conflictId } = await sharedConflict('edit_deleted');
    const device = await pullAll(app(), owner, null);
    const resolved = (await resolve(editor, conflictId, { choice: 'client' })).json<Conflict>();
    expect(resolved.expense).toMatchObject({
      id: expense.id,
      amount: '15.00',
      note: 'mine',
      category: 'Food',
      date: '2026-04-01',
      createdBy: owner.id,
    });
    expect((await getExpense(app(), owner, expense.id)).json<Expense>()).toEqual(resolved.expense);
    expect((await pullAll(app(), owner, device.cursor)).changes).toEqual([{ op: 'upsert', expense: resolved.expense }]);
    await expectAggregatesMatchExpenses(app(), owner, wallet.id);
  });

  it('an edit that met a deletion stays deleted when the server side is chosen', async () => {
    const { owner, expense, conflictId } = await sharedConflict('edit_deleted');
    const resolved = (await resolve(owner, conflictId, { choice: 'server' })).json<Conflict>();
    expect(resolved).toMatchObject({ resolution: 'server', expense: null });
    expect((await getExpense(app(), owner, expense.id)).statusCode).toBe(404);
  });

  it('a deletion that discarded edits is undone, edits included, when the server side is chosen', async () => {
    const { owner, wallet, expense, conflictId } = await sharedConflict('delete_edited');
    const resolved = (await resolve(owner, conflictId, { choice: 'server' })).json<Conflict>();
    expect(resolved.expense).toMatchObject({ id: expense.id, note: 'owner edit', amount: '10.00' });
    await expectAggregatesMatchExpenses(app(), owner, wallet.id);
  });

  it('a deletion that discarded edits stays when the client side is chosen', async () => {
    const { owner, expense, conflictId } = await sharedConflict('delete_edited');
    expect((await resolve(owner, conflictId, { choice: 'client' })).json<Conflict>().expense).toBeNull();
    expect((await getExpense(app(), owner, expense.id)).statusCode).toBe(404);
  });

  it('answers 409 already_resolved to a second resolution', async () => {
    const { owner, editor, conflictId } = await sharedConflict('field');
    expect((await resolve(owner, conflictId, { choice: 'server' })).statusCode).toBe(200);
    const again = await resolve(editor, conflictId, { choice: 'client' });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ code: string }>().code).toBe('already_resolved');
  });

  it('answers 404 to a former member for the conflicts of the wallet they left', async () => {
    const { owner, editor, wallet, conflictId } = await sharedConflict('field');
    await app().inject({
      method: 'DELETE',
      url: `${API}/wallets/${wallet.id}/members/${editor.id}`,
      headers: owner.auth,
    });
    const list = await app().inject({
      method: 'GET',
      url: `${API}/conflicts?walletId=${wallet.id}`,
      headers: editor.auth,
    });
    expect(list.statusCode).toBe(404);
    expect((await resolve(editor, conflictId, { choice: 'client' })).statusCode).toBe(404);
    expect(await listConflicts(app(), owner, wallet.id)).toHaveLength(1);
  });

  it('lets viewers list conflicts but not resolve them (403)', async () => {
    const { viewer, wallet, conflictId } = await sharedConflict('field');
    expect(await listConflicts(app(), viewer, wallet.id)).toHaveLength(1);
    const response = await resolve(viewer, conflictId, { choice: 'client' });
    expect(response.statusCode).toBe(403);
  });

  it("answers 404 byte-identical to a missing one for someone else's conflicts", async () => {
    const { wallet, conflictId } = await sharedConflict('field');
    const stranger = await registerUser(app());
    const theirs = await resolve(stranger, conflictId, { choice: 'client' });
    const missing = await resolve(stranger, randomUUID(), { choice: 'client' });
    expect(theirs.statusCode).toBe(404);
    expect(theirs.body).toBe(missing.body);
    const list = await app().inject({
      method: 'GET',
      url: `${API}/conflicts?walletId=${wallet.id}`,
      headers: stranger.auth,
    });
    const listMissing = await app().inject({
      method: 'GET',
      url: `${API}/conflicts?walletId=${randomUUID()}`,
      headers: stranger.auth,
    });
    expect(list.statusCode).toBe(404);
    expect(list.body).toBe(listMissing.body);
  });

  it('answers 400 to a resolution with both or neither of choice and fields, or a bad amount', async () => {
    const { owner, conflictId } = await sharedConflict('field');
    for (const payload of [
      {},
      { choice: 'mine' },
      { choice: 'client', fields: { note: 'x' } },
      { fields: {} },
      { fields: { amount: '1.234' } },
    ]) {
      const response = await resolve(owner, conflictId, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
    }
  });
});
