import type { Budget, Problem, Wallet } from '@ttm/contract';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from './support/app.js';
import { addMember, API, createExpense, createSharedWallet, registerUser, type TestUser } from './support/factories.js';

/** The app's "now": 2026-11-22, so the current month is 2026-11. */
const NOW = Date.parse('2026-11-22T12:00:00.000Z');

describeEachDatabase(
  'budgets',
  (ctx) => {
    const app = () => ctx().app;

    const budgetUrl = (category: string, walletId?: string) =>
      `${API}/budgets/${encodeURIComponent(category)}${walletId ? `?walletId=${walletId}` : ''}`;

    function put(user: TestUser, category: string, monthlyLimit: unknown, walletId?: string) {
      return app().inject({
        method: 'PUT',
        url: budgetUrl(category, walletId),
        headers: user.auth,
        payload: { monthlyLimit },
      });
    }

    async function putOk(user: TestUser, category: string, monthlyLimit: unknown, walletId?: string): Promise<Budget> {
      const response = await put(user, category, monthlyLimit, walletId);
      expect(response.statusCode, response.body).toBe(200);
      return response.json<Budget>();
    }

    function del(user: TestUser, category: string, walletId?: string) {
      return app().inject({ method: 'DELETE', url: budgetUrl(category, walletId), headers: user.auth });
    }

    async function list(user: TestUser, query = ''): Promise<Budget[]> {
      const response = await app().inject({ method: 'GET', url: `${API}/budgets${query}`, headers: user.auth });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<Budget[]>();
    }

    async function sharedWalletWith(owner: TestUser, guest: TestUser, role: 'editor' | 'viewer'): Promise<Wallet> {
      const wallet = await createSharedWallet(app(), owner, { name: 'Home' });
      await addMember(app(), owner, wallet.id, guest, role);
      return wallet;
    }

    describe('PUT /budgets/:category', () => {
      it("returns the budget with this month's spending, spelled as the wallet's category", async () => {
        const user = await registerUser(app());
        await createExpense(app(), user, { category: 'Food', amount: '30.00', date: '2026-11-01' });
        await createExpense(app(), user, { category: 'food', amount: '0.10', date: '2026-11-22' });
        await createExpense(app(), user, { category: 'Food', amount: '99.00', date: '2026-10-31' });
        const budget = await putOk(user, 'FOOD', '100');
        expect(budget).toEqual({
          category: 'Food',
          monthlyLimit: '100.00',
          spent: '30.10',
          remaining: '69.90',
          ratio: 0.301,
          status: 'ok',
        });
      });

      it('accepts a JSON number limit and replaces an earlier limit of the same category in any case', async () => {
        const user = await registerUser(app());
        await putOk(user, 'Travel', 50);
        const replaced = await putOk(user, 'tRaVeL', '75.5');
        expect(replaced).toMatchObject({ category: 'Travel', monthlyLimit: '75.50' });
        expect(await list(user)).toEqual([
          { category: 'Travel', monthlyLimit: '75.50', spent: '0.00', remaining: '75.50', ratio: 0, status: 'ok' },
        ]);
      });

      it('handles URL-encoded category names with spaces, ampersands, slashes, percent signs and accents', async () => {
        const user = await registerUser(app());
        const names = ['Eating Out & Bars', 'Café/Bar', '100% Fun', 'Kids?', 'Über #1'];
        for (const name of names) {
          await createExpense(app(), user, { category: name, amount: '1.00', date: '2026-11-05' });
          const budget = await putOk(user, name, '10.00');
          expect(budget).toMatchObject({ category: name, spent: '1.00' });
        }
        expect((await list(user)).map((b) => b.category).sort()).toEqual([...names].sort());
        for (const name of names) expect((await del(user, name)).statusCode, name).toBe(204);
        expect(await list(user)).toEqual([]);
      });

      it('sets an overall limit with "*" that measures every category, listed first', async () => {
        const user = await registerUser(app());
        await createExpense(app(), user, { category: 'Food', amount: '40.00', date: '2026-11-03' });
        await createExpense(app(), user, { category: 'Rent', amount: '45.00', date: '2026-11-04' });
        await putOk(user, 'Food', '50.00');
        const overall = await putOk(user, '*', '100.00');
        expect(overall).toEqual({
          category: '*',
          monthlyLimit: '100.00',
          spent: '85.00',
          remaining: '15.00',
          ratio: 0.85,
          status: 'warning',
        });
        expect((await list(user)).map((b) => [b.category, b.spent, b.status])).toEqual([
          ['*', '85.00', 'warning'],
          ['Food', '40.00', 'warning'],
        ]);
      });

      it('lets a budget name a category before its first expense', async () => {
        const user = await registerUser(app());
        expect(await putOk(user, 'Holidays', '500')).toMatchObject({
          category: 'Holidays',
          spent: '0.00',
          status: 'ok',
        });
        await createExpense(app(), user, { category: 'holidays', amount: '450.00', date: '2026-11-10' });
        expect(await list(user)).toEqual([
          {
            category: 'Holidays',
            monthlyLimit: '500.00',
            spent: '450.00',
            remaining: '50.00',
            ratio: 0.9,
            status: 'warning',
          },
        ]);
      });

      it.each([
        ['0', 0],
        ['"0"', '0'],
        ['"0.00"', '0.00'],
        ['-5', -5],
        ['"-5.00"', '-5.00'],
        ['"12.345"', '12.345'],
        ['"abc"', 'abc'],
        ['""', ''],
        ['"1e3"', '1e3'],
        ['"1000000000.00"', '1000000000.00'],
        ['null', null],
      ])('returns 400 for the limit %s and stores nothing', async (_label, monthlyLimit) => {
        const user = await registerUser(app());
        const response = await put(user, 'Food', monthlyLimit);
        expect(response.statusCode, response.body).toBe(400);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(await list(user)).toEqual([]);
      });

      it('returns 400 for JPY limits with decimals and accepts whole yen', async () => {
        const user = await registerUser(app(), { currency: 'JPY' });
        expect((await put(user, 'Food', '10.5')).statusCode).toBe(400);
        expect(await putOk(user, 'Food', '30000')).toMatchObject({
          monthlyLimit: '30000',
          spent: '0',
          remaining: '30000',
        });
      });

      it('returns 400 for a missing body, extra fields and an over-long category name', async () => {
        const user = await registerUser(app());
        const noBody = await app().inject({ method: 'PUT', url: budgetUrl('Food'), headers: user.auth });
        expect(noBody.statusCode).toBe(400);
        const extra = await app().inject({
          method: 'PUT',
          url: budgetUrl('Food'),
          headers: user.auth,
          payload: { monthlyLimit: '5', extra: 1 },
        });
        expect(extra.statusCode).toBe(400);
        expect((await put(user, 'x'.repeat(65), '5')).statusCode).toBe(400);
        expect(await list(user)).toEqual([]);
      });
    });

    describe('GET /budgets status', () => {
      it.each([
        ['0.00', 'ok', '100.00', 0, null],
        ['79.99', 'ok', '20.01', 0.7999, '79.99'],
        ['80.00', 'warning', '20.00', 0.8, '80.00'],
        ['99.99', 'warning', '0.01', 0.9999, '99.99'],
        ['100.00', 'warning', '0.00', 1, '100.00'],
        ['100.01', 'over', '-0.01', 1.0001, '100.01'],
        ['250.00', 'over', '-150.00', 2.5, '250.00'],
      ] as const)(
        'spent %s of 100.00 is %s with remaining %s and ratio %s',
        async (spent, status, remaining, ratio, amount) => {
          const user = await registerUser(app());
          if (amount !== null) await createExpense(app(), user, { category: 'Food', amount, date: '2026-11-15' });
          await putOk(user, 'Food', '100.00');
          expect(await list(user)).toEqual([
            { category: 'Food', monthlyLimit: '100.00', spent, remaining, ratio, status },
          ]);
        },
      );

      it('puts exactly 80 % of an awkward limit in warning and just below it in ok', async () => {
        const user = await registerUser(app());
        // 80 % of 0.15 is 0.12 exactly; 0.11 is below.
        await putOk(user, 'Tea', '0.15');
        await createExpense(app(), user, { category: 'Tea', amount: '0.11', date: '2026-11-01' });
        expect((await list(user))[0]).toMatchObject({ spent: '0.11', status: 'ok' });
        await createExpense(app(), user, { category: 'Tea', amount: '0.01', date: '2026-11-02' });
        expect((await list(user))[0]).toMatchObject({
          spent: '0.12',
          remaining: '0.03',
          status: 'warning',
          ratio: 0.8,
        });
        await createExpense(app(), user, { category: 'Tea', amount: '0.03', date: '2026-11-03' });
        expect((await list(user))[0]).toMatchObject({ spent: '0.15', remaining: '0.00', status: 'warning', ratio: 1 });
        await createExpense(app(), user, { category: 'Tea', amount: '0.01', date: '2026-11-04' });
        expect((await list(user))[0]).toMatchObject({ spent: '0.16', remaining: '-0.01', status: 'over' });
      });

      it('measures the month given by ?month and defaults to the current month', async () => {
        const user = await registerUser(app());
        await createExpense(app(), user, { category: 'Food', amount: '90.00', date: '2026-10-31' });
        await createExpense(app(), user, { category: 'Food', amount: '10.00', date: '2026-11-01' });
        await createExpense(app(), user, { category: 'Food', amount: '500.00', date: '2026-12-01' });
        await putOk(user, 'Food', '100.00');
        expect((await list(user))[0]).toMatchObject({ spent: '10.00', status: 'ok' });
        expect((await list(user, '?month=2026-10'))[0]).toMatchObject({ spent: '90.00', status: 'warning' });
        expect((await list(user, '?month=2026-12'))[0]).toMatchObject({
          spent: '500.00',
          status: 'over',
          remaining: '-400.00',
        });
        expect((await list(user, '?month=2026-09'))[0]).toMatchObject({ spent: '0.00', status: 'ok' });
      });

      it('follows edits and deletes of expenses', async () => {
        const user = await registerUser(app());
        await putOk(user, 'Food', '100.00');
        const expense = await createExpense(app(), user, { category: 'Food', amount: '120.00', date: '2026-11-05' });
        expect((await list(user))[0]?.status).toBe('over');
        await app().inject({
          method: 'PATCH',
          url: `${API}/expenses/${expense.id}`,
          headers: user.auth,
          payload: { amount: '85.00' },
        });
        expect((await list(user))[0]).toMatchObject({ spent: '85.00', status: 'warning' });
        await app().inject({
          method: 'PATCH',
          url: `${API}/expenses/${expense.id}`,
          headers: user.auth,
          payload: { category: 'Rent' },
        });
        expect((await list(user))[0]).toMatchObject({ spent: '0.00', status: 'ok' });
        await app().inject({
          method: 'PATCH',
          url: `${API}/expenses/${expense.id}`,
          headers: user.auth,
          payload: { category: 'Food', date: '2026-10-05' },
        });
        expect((await list(user))[0]).toMatchObject({ spent: '0.00' });
        expect((await list(user, '?month=2026-10'))[0]).toMatchObject({ spent: '85.00' });
        await app().inject({ method: 'DELETE', url: `${API}/expenses/${expense.id}`, headers: user.auth });
        expect((await list(user, '?month=2026-10'))[0]).toMatchObject({ spent: '0.00' });
      });

      it('returns 400 for a malformed month', async () => {
        const user = await registerUser(app());
        for (const month of ['2026-13', '2026-1', 'november']) {
          const response = await app().inject({
            method: 'GET',
            url: `${API}/budgets?month=${month}`,
            headers: user.auth,
          });
          expect(response.statusCode, month).toBe(400);
        }
      });
    });

    describe('DELETE /budgets/:category', () => {
      it('returns 204 and removes the budget, then 404', async () => {
        const user = await registerUser(app());
        await putOk(user, 'Food', '10');
        await putOk(user, '*', '100');
        const first = await del(user, 'food');
        expect(first.statusCode).toBe(204);
        expect(first.body).toBe('');
        expect((await list(user)).map((b) => b.category)).toEqual(['*']);
        const second = await del(user, 'Food');
        expect(second.statusCode).toBe(404);
        expect(second.json<Problem>().code).toBe('not_found');
        expect((await del(user, '*')).statusCode).toBe(204);
        expect((await del(user, '*')).statusCode).toBe(404);
        expect(await list(user)).toEqual([]);
      });

      it('returns 404 for a category that never had a budget', async () => {
        const user = await registerUser(app());
        expect((await del(user, 'Nothing')).statusCode).toBe(404);
      });
    });

    describe('access', () => {
      it('lets a viewer read budgets but answers 403 to PUT and DELETE, changing nothing', async () => {
        const owner = await registerUser(app());
        const viewer = await registerUser(app());
        const wallet = await sharedWalletWith(owner, viewer, 'viewer');
        await createExpense(app(), owner, {
          walletId: wallet.id,
          category: 'Food',
          amount: '8.00',
          date: '2026-11-02',
        });
        await putOk(owner, 'Food', '10.00', wallet.id);
        expect(await list(viewer, `?walletId=${wallet.id}`)).toEqual([
          { category: 'Food', monthlyLimit: '10.00', spent: '8.00', remaining: '2.00', ratio: 0.8, status: 'warning' },
        ]);
        const putResponse = await put(viewer, 'Food', '1000.00', wallet.id);
        expect(putResponse.statusCode).toBe(403);
        expect(putResponse.json<Problem>().code).toBe('forbidden');
        expect((await put(viewer, 'Rent', '5.00', wallet.id)).statusCode).toBe(403);
        expect((await del(viewer, 'Food', wallet.id)).statusCode).toBe(403);
        expect((await list(owner, `?walletId=${wallet.id}`)).map((b) => [b.category, b.monthlyLimit])).toEqual([
          ['Food', '10.00'],
        ]);
      });

      it('lets an editor of a shared wallet set and delete budgets', async () => {
        const owner = await registerUser(app());
        const editor = await registerUser(app());
        const wallet = await sharedWalletWith(owner, editor, 'editor');
        expect((await put(editor, 'Food', '10.00', wallet.id)).statusCode).toBe(200);
        expect((await list(owner, `?walletId=${wallet.id}`)).map((b) => b.category)).toEqual(['Food']);
        expect((await del(editor, 'Food', wallet.id)).statusCode).toBe(204);
      });

      it("returns 404 to a stranger for GET, PUT and DELETE on another user's wallet, changing nothing", async () => {
        const owner = await registerUser(app());
        const stranger = await registerUser(app());
        await putOk(owner, 'Food', '10.00');
        const responses = [
          await app().inject({
            method: 'GET',
            url: `${API}/budgets?walletId=${owner.walletId}`,
            headers: stranger.auth,
          }),
          await put(stranger, 'Food', '99.00', owner.walletId),
          await put(stranger, 'New', '99.00', owner.walletId),
          await del(stranger, 'Food', owner.walletId),
        ];
        for (const response of responses) {
          expect(response.statusCode, response.body).toBe(404);
          expect(response.json<Problem>().code).toBe('not_found');
        }
        expect(await list(owner)).toEqual([
          { category: 'Food', monthlyLimit: '10.00', spent: '0.00', remaining: '10.00', ratio: 0, status: 'ok' },
        ]);
        expect(await list(stranger)).toEqual([]);
      });

      it('keeps budgets of different wallets apart', async () => {
        const owner = await registerUser(app());
        const editor = await registerUser(app());
        const wallet = await sharedWalletWith(owner, editor, 'editor');
        await putOk(owner, 'Food', '10.00');
        await putOk(owner, 'Food', '20.00', wallet.id);
        expect((await list(owner)).map((b) => b.monthlyLimit)).toEqual(['10.00']);
        expect((await list(owner, `?walletId=${wallet.id}`)).map((b) => b.monthlyLimit)).toEqual(['20.00']);
      });

      it('returns 401 without a token', async () => {
        expect((await app().inject({ method: 'GET', url: `${API}/budgets` })).statusCode).toBe(401);
        expect(
          (await app().inject({ method: 'PUT', url: budgetUrl('Food'), payload: { monthlyLimit: '1' } })).statusCode,
        ).toBe(401);
        expect((await app().inject({ method: 'DELETE', url: budgetUrl('Food') })).statusCode).toBe(401);
      });
    });
  },
  { clock: () => NOW },
);
