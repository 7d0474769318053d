import { randomUUID } from 'node:crypto';
import type { Category, Expense, ExpensePage, Problem } from '@ttm/contract';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from './support/app.js';
import { API, createExpense, registerUser, type TestUser } from './support/factories.js';

describeEachDatabase('expenses', (ctx) => {
  const app = () => ctx().app;
  const list = async (user: TestUser, query = '') => {
    const response = await app().inject({ method: 'GET', url: `${API}/expenses${query}`, headers: user.auth });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<ExpensePage>();
  };
  const all = async (user: TestUser, query = '') => {
    const items: Expense[] = [];
    let cursor: string | null = null;
    do {
      const sep = query ? '&' : '?';
      const page: ExpensePage = await list(user, `${query}${cursor ? `${sep}cursor=${cursor}` : ''}`);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  };

  describe('POST /expenses', () => {
    it('returns 201 with the expense, a Location and an ETag, in the personal wallet by default', async () => {
      const user = await registerUser(app());
      const response = await app().inject({
        method: 'POST',
        url: `${API}/expenses`,
        headers: user.auth,
        payload: { amount: '12.5', category: '  Food ', date: '2026-11-20', note: 'Lunch with Sam' },
      });
      expect(response.statusCode).toBe(201);
      const expense = response.json<Expense>();
      expect(expense.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(Date.parse(expense.createdAt)).not.toBeNaN();
      expect(expense).toEqual({
        id: expense.id,
        walletId: user.walletId,
        amount: '12.50',
        currency: 'EUR',
        category: 'Food',
        date: '2026-11-20',
        note: 'Lunch with Sam',
        createdBy: user.id,
        createdAt: expense.createdAt,
        updatedAt: expense.createdAt,
        version: 1,
        kind: 'expense',
        originalAmount: null,
        originalCurrency: null,
        rate: null,
        recurringRuleId: null,
      });
      expect(response.headers['location']).toBe(`${API}/expenses/${expense.id}`);
      expect(response.headers['etag']).toBe('"1"');
    });

    it('accepts a JSON number and formats amounts with exactly the currency digits', async () => {
      const eur = await registerUser(app());
      expect((await createExpense(app(), eur, { amount: 7 })).amount).toBe('7.00');
      expect((await createExpense(app(), eur, { amount: 0.1 })).amount).toBe('0.10');
      expect((await createExpense(app(), eur, { amount: '999999999.99' })).amount).toBe('999999999.99');
      const yen = await registerUser(app(), { currency: 'JPY' });
      const jpy = await createExpense(app(), yen, { amount: '1500' });
      expect(jpy).toMatchObject({ amount: '1500', currency: 'JPY' });
      const dinar = await registerUser(app(), { currency: 'KWD' });
      expect((await createExpense(app(), dinar, { amount: '1.5' })).amount).toBe('1.500');
    });

    it('is idempotent for a repeated client id: 200 with the same expense, nothing new', async () => {
      const user = await registerUser(app());
      const id = randomUUID();
      const payload = { id, amount: '3.20', category: 'Coffee', date: '2026-11-21', note: 'flat white' };
      const first = await app().inject({ method: 'POST', url: `${API}/expenses`, headers: user.auth, payload });
      const second = await app().inject({
        method: 'POST',
        url: `${API}/expenses`,
        headers: user.auth,
        payload: { ...payload, amount: 3.2, category: 'coffee ' },
      });
      expect(first.statusCode).toBe(201);
      expect(second.statusCode).toBe(200);
      expect(second.json()).toEqual(first.json());
      expect((await list(user)).items).toHaveLength(1);
    });

    it('returns 409 id_conflict for a repeated id with different content, and for a deleted id', async () => {
      const user = await registerUser(app());
      const expense = await createExpense(app(), user);
      const changed = await app().inject({
        method: 'POST',
        url: `${API}/expenses`,
        headers: user.auth,
        payload: { id: expense.id, amount: '99.00', category: 'Groceries', date: '2026-11-20' },
      });
      expect(changed.statusCode).toBe(409);
      expect(changed.json<Problem>().code).toBe('id_conflict');
      await app().inject({ method: 'DELETE', url: `${API}/expenses/${expense.id}`, headers: user.auth });
      const reused = await app().inject({
        method: 'POST',
        url: `${API}/expenses`,
        headers: user.auth,
        payload: { id: expense.id, amount: '12.50', category: 'Groceries', date: '2026-11-20' },
      });
      expect(reused.statusCode).toBe(409);
    });

    it('creates one expense when the same id is posted concurrently', async () => {
      const user = await registerUser(app());
      const payload = { id: randomUUID(), amount: '5.00', category: 'Snacks', date: '2026-11-21' };
      const responses = await Promise.all(
        Array.from({ length: 6 }, () =>
          app().inject({ method: 'POST', url: `${API}/expenses`, headers: user.auth, payload }),
        ),
      );
      expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 201]);
      expect((await list(user)).items).toHaveLength(1);
    });

    it('stores the first spelling of a category and matches later spellings to it', async () => {
      const user = await registerUser(app());
      await createExpense(app(), user, { category: 'Food' });
      const second = await createExpense(app(), user, { category: ' fOOd ' });
      expect(second.category).toBe('Food');
      const categories = await app().inject({ method: 'GET', url: `${API}/categories`, headers: user.auth });
      expect(categories.json<Category[]>()[0]).toEqual({ name: 'Food', count: 2 });
    });
  });

  describe('GET /expenses', () => {
    it('orders newest date first, then newest createdAt, then id', async () => {
      const user = await registerUser(app());
      const a = await createExpense(app(), user, { date: '2026-10-01' });
      const b = await createExpense(app(), user, { date: '2026-11-05' });
      // createdAt has millisecond resolution; two inserts in one millisecond fall back to the id order.
      await new Promise((resolve) => setTimeout(resolve, 5));
      const c = await createExpense(app(), user, { date: '2026-11-05' });
      const d = await createExpense(app(), user, { date: '2025-12-31' });
      expect((await list(user)).items.map((e) => e.id)).toEqual([c.id, b.id, a.id, d.id]);
    });

    it('filters by date range, category (any case), text and amount bounds', async () => {
      const user = await registerUser(app());
      await createExpense(app(), user, { date: '2026-09-30', category: 'Rent', amount: '800' });
      const oct = await createExpense(app(), user, {
        date: '2026-10-01',
        category: 'Food',
        amount: '10.00',
        note: 'Pizza Night',
      });
      const nov = await createExpense(app(), user, {
        date: '2026-11-30',
        category: 'Travel',
        amount: '250.00',
        note: 'Train to Lyon',
      });
      await createExpense(app(), user, { date: '2026-12-01', category: 'Food', amount: '5.55' });
      const ids = async (query: string) => (await list(user, query)).items.map((e) => e.id);
      expect(await ids('?from=2026-10-01&to=2026-11-30')).toEqual([nov.id, oct.id]);
      expect(await ids('?category=FOOD&to=2026-11-30')).toEqual([oct.id]);
      expect(await ids('?q=pizza')).toEqual([oct.id]);
      expect(await ids('?q=TRAVEL')).toEqual([nov.id]);
      expect(await ids('?q=%25')).toEqual([]);
      expect(await ids('?minAmount=10&maxAmount=250')).toEqual([nov.id, oct.id]);
      expect(await ids('?minAmount=10.01&maxAmount=249.99')).toEqual([]);
    });

    it('pages with a cursor without skipping or repeating rows while others write', async () => {
      const user = await registerUser(app());
      const created: string[] = [];
      for (let i = 0; i < 25; i += 1) {
        created.push(
          (await createExpense(app(), user, { date: `2026-0${String(1 + (i % 9))}-1${String(i % 10)}` })).id,
        );
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: ExpensePage = await list(user, `?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.items.map((e) => e.id));
        cursor = page.nextCursor;
        pages += 1;
        // Someone adds rows both before and after the cursor position while we page.
        await createExpense(app(), user, { date: '2030-01-01' });
        await createExpense(app(), user, { date: '2000-01-01' });
      } while (cursor && pages < 50);
      const original = seen.filter((id) => created.includes(id));
      expect(new Set(seen).size).toBe(seen.length);
      expect(original.sort()).toEqual([...created].sort());
    });

    it('returns nextCursor null on the last page and honours limit', async () => {
      const user = await registerUser(app());
      for (let i = 0; i < 3; i += 1) await createExpense(app(), user);
      const first = await list(user, '?limit=2');
      expect(first.items).toHaveLength(2);
      expect(first.nextCursor).not.toBeNull();
      const second = await list(user, `?limit=2&cursor=${first.nextCursor ?? ''}`);
      expect(second.items).toHaveLength(1);
      expect(second.nextCursor).toBeNull();
      expect((await all(user)).length).toBe(3);
    });
  });

  describe('GET, PATCH and DELETE /expenses/:id', () => {
    it('GET returns the expense with its ETag', async () => {
      const user = await registerUser(app());
      const expense = await createExpense(app(), user);
      const response = await app().inject({ method: 'GET', url: `${API}/expenses/${expense.id}`, headers: user.auth });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(expense);
      expect(response.headers['etag']).toBe(`"${String(expense.version)}"`);
    });

    it('PATCH changes only the given fields, bumps the version and can clear the note', async () => {
      const user = await registerUser(app());
      const expense = await createExpense(app(), user, { note: 'old note', category: 'Food' });
      const response = await app().inject({
        method: 'PATCH',
        url: `${API}/expenses/${expense.id}`,
        headers: user.auth,
        payload: { amount: '20', note: null },
      });
      expect(response.statusCode).toBe(200);
      const updated = response.json<Expense>();
      expect(updated).toMatchObject({ amount: '20.00', note: null, category: 'Food', date: expense.date });
      expect(updated.version).toBeGreaterThan(expense.version);
      expect(updated.createdAt).toBe(expense.createdAt);
      expect(response.headers['etag']).toBe(`"${String(updated.version)}"`);
    });

    it('PATCH with a stale If-Match returns 412 and changes nothing; the current ETag succeeds', async () => {
      const user = await registerUser(app());
      const expense = await createExpense(app(), user);
      const patch = (ifMatch: string, amount: string) =>
        app().inject({
          method: 'PATCH',
          url: `${API}/expenses/${expense.id}`,
          headers: { ...user.auth, 'if-match': ifMatch },
          payload: { amount },
        });
      const first = await patch(`"${String(expense.version)}"`, '1.00');
      expect(first.statusCode).toBe(200);
      const stale = await patch(`"${String(expense.version)}"`, '2.00');
      expect(stale.statusCode).toBe(412);
      expect(stale.json<Problem>().code).toBe('version_mismatch');
      const current = await app().inject({ method: 'GET', url: `${API}/expenses/${expense.id}`, headers: user.auth });
      expect(current.json<Expense>().amount).toBe('1.00');
      expect((await patch(current.headers['etag'] as string, '3.00')).statusCode).toBe(200);
    });

    it('PATCH moving an expense to another category updates category counts', async () => {
      const user = await registerUser(app());
      const expense = await createExpense(app(), user, { category: 'Food' });
      await app().inject({
        method: 'PATCH',
        url: `${API}/expenses/${expense.id}`,
        headers: user.auth,
        payload: { category: 'Transport' },
      });
      const categories = (await app().inject({ method: 'GET', url: `${API}/categories`, headers: user.auth })).json<
        Category[]
      >();
      expect(categories.find((c) => c.name === 'Transport')?.count).toBe(1);
      expect(categories.find((c) => c.name === 'Food')).toBeUndefined();
    });

    it('DELETE returns 204, then the expense is gone from GET, PATCH, DELETE and the history', async () => {
      const user = await registerUser(app());
      const expense = await createExpense(app(), user);
      const url = `${API}/expenses/${expense.id}`;
      expect((await app().inject({ method: 'DELETE', url, headers: user.auth })).statusCode).toBe(204);
      expect((await app().inject({ method: 'GET', url, headers: user.auth })).statusCode).toBe(404);
      expect(
        (await app().inject({ method: 'PATCH', url, headers: user.auth, payload: { amount: '1' } })).statusCode,
      ).toBe(404);
      expect((await app().inject({ method: 'DELETE', url, headers: user.auth })).statusCode).toBe(404);
      expect((await list(user)).items).toEqual([]);
    });

    it('keeps the tombstone internally with a newer version, for sync', async () => {
      const user = await registerUser(app());
      const expense = await createExpense(app(), user);
      await app().inject({ method: 'DELETE', url: `${API}/expenses/${expense.id}`, headers: user.auth });
      const row = await ctx()
        .database.db.selectFrom('expenses')
        .select(['deleted_at', 'version'])
        .where('id', '=', expense.id)
        .executeTakeFirstOrThrow();
      expect(row.deleted_at).not.toBeNull();
      expect(row.version).toBeGreaterThan(expense.version);
    });
  });

  describe('GET /categories', () => {
    it('lists used categories by frequency, then defaults not used yet', async () => {
      const user = await registerUser(app());
      await createExpense(app(), user, { category: 'Transport' });
      await createExpense(app(), user, { category: 'Books' });
      await createExpense(app(), user, { category: 'Books' });
      const response = await app().inject({ method: 'GET', url: `${API}/categories`, headers: user.auth });
      const categories = response.json<Category[]>();
      expect(categories.slice(0, 2)).toEqual([
        { name: 'Books', count: 2 },
        { name: 'Transport', count: 1 },
      ]);
      expect(categories.filter((c) => c.name === 'Transport')).toHaveLength(1);
      expect(categories.slice(2).every((c) => c.count === 0)).toBe(true);
      expect(categories.map((c) => c.name)).toContain('Groceries');
    });
  });
});
