import { randomUUID } from 'node:crypto';
import type {
  Budget,
  CategorySummary,
  Conflict,
  Expense,
  ImportResult,
  MonthlySummary,
  Mutation,
  Problem,
  PullPage,
} from '@ttm/contract';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from './support/app.js';
import { addMember, API, createSharedWallet, registerUser, type TestUser } from './support/factories.js';
import { expectAggregatesMatchExpenses } from './support/sync-totals.js';
import { createMutation, pull, pushOne, serverExpenses } from './support/sync.js';

type Body = Record<string, unknown>;
type UpdateFields = Extract<Mutation, { op: 'update' }>['fields'];

/** An update mutation with any of the fields, money ones included. */
function edit(expense: Pick<Expense, 'id' | 'walletId' | 'version'>, fields: UpdateFields): Mutation {
  return {
    mutationId: randomUUID(),
    op: 'update',
    expenseId: expense.id,
    walletId: expense.walletId,
    baseVersion: expense.version,
    fields,
  };
}

describeEachDatabase('income and other currencies', (ctx) => {
  const app = (): FastifyInstance => ctx().app;

  function post(user: TestUser, payload: Body) {
    return app().inject({
      method: 'POST',
      url: `${API}/expenses`,
      headers: user.auth,
      payload: { category: 'Groceries', date: '2026-05-10', ...payload },
    });
  }

  async function create(user: TestUser, payload: Body): Promise<Expense> {
    const response = await post(user, payload);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<Expense>();
  }

  async function patch(user: TestUser, id: string, payload: Body) {
    return app().inject({ method: 'PATCH', url: `${API}/expenses/${id}`, headers: user.auth, payload });
  }

  async function getJson<T>(user: TestUser, url: string): Promise<T> {
    const response = await app().inject({ method: 'GET', url: `${API}${url}`, headers: user.auth });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<T>();
  }

  const month = async (user: TestUser, m: string, walletId = user.walletId) =>
    (await getJson<MonthlySummary>(user, `/summary/monthly?walletId=${walletId}&from=${m}&to=${m}`)).months[0];

  const problemOf = (response: LightMyRequestResponse) => ({
    status: response.statusCode,
    problem: response.json<Problem>(),
  });

  describe('income', () => {
    it('POST /expenses with kind income is kept out of spending, categories and budgets, and counted as income', async () => {
      const user = await registerUser(app());
      await app().inject({
        method: 'PUT',
        url: `${API}/budgets/*`,
        headers: user.auth,
        payload: { monthlyLimit: '100.00' },
      });
      const salary = await create(user, { kind: 'income', amount: '2500.00', category: 'Salary', date: '2026-05-01' });
      expect(salary).toMatchObject({ kind: 'income', amount: '2500.00', originalAmount: null, rate: null });
      await create(user, { amount: '40.25' });
      await create(user, { amount: '9.75', date: '2026-05-31' });

      expect(await month(user, '2026-05')).toEqual({
        month: '2026-05',
        total: '50.00',
        count: 2,
        income: '2500.00',
        incomeCount: 1,
        balance: '2450.00',
        categories: [{ category: 'Groceries', total: '50.00', count: 2 }],
      });
      // A partial month is read from the rows: the same split.
      const partial = await getJson<CategorySummary>(user, '/summary/categories?from=2026-05-02&to=2026-05-30');
      expect(partial).toMatchObject({ total: '40.25', count: 1, income: '0.00', incomeCount: 0, balance: '-40.25' });
      const whole = await getJson<CategorySummary>(user, '/summary/categories?from=2026-05-01&to=2026-05-31');
      expect(whole).toMatchObject({ total: '50.00', income: '2500.00', incomeCount: 1, balance: '2450.00' });
      expect(whole.categories.map((c) => c.category)).toEqual(['Groceries']);

      const [overall] = await getJson<Budget[]>(user, '/budgets?month=2026-05');
      expect(overall).toMatchObject({ category: '*', spent: '50.00', remaining: '50.00', status: 'ok' });
    });

    it('PATCH kind moves the amount between spending and income, and a deletion takes it out', async () => {
      const user = await registerUser(app());
      const refund = await create(user, { amount: '30.00', date: '2026-06-03', category: 'Shop' });
      const changed = await patch(user, refund.id, { kind: 'income' });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json<Expense>()).toMatchObject({ kind: 'income', amount: '30.00' });
      expect(await month(user, '2026-06')).toMatchObject({ total: '0.00', count: 0, income: '30.00', incomeCount: 1 });
      const removed = await app().inject({ method: 'DELETE', url: `${API}/expenses/${refund.id}`, headers: user.auth });
      expect(removed.statusCode).toBe(204);
      expect(await month(user, '2026-06')).toMatchObject({ total: '0.00', income: '0.00', incomeCount: 0 });
    });

    it('refuses an unknown kind with 400 and writes nothing', async () => {
      const user = await registerUser(app());
      const response = await post(user, { kind: 'refund', amount: '1.00' });
      expect(problemOf(response)).toMatchObject({ status: 400, problem: { code: 'validation_failed' } });
      expect((await serverExpenses(app(), user, user.walletId)).size).toBe(0);
    });
  });

  describe('another currency', () => {
    it('stores the amount as entered, the rate and the converted amount; GET, the history and summaries agree', async () => {
      const user = await registerUser(app());
      const expense = await create(user, { amount: '100', currency: 'usd', rate: '0.9200' });
      expect(expense).toMatchObject({
        amount: '92.00',
        currency: 'EUR',
        originalAmount: '100.00',
        originalCurrency: 'USD',
        rate: '0.92',
        kind: 'expense',
      });
      expect(await getJson<Expense>(user, `/expenses/${expense.id}`)).toEqual(expense);
      expect((await serverExpenses(app(), user, user.walletId)).get(expense.id)).toEqual(expense);
      expect(await month(user, '2026-05')).toMatchObject({ total: '92.00', count: 1 });
    });

    it('without a rate uses the last rate used for that pair in the wallet, and refuses a pair never used', async () => {
      const user = await registerUser(app());
      await create(user, { amount: '10.00', currency: 'USD', rate: '0.90' });
      await create(user, { amount: '10.00', currency: 'USD', rate: '0.95' });
      await create(user, { amount: '10.00', currency: 'GBP', rate: '1.17' });
      expect(await create(user, { amount: '20.00', currency: 'USD' })).toMatchObject({
        amount: '19.00',
        rate: '0.95',
      });
      const other = await registerUser(app());
      const response = await post(other, { amount: '20.00', currency: 'USD' });
      expect(problemOf(response)).toMatchObject({
        status: 400,
        problem: { code: 'validation_failed', errors: [{ path: 'rate' }] },
      });
      expect((await serverExpenses(app(), other, other.walletId)).size).toBe(0);
    });

    it('converts exactly between 0, 2 and 3 decimal currencies, rounding half to even', async () => {
      const yen = await registerUser(app(), { currency: 'JPY' });
      // 12.50 EUR × 161.5 = 2018.75 JPY -> 2019
      expect(await create(yen, { amount: '12.50', currency: 'EUR', rate: '161.5' })).toMatchObject({
        amount: '2019',
        originalAmount: '12.50',
      });
      // 0.05 EUR × 50 = 2.5 JPY -> 2 (tie, to even)
      expect(await create(yen, { amount: '0.05', currency: 'EUR', rate: '50' })).toMatchObject({ amount: '2' });
      const dinar = await registerUser(app(), { currency: 'KWD' });
      // 1000 JPY × 0.00203 = 2.030 KWD
      expect(await create(dinar, { amount: '1000', currency: 'JPY', rate: '0.00203' })).toMatchObject({
        amount: '2.030',
        originalAmount: '1000',
      });
      const euro = await registerUser(app());
      // 1.500 BHD × 2.435 = 3.6525 EUR -> 3.65 (tie, to even)
      expect(await create(euro, { amount: '1.500', currency: 'BHD', rate: '2.435' })).toMatchObject({
        amount: '3.65',
        originalAmount: '1.500',
        originalCurrency: 'BHD',
      });
      expect(await month(yen, '2026-05')).toMatchObject({ total: '2021', count: 2 });
      expect(await month(dinar, '2026-05')).toMatchObject({ total: '2.030' });
    });

    it('answers 400 for a bad amount, rate or currency and writes nothing', async () => {
      const user = await registerUser(app());
      for (const [payload, path] of [
        [{ amount: '1.5', currency: 'JPY', rate: '0.0062' }, 'amount'],
        [{ amount: '1', currency: 'JPY', rate: '0.001' }, 'rate'],
        [{ amount: '10', currency: 'USD', rate: '0' }, 'rate'],
        [{ amount: '10', currency: 'USD', rate: '-1' }, 'rate'],
        [{ amount: '10', currency: 'USD', rate: '1e3' }, 'rate'],
        [{ amount: '10', currency: 'USD', rate: '0.1234567890123' }, 'rate'],
        [{ amount: '999999999', currency: 'USD', rate: '2' }, 'rate'],
        [{ amount: '10', currency: 'EUR', rate: '1.1' }, 'rate'],
        [{ amount: '10', rate: '1.1' }, 'rate'],
        [{ amount: '10', currency: 'ABC', rate: '1' }, 'currency'],
      ] as const) {
        const response = await post(user, payload);
        expect(response.statusCode, JSON.stringify(payload)).toBe(400);
        const problem = response.json<Problem>();
        expect(problem.code).toBe('validation_failed');
        expect(
          problem.errors?.map((e) => e.path),
          JSON.stringify(payload),
        ).toContain(path);
      }
      expect((await serverExpenses(app(), user, user.walletId)).size).toBe(0);
      expect(await month(user, '2026-05')).toMatchObject({ total: '0.00', count: 0 });
    });

    it('PATCH recomputes from what is given and keeps the rest: amount, rate, and back to the wallet currency', async () => {
      const user = await registerUser(app());
      const expense = await create(user, { amount: '100.00', currency: 'USD', rate: '0.92' });
      const amount = await patch(user, expense.id, { amount: '50' });
      expect(amount.json<Expense>()).toMatchObject({ amount: '46.00', originalAmount: '50.00', rate: '0.92' });
      const rate = await patch(user, expense.id, { rate: '0.9' });
      expect(rate.json<Expense>()).toMatchObject({ amount: '45.00', originalAmount: '50.00', rate: '0.9' });
      const plain = await patch(user, expense.id, { currency: 'EUR', amount: '44.00' });
      expect(plain.json<Expense>()).toMatchObject({
        amount: '44.00',
        originalAmount: null,
        originalCurrency: null,
        rate: null,
      });
      const bad = await patch(user, expense.id, { currency: 'GBP' });
      expect(problemOf(bad)).toMatchObject({ status: 400, problem: { code: 'validation_failed' } });
      expect(await getJson<Expense>(user, `/expenses/${expense.id}`)).toMatchObject({ amount: '44.00', rate: null });
      expect(await month(user, '2026-05')).toMatchObject({ total: '44.00', count: 1 });
    });

    it('a repeated create with the same id and content is 200, with another rate 409', async () => {
      const user = await registerUser(app());
      const id = randomUUID();
      const first = await create(user, { id, amount: '10', currency: 'USD', rate: '0.92' });
      const again = await post(user, { id, amount: '10.00', currency: 'USD', rate: '0.920' });
      expect(again.statusCode).toBe(200);
      expect(again.json<Expense>()).toEqual(first);
      const other = await post(user, { id, amount: '10', currency: 'USD', rate: '0.93' });
      expect(problemOf(other)).toMatchObject({ status: 409, problem: { code: 'id_conflict' } });
      const income = await post(user, { id, amount: '10', currency: 'USD', rate: '0.92', kind: 'income' });
      expect(income.statusCode).toBe(409);
    });

    it("PATCH of another user's expense with money fields answers 404 like a missing one", async () => {
      const owner = await registerUser(app());
      const stranger = await registerUser(app());
      const expense = await create(owner, { amount: '10', currency: 'USD', rate: '0.92' });
      const theirs = await patch(stranger, expense.id, { kind: 'income', currency: 'USD', rate: '2' });
      const missing = await patch(stranger, randomUUID(), { kind: 'income', currency: 'USD', rate: '2' });
      expect(theirs.statusCode).toBe(404);
      expect(theirs.body).toBe(missing.body);
      expect(await getJson<Expense>(owner, `/expenses/${expense.id}`)).toEqual(expense);
    });

    it("the last rate comes from the caller's wallet only", async () => {
      const owner = await registerUser(app());
      const shared = await createSharedWallet(app(), owner);
      await create(owner, { walletId: shared.id, amount: '10', currency: 'CHF', rate: '1.05' });
      const personal = await post(owner, { amount: '10', currency: 'CHF' });
      expect(personal.statusCode).toBe(400);
      const editor = await registerUser(app());
      await addMember(app(), owner, shared.id, editor, 'editor');
      expect(await create(editor, { walletId: shared.id, amount: '20', currency: 'CHF' })).toMatchObject({
        amount: '21.00',
        rate: '1.05',
      });
    });
  });

  describe('sync and CSV carry the new fields', () => {
    it('push creates and edits income and foreign amounts; pull returns them; totals follow', async () => {
      const user = await registerUser(app());
      const created = await pushOne(
        app(),
        user,
        'device-a',
        createMutation(user.walletId, { amount: '200', date: '2026-03-01' }),
      );
      expect(created.status).toBe('applied');
      const mutation: Mutation = {
        ...createMutation(user.walletId, { amount: '50.00', date: '2026-03-02' }),
        fields: {
          amount: '50.00',
          category: 'Trip',
          date: '2026-03-02',
          currency: 'USD',
          rate: '0.9',
          kind: 'expense',
        },
      };
      const foreign = await pushOne(app(), user, 'device-a', mutation);
      expect(foreign.expense).toMatchObject({ amount: '45.00', originalAmount: '50.00', originalCurrency: 'USD' });
      if (!created.expense) throw new Error('create not stored');
      const toIncome = await pushOne(app(), user, 'device-a', edit(created.expense, { kind: 'income' }));
      expect(toIncome.status).toBe('applied');
      expect(toIncome.expense).toMatchObject({ kind: 'income', amount: '200.00' });

      const page = (await pull(app(), user, null)) as PullPage;
      const pulled = page.changes.flatMap((change) => (change.op === 'upsert' ? [change.expense] : []));
      expect(pulled.find((e) => e.id === foreign.expenseId)).toMatchObject({ rate: '0.9', originalAmount: '50.00' });
      expect(pulled.find((e) => e.id === created.expenseId)).toMatchObject({ kind: 'income' });
      expect(await month(user, '2026-03')).toMatchObject({ total: '45.00', income: '200.00', balance: '155.00' });
      await expectAggregatesMatchExpenses(app(), user, user.walletId);
    });

    it('merges a money edit with another device’s category edit, and a money edit against another is a conflict', async () => {
      const user = await registerUser(app());
      const base = await create(user, { amount: '10.00', currency: 'USD', rate: '0.9', date: '2026-04-01' });
      const money = await pushOne(app(), user, 'phone', edit(base, { amount: '20.00' }));
      expect(money.status).toBe('applied');
      const category = await pushOne(app(), user, 'laptop', edit(base, { category: 'Travel' }));
      expect(category.status).toBe('merged');
      expect(category.expense).toMatchObject({ amount: '18.00', originalAmount: '20.00', category: 'Travel' });

      const rate = await pushOne(app(), user, 'laptop', edit(base, { currency: 'USD', rate: '1.1' }));
      expect(rate.status).toBe('conflict');
      expect(rate.expense).toMatchObject({ amount: '18.00', rate: '0.9' });
      const conflicts = await getJson<Conflict[]>(user, `/conflicts?walletId=${user.walletId}`);
      expect(conflicts[0]).toMatchObject({
        fields: ['amount'],
        server: { amount: '18.00', originalAmount: '20.00', originalCurrency: 'USD', rate: '0.9', kind: 'expense' },
        // The omitted amount is the stored one when the edit is applied: 20.00 USD at the edit's rate.
        client: { amount: '22.00', originalAmount: '20.00', originalCurrency: 'USD', rate: '1.1', kind: 'expense' },
      });
      // Keeping the losing side writes its money whole; an own amount in the resolution is in the wallet's currency.
      const [conflict] = conflicts;
      if (!conflict) throw new Error('no conflict');
      const kept = await app().inject({
        method: 'POST',
        url: `${API}/conflicts/${conflict.id}/resolve`,
        headers: user.auth,
        payload: { choice: 'client' },
      });
      expect(kept.statusCode, kept.body).toBe(200);
      expect(kept.json<Conflict>().expense).toMatchObject({ amount: '22.00', originalAmount: '20.00', rate: '1.1' });
      await expectAggregatesMatchExpenses(app(), user, user.walletId);
    });

    it('a push with a bad rate is rejected as validation_failed and writes nothing', async () => {
      const user = await registerUser(app());
      const mutation: Mutation = {
        ...createMutation(user.walletId),
        fields: { amount: '5', category: 'X', date: '2026-03-01', currency: 'SEK' },
      };
      const result = await pushOne(app(), user, 'device', mutation);
      expect(result).toMatchObject({ status: 'rejected', reason: 'validation_failed' });
      expect(result.message).toContain('rate');
      expect((await serverExpenses(app(), user, user.walletId)).size).toBe(0);
    });

    it('CSV export writes kind, original amount, currency and rate, and importing it back restores them', async () => {
      const user = await registerUser(app());
      await create(user, { amount: '1000', currency: 'JPY', rate: '0.0062', note: 'ramen' });
      await create(user, { amount: '3000.00', kind: 'income', category: 'Salary' });
      const exported = await app().inject({ method: 'GET', url: `${API}/expenses/export.csv`, headers: user.auth });
      const lines = exported.body.split('\r\n');
      expect(lines[0]).toBe(
        'date,amount,currency,category,note,id,createdAt,kind,originalAmount,originalCurrency,rate',
      );
      expect(
        lines.some(
          (line) =>
            line.startsWith('2026-05-10,6.20,EUR,Groceries,ramen,') && line.endsWith(',expense,1000,JPY,0.0062'),
        ),
      ).toBe(true);
      expect(lines.some((line) => line.endsWith(',income,,,'))).toBe(true);

      const copy = await registerUser(app());
      const imported = await app().inject({
        method: 'POST',
        url: `${API}/expenses/import`,
        headers: { ...copy.auth, 'content-type': 'text/csv' },
        payload: exported.body,
      });
      expect(imported.json<ImportResult>()).toMatchObject({ imported: 2, errors: [] });
      const strip = (e: Expense) => [e.amount, e.kind, e.originalAmount, e.originalCurrency, e.rate, e.category];
      const before = [...(await serverExpenses(app(), user, user.walletId)).values()].map(strip).sort();
      const after = [...(await serverExpenses(app(), copy, copy.walletId)).values()].map(strip).sort();
      expect(after).toEqual(before);
      expect(await month(copy, '2026-05')).toEqual(await month(user, '2026-05'));
    });
  });
});
