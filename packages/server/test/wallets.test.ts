import type { CreatedInvite, Expense, ExpensePage, Member, PendingInvite, Problem, Role, Wallet } from '@ttm/contract';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from './support/app.js';
import { API, createExpense, PASSWORD, registerUser, type TestUser, uniqueEmail } from './support/factories.js';

describeEachDatabase('wallets', (ctx) => {
  const app = () => ctx().app;

  function call(
    user: TestUser,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    payload?: object,
    headers?: Record<string, string>,
  ) {
    return app().inject({
      method,
      url: `${API}${path}`,
      headers: { ...user.auth, ...headers },
      ...(payload ? { payload } : {}),
    });
  }

  async function get<T>(user: TestUser, path: string): Promise<T> {
    const response = await call(user, 'GET', path);
    expect(response.statusCode, `${path}: ${response.body}`).toBe(200);
    return response.json<T>();
  }

  function expectProblem(response: LightMyRequestResponse, status: number, code: string) {
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json<Problem>()).toMatchObject({ status, code });
  }

  async function createWallet(owner: TestUser, name = 'Trip to Lisbon'): Promise<Wallet> {
    const response = await call(owner, 'POST', '/wallets', { name, currency: 'EUR' });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<Wallet>();
  }

  async function addMember(
    owner: TestUser,
    walletId: string,
    role: 'editor' | 'viewer',
    prefix: string = role,
  ): Promise<TestUser> {
    const member = await registerUser(app(), { email: uniqueEmail(prefix) });
    const invite = await call(owner, 'POST', `/wallets/${walletId}/invites`, { email: member.email, role });
    expect(invite.statusCode, invite.body).toBe(201);
    const accepted = await call(member, 'POST', `/invites/${invite.json<CreatedInvite>().id}/accept`);
    expect(accepted.statusCode, accepted.body).toBe(200);
    return member;
  }

  async function roles(user: TestUser, walletId: string) {
    return (await get<Member[]>(user, `/wallets/${walletId}/members`))
      .map(({ userId, role }) => ({ userId, role }))
      .sort((a, b) => a.userId.localeCompare(b.userId));
  }

  function sorted(entries: readonly { userId: string; role: Role }[]) {
    return [...entries].sort((a, b) => a.userId.localeCompare(b.userId));
  }

  const setRole = (by: TestUser, walletId: string, userId: string, role: Role) =>
    call(by, 'PATCH', `/wallets/${walletId}/members/${userId}`, { role });
  const removeMember = (by: TestUser, walletId: string, userId: string) =>
    call(by, 'DELETE', `/wallets/${walletId}/members/${userId}`);

  describe('CRUD', () => {
    it('POST /wallets returns 201 with a Location, the caller as owner, and the wallet in GET /wallets and GET /wallets/:id', async () => {
      const owner = await registerUser(app());
      const response = await call(owner, 'POST', '/wallets', { name: '  Household  ', currency: 'usd' });
      expect(response.statusCode, response.body).toBe(201);
      const wallet = response.json<Wallet>();
      expect(wallet).toEqual({
        id: wallet.id,
        name: 'Household',
        currency: 'USD',
        role: 'owner',
        personal: false,
        version: 0,
        timeZone: 'UTC',
        createdAt: wallet.createdAt,
      });
      expect(response.headers['location']).toBe(`${API}/wallets/${wallet.id}`);
      expect(Number.isNaN(Date.parse(wallet.createdAt))).toBe(false);

      expect((await get<Wallet[]>(owner, '/wallets')).map((w) => w.id)).toEqual([owner.walletId, wallet.id]);
      expect(await get<Wallet>(owner, `/wallets/${wallet.id}`)).toEqual(wallet);
      expect(await roles(owner, wallet.id)).toEqual([{ userId: owner.id, role: 'owner' }]);
      const expense = await createExpense(app(), owner, { walletId: wallet.id, amount: '10' });
      expect(expense).toMatchObject({ walletId: wallet.id, currency: 'USD', amount: '10.00', createdBy: owner.id });
    });

    it('POST /wallets returns 400 validation_failed for an empty name or an unknown currency and creates nothing', async () => {
      const owner = await registerUser(app());
      expectProblem(await call(owner, 'POST', '/wallets', { name: '   ', currency: 'EUR' }), 400, 'validation_failed');
      expectProblem(await call(owner, 'POST', '/wallets', { name: 'Trip', currency: 'XXQ' }), 400, 'validation_failed');
      expect((await get<Wallet[]>(owner, '/wallets')).map((w) => w.id)).toEqual([owner.walletId]);
    });

    it('PATCH /wallets/:id renames the wallet for every member', async () => {
      const owner = await registerUser(app());
      const wallet = await createWallet(owner);
      const editor = await addMember(owner, wallet.id, 'editor');

      const response = await call(owner, 'PATCH', `/wallets/${wallet.id}`, { name: 'Trip to Porto' });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json<Wallet>()).toEqual({ ...wallet, name: 'Trip to Porto' });
      expect((await get<Wallet>(editor, `/wallets/${wallet.id}`)).name).toBe('Trip to Porto');
      expect((await get<Wallet[]>(editor, '/wallets')).find((w) => w.id === wallet.id)?.name).toBe('Trip to Porto');
    });

    it('DELETE /wallets/:id returns 204 and removes the wallet, its expenses, memberships and invites for everyone', async () => {
      const owner = await registerUser(app());
      const wallet = await createWallet(owner);
      const editor = await addMember(owner, wallet.id, 'editor');
      const invitee = await registerUser(app());
      const pending = await call(owner, 'POST', `/wallets/${wallet.id}/invites`, {
        email: invitee.email,
        role: 'viewer',
      });
      expect(pending.statusCode).toBe(201);
      const shared = [
        await createExpense(app(), owner, { walletId: wallet.id, category: 'Hotel' }),
        await createExpense(app(), editor, { walletId: wallet.id, category: 'Train' }),
      ];
      const personal = await createExpense(app(), owner);

      const deleted = await call(owner, 'DELETE', `/wallets/${wallet.id}`);
      expect(deleted.statusCode, deleted.body).toBe(204);

      for (const user of [owner, editor]) {
        expectProblem(await call(user, 'GET', `/wallets/${wallet.id}`), 404, 'not_found');
        expectProblem(await call(user, 'GET', `/expenses?walletId=${wallet.id}`), 404, 'not_found');
        for (const expense of shared)
          expectProblem(await call(user, 'GET', `/expenses/${expense.id}`), 404, 'not_found');
        expect((await get<Wallet[]>(user, '/wallets')).map((w) => w.id)).toEqual([user.walletId]);
      }
      expect(await get<PendingInvite[]>(invitee, '/invites')).toEqual([]);
      expectProblem(
        await call(invitee, 'POST', `/invites/${pending.json<CreatedInvite>().id}/accept`),
        404,
        'not_found',
      );

      const db = ctx().database.db;
      expect(await db.selectFrom('expenses').select('id').where('wallet_id', '=', wallet.id).execute()).toEqual([]);
      expect(
        await db.selectFrom('wallet_members').select('user_id').where('wallet_id', '=', wallet.id).execute(),
      ).toEqual([]);
      expect(await db.selectFrom('categories').select('key').where('wallet_id', '=', wallet.id).execute()).toEqual([]);
      expect(await db.selectFrom('invites').select('id').where('wallet_id', '=', wallet.id).execute()).toEqual([]);
      // The owner's personal wallet is untouched.
      expect((await get<Expense>(owner, `/expenses/${personal.id}`)).id).toBe(personal.id);
    });

    it('DELETE /wallets/:id of the personal wallet returns 409 personal_wallet and keeps it with its expenses', async () => {
      const owner = await registerUser(app());
      const expense = await createExpense(app(), owner);
      expectProblem(await call(owner, 'DELETE', `/wallets/${owner.walletId}`), 409, 'personal_wallet');
      expect((await get<Wallet>(owner, `/wallets/${owner.walletId}`)).personal).toBe(true);
      expect((await get<ExpensePage>(owner, '/expenses')).items.map((e) => e.id)).toEqual([expense.id]);
    });
  });

  describe('last-owner rules', () => {
    it('the sole owner gets 409 last_owner on leaving, demoting themself or being demoted, and stays owner', async () => {
      const owner = await registerUser(app());
      const wallet = await createWallet(owner);
      const editor = await addMember(owner, wallet.id, 'editor');
      const before = await roles(owner, wallet.id);

      expectProblem(await removeMember(owner, wallet.id, owner.id), 409, 'last_owner');
      expectProblem(await setRole(owner, wallet.id, owner.id, 'editor'), 409, 'last_owner');
      expectProblem(await setRole(owner, wallet.id, owner.id, 'viewer'), 409, 'last_owner');
      // Nobody else can remove or demote them: only owners manage members.
      expectProblem(await removeMember(editor, wallet.id, owner.id), 403, 'forbidden');
      expectProblem(await setRole(editor, wallet.id, owner.id, 'viewer'), 403, 'forbidden');

      expect(await roles(owner, wallet.id)).toEqual(before);
      expect((await get<Wallet>(owner, `/wallets/${wallet.id}`)).role).toBe('owner');
    });

    it('after making another member owner, the first owner can step down to viewer, and the new sole owner cannot leave', async () => {
      const first = await registerUser(app());
      const wallet = await createWallet(first);
      const second = await addMember(first, wallet.id, 'editor');

      const promoted = await setRole(first, wallet.id, second.id, 'owner');
      expect(promoted.statusCode, promoted.body).toBe(200);
      expect(promoted.json<Member>()).toMatchObject({ userId: second.id, email: second.email, role: 'owner' });

      const stepped = await setRole(first, wallet.id, first.id, 'viewer');
      expect(stepped.statusCode, stepped.body).toBe(200);
      expect(await roles(second, wallet.id)).toEqual(
        sorted([
          { userId: first.id, role: 'viewer' },
          { userId: second.id, role: 'owner' },
        ]),
      );
      expect((await get<Wallet>(first, `/wallets/${wallet.id}`)).role).toBe('viewer');
      expectProblem(await call(first, 'PATCH', `/wallets/${wallet.id}`, { name: 'Mine again' }), 403, 'forbidden');
      expectProblem(await setRole(first, wallet.id, first.id, 'owner'), 403, 'forbidden');

      expectProblem(await removeMember(second, wallet.id, second.id), 409, 'last_owner');
      expectProblem(await setRole(second, wallet.id, second.id, 'editor'), 409, 'last_owner');
    });

    it('after making another member owner, the first owner can leave and loses access', async () => {
      const first = await registerUser(app());
      const wallet = await createWallet(first);
      const second = await addMember(first, wallet.id, 'viewer');
      expect((await setRole(first, wallet.id, second.id, 'owner')).statusCode).toBe(200);

      const left = await removeMember(first, wallet.id, first.id);
      expect(left.statusCode, left.body).toBe(204);
      expectProblem(await call(first, 'GET', `/wallets/${wallet.id}`), 404, 'not_found');
      expect(await roles(second, wallet.id)).toEqual([{ userId: second.id, role: 'owner' }]);
      expect((await get<Wallet>(second, `/wallets/${wallet.id}`)).role).toBe('owner');
    });

    it('with two owners, one owner can remove the other', async () => {
      const first = await registerUser(app());
      const wallet = await createWallet(first);
      const second = await addMember(first, wallet.id, 'editor');
      expect((await setRole(first, wallet.id, second.id, 'owner')).statusCode).toBe(200);

      const removed = await removeMember(second, wallet.id, first.id);
      expect(removed.statusCode, removed.body).toBe(204);
      expect(await roles(second, wallet.id)).toEqual([{ userId: second.id, role: 'owner' }]);
    });
  });

  describe('leaving and removal', () => {
    it('PATCH and DELETE /wallets/:id/members/:userId of someone who is not a member return 404 not_found', async () => {
      const owner = await registerUser(app());
      const wallet = await createWallet(owner);
      const outsider = await registerUser(app());
      expectProblem(await setRole(owner, wallet.id, outsider.id, 'editor'), 404, 'not_found');
      expectProblem(await removeMember(owner, wallet.id, outsider.id), 404, 'not_found');
      expectProblem(await call(outsider, 'GET', `/wallets/${wallet.id}`), 404, 'not_found');
      expect(await roles(owner, wallet.id)).toEqual([{ userId: owner.id, role: 'owner' }]);
    });

    it('an editor and a viewer can leave (DELETE their own membership); what they added stays, credited to them', async () => {
      const owner = await registerUser(app());
      const wallet = await createWallet(owner);
      const editor = await addMember(owner, wallet.id, 'editor');
      const viewer = await addMember(owner, wallet.id, 'viewer');
      const added = await createExpense(app(), editor, { walletId: wallet.id, note: 'from the editor' });

      for (const member of [editor, viewer]) {
        const left = await removeMember(member, wallet.id, member.id);
        expect(left.statusCode, left.body).toBe(204);
        expectProblem(await call(member, 'GET', `/wallets/${wallet.id}`), 404, 'not_found');
        expect((await get<Wallet[]>(member, '/wallets')).map((w) => w.id)).toEqual([member.walletId]);
      }
      expect(await roles(owner, wallet.id)).toEqual([{ userId: owner.id, role: 'owner' }]);
      expect(await get<Expense>(owner, `/expenses/${added.id}`)).toMatchObject({
        createdBy: editor.id,
        note: 'from the editor',
      });
      expectProblem(await call(editor, 'GET', `/expenses/${added.id}`), 404, 'not_found');
    });

    it('a removed member loses access on the very next request, with an access token issued before the removal', async () => {
      const owner = await registerUser(app());
      const wallet = await createWallet(owner);
      const editor = await addMember(owner, wallet.id, 'editor');
      // A second session, signed in before the removal.
      const login = await app().inject({
        method: 'POST',
        url: `${API}/auth/login`,
        payload: { email: editor.email, password: PASSWORD },
      });
      expect(login.statusCode, login.body).toBe(200);
      const other: TestUser = {
        ...editor,
        auth: { authorization: `Bearer ${login.json<{ accessToken: string }>().accessToken}` },
      };
      const expense = await createExpense(app(), owner, { walletId: wallet.id, category: 'Fuel' });
      expect((await call(editor, 'GET', `/expenses/${expense.id}`)).statusCode).toBe(200);
      expect((await call(other, 'GET', `/wallets/${wallet.id}`)).statusCode).toBe(200);

      expect((await removeMember(owner, wallet.id, editor.id)).statusCode).toBe(204);

      for (const user of [editor, other]) {
        expectProblem(await call(user, 'GET', `/wallets/${wallet.id}`), 404, 'not_found');
        expectProblem(await call(user, 'GET', `/wallets/${wallet.id}/members`), 404, 'not_found');
        expectProblem(await call(user, 'GET', `/expenses?walletId=${wallet.id}`), 404, 'not_found');
        expectProblem(await call(user, 'GET', `/categories?walletId=${wallet.id}`), 404, 'not_found');
        expectProblem(await call(user, 'GET', `/expenses/${expense.id}`), 404, 'not_found');
        expectProblem(await call(user, 'PATCH', `/expenses/${expense.id}`, { note: 'still here?' }), 404, 'not_found');
        expectProblem(await call(user, 'DELETE', `/expenses/${expense.id}`), 404, 'not_found');
        expectProblem(
          await call(user, 'POST', '/expenses', {
            walletId: wallet.id,
            amount: '1.00',
            category: 'x',
            date: '2026-11-21',
          }),
          404,
          'not_found',
        );
        expect((await get<Wallet[]>(user, '/wallets')).map((w) => w.id)).toEqual([editor.walletId]);
        // Their own data is still theirs.
        expect((await call(user, 'GET', `/wallets/${editor.walletId}`)).statusCode).toBe(200);
      }
      expect(await get<Expense>(owner, `/expenses/${expense.id}`)).toEqual(expense);
      expect((await get<ExpensePage>(owner, `/expenses?walletId=${wallet.id}`)).items).toHaveLength(1);
    });

    it('deleting a wallet takes effect at once for members holding access tokens issued before', async () => {
      const owner = await registerUser(app());
      const wallet = await createWallet(owner);
      const viewer = await addMember(owner, wallet.id, 'viewer');
      expect((await call(viewer, 'GET', `/wallets/${wallet.id}`)).statusCode).toBe(200);
      expect((await call(owner, 'DELETE', `/wallets/${wallet.id}`)).statusCode).toBe(204);
      expectProblem(await call(viewer, 'GET', `/wallets/${wallet.id}`), 404, 'not_found');
      expectProblem(await call(viewer, 'GET', `/expenses?walletId=${wallet.id}`), 404, 'not_found');
    });
  });

  describe('concurrent changes', () => {
    it('deleting a wallet while a member adds and edits expenses answers every write 2xx or 404 and leaves no expense behind', async () => {
      for (let round = 0; round < 8; round += 1) {
        const owner = await registerUser(app());
        const wallet = await createWallet(owner);
        const editor = await addMember(owner, wallet.id, 'editor');
        const existing = await createExpense(app(), editor, { walletId: wallet.id });
        const write = (i: number) =>
          i % 2 === 0
            ? call(editor, 'POST', '/expenses', {
                walletId: wallet.id,
                amount: '1.00',
                category: 'Race',
                date: '2026-11-21',
              })
            : call(editor, 'PATCH', `/expenses/${existing.id}`, { note: `edit ${String(i)}` });
        const answers = await Promise.all([
          ...Array.from({ length: 4 }, (_, i) => write(i)),
          call(owner, 'DELETE', `/wallets/${wallet.id}`),
          ...Array.from({ length: 4 }, (_, i) => write(i + 4)),
        ]);
        expect(answers[4]?.statusCode).toBe(204);
        for (const answer of answers) expect([200, 201, 204, 404], answer.body).toContain(answer.statusCode);
        const left = await ctx()
          .database.db.selectFrom('expenses')
          .select('id')
          .where('wallet_id', '=', wallet.id)
          .execute();
        expect(left).toEqual([]);
      }
    });

    it('two members editing different expenses at once both keep their changes', async () => {
      const owner = await registerUser(app());
      const wallet = await createWallet(owner);
      const editor = await addMember(owner, wallet.id, 'editor');
      const first = await createExpense(app(), owner, { walletId: wallet.id, amount: '10.00' });
      const second = await createExpense(app(), editor, { walletId: wallet.id, amount: '20.00' });

      const answers = await Promise.all([
        call(owner, 'PATCH', `/expenses/${first.id}`, { amount: '11.00', note: 'owner edit' }),
        call(editor, 'PATCH', `/expenses/${second.id}`, { amount: '22.00', category: 'Museum' }),
      ]);
      expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200]);
      expect(await get<Expense>(editor, `/expenses/${first.id}`)).toMatchObject({
        amount: '11.00',
        note: 'owner edit',
      });
      expect(await get<Expense>(owner, `/expenses/${second.id}`)).toMatchObject({
        amount: '22.00',
        category: 'Museum',
      });
    });

    it('two members editing different fields of one expense at once both keep their changes', async () => {
      const owner = await registerUser(app());
      const wallet = await createWallet(owner);
      const editor = await addMember(owner, wallet.id, 'editor');
      for (let round = 0; round < 5; round += 1) {
        const expense = await createExpense(app(), owner, {
          walletId: wallet.id,
          amount: '10.00',
          category: 'Food',
          note: 'start',
        });
        const answers = await Promise.all([
          call(owner, 'PATCH', `/expenses/${expense.id}`, { amount: `${String(30 + round)}.00` }),
          call(editor, 'PATCH', `/expenses/${expense.id}`, { note: `note ${String(round)}`, category: 'Dinner' }),
        ]);
        expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200]);
        const stored = await get<Expense>(owner, `/expenses/${expense.id}`);
        expect(stored).toMatchObject({
          amount: `${String(30 + round)}.00`,
          note: `note ${String(round)}`,
          category: 'Dinner',
          date: expense.date,
        });
        expect(stored.version).toBeGreaterThan(expense.version + 1);
      }
    });

    it('two members editing one expense at once with the same If-Match: one 200, one 412 version_mismatch, the winner stored', async () => {
      const owner = await registerUser(app());
      const wallet = await createWallet(owner);
      const editor = await addMember(owner, wallet.id, 'editor');
      const expense = await createExpense(app(), owner, { walletId: wallet.id, amount: '10.00' });
      const ifMatch = { 'if-match': `"${String(expense.version)}"` };

      const answers = await Promise.all([
        call(owner, 'PATCH', `/expenses/${expense.id}`, { amount: '11.00' }, ifMatch),
        call(editor, 'PATCH', `/expenses/${expense.id}`, { amount: '12.00' }, ifMatch),
      ]);
      expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 412]);
      const loser = answers.find((answer) => answer.statusCode === 412);
      expect(loser?.json<Problem>().code).toBe('version_mismatch');
      const winner = answers.find((answer) => answer.statusCode === 200)?.json<Expense>();
      const stored = await get<Expense>(editor, `/expenses/${expense.id}`);
      expect(stored.amount).toBe(winner?.amount);
      expect(stored.version).toBe(winner?.version);
    });

    it(`two owners demoting each other at once never leave the wallet without an owner`, async () => {
      for (let round = 0; round < 6; round += 1) {
        const first = await registerUser(app());
        const wallet = await createWallet(first);
        const second = await addMember(first, wallet.id, 'editor');
        expect((await setRole(first, wallet.id, second.id, 'owner')).statusCode).toBe(200);

        const answers = await Promise.all([
          setRole(first, wallet.id, second.id, 'editor'),
          setRole(second, wallet.id, first.id, 'viewer'),
        ]);
        // One demotion wins. The other is refused: 409 last_owner when it raced the winner to the
        // lock, 403 forbidden when its caller was already demoted by the time it was checked.
        const statuses = answers.map((answer) => answer.statusCode).sort();
        expect([
          [200, 403],
          [200, 409],
        ]).toContainEqual(statuses);
        const loser = answers.find((answer) => answer.statusCode !== 200)?.json<Problem>();
        expect(loser?.code).toBe(loser?.status === 409 ? 'last_owner' : 'forbidden');
        const owners = (
          await ctx()
            .database.db.selectFrom('wallet_members')
            .select('user_id')
            .where('wallet_id', '=', wallet.id)
            .where('role', '=', 'owner')
            .execute()
        ).map((row) => row.user_id);
        expect(owners).toHaveLength(1);
      }
    });

    it('two owners leaving at once never leave the wallet without an owner', async () => {
      for (let round = 0; round < 6; round += 1) {
        const first = await registerUser(app());
        const wallet = await createWallet(first);
        const second = await addMember(first, wallet.id, 'viewer');
        expect((await setRole(first, wallet.id, second.id, 'owner')).statusCode).toBe(200);

        const answers = await Promise.all([
          removeMember(first, wallet.id, first.id),
          removeMember(second, wallet.id, second.id),
        ]);
        expect(answers.map((answer) => answer.statusCode).sort()).toEqual([204, 409]);
        expect(answers.find((answer) => answer.statusCode === 409)?.json<Problem>().code).toBe('last_owner');
        const remaining = await ctx()
          .database.db.selectFrom('wallet_members')
          .select(['user_id', 'role'])
          .where('wallet_id', '=', wallet.id)
          .execute();
        expect(remaining).toHaveLength(1);
        expect(remaining[0]?.role).toBe('owner');
      }
    });
  });
});
