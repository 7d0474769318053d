import type { Expense } from '@ttm/contract';
import { expect, it } from 'vitest';
import { describeEachDatabase } from './support/app.js';
import { API, createExpense, registerUser } from './support/factories.js';

describeEachDatabase('concurrent writes to one wallet', (ctx) => {
  const app = () => ctx().app;

  it('give every write a distinct version, and the wallet ends at the highest one', async () => {
    const owner = await registerUser(app());
    const writes = 30;
    const created = await Promise.all(
      Array.from({ length: writes }, (_, i) => createExpense(app(), owner, { amount: `${String(i + 1)}.00` })),
    );
    const versions = created.map((e) => e.version).sort((a, b) => a - b);
    expect(new Set(versions).size).toBe(writes);
    expect(versions).toEqual(Array.from({ length: writes }, (_, i) => i + 1));
    const wallet = await ctx()
      .database.db.selectFrom('wallets')
      .select('version')
      .where('id', '=', owner.walletId)
      .executeTakeFirstOrThrow();
    expect(wallet.version).toBe(writes);
  });

  it('interleaved creates, edits and deletes keep versions distinct and increasing in commit order', async () => {
    const owner = await registerUser(app());
    const seed = await Promise.all(Array.from({ length: 6 }, () => createExpense(app(), owner)));
    const operations = seed.flatMap((expense, i) => [
      app().inject({
        method: 'PATCH',
        url: `${API}/expenses/${expense.id}`,
        headers: owner.auth,
        payload: { note: `edit ${String(i)}` },
      }),
      i % 2 === 0
        ? app().inject({ method: 'DELETE', url: `${API}/expenses/${expense.id}`, headers: owner.auth })
        : app().inject({
            method: 'POST',
            url: `${API}/expenses`,
            headers: owner.auth,
            payload: { amount: '1', category: 'x', date: '2026-01-01' },
          }),
    ]);
    const responses = await Promise.all(operations);
    for (const response of responses) expect([200, 201, 204, 404]).toContain(response.statusCode);
    const rows = await ctx()
      .database.db.selectFrom('expenses')
      .select(['version'])
      .where('wallet_id', '=', owner.walletId)
      .execute();
    const wallet = await ctx()
      .database.db.selectFrom('wallets')
      .select('version')
      .where('id', '=', owner.walletId)
      .executeTakeFirstOrThrow();
    const versions = rows.map((r) => r.version);
    expect(new Set(versions).size).toBe(versions.length);
    expect(Math.max(...versions)).toBe(wallet.version);
    const successfulWrites = 6 + responses.filter((r) => r.statusCode < 300).length;
    expect(wallet.version).toBe(successfulWrites);
  });

  it('lets exactly one of several concurrent PATCHes with the same If-Match win', async () => {
    const owner = await registerUser(app());
    const expense = await createExpense(app(), owner);
    const responses = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        app().inject({
          method: 'PATCH',
          url: `${API}/expenses/${expense.id}`,
          headers: { ...owner.auth, 'if-match': `"${String(expense.version)}"` },
          payload: { amount: `${String(i + 1)}.00` },
        }),
      ),
    );
    const statuses = responses.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, 412, 412, 412, 412]);
    const winner = responses.find((r) => r.statusCode === 200)?.json<Expense>();
    const stored = await app().inject({ method: 'GET', url: `${API}/expenses/${expense.id}`, headers: owner.auth });
    expect(stored.json<Expense>().amount).toBe(winner?.amount);
  });
});
