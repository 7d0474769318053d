import type { Changes, Expense, ExpensePage, Wallet } from '@ttm/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from './support/app.js';
import { API, createExpense, registerUser, type TestUser } from './support/factories.js';

describeEachDatabase('incremental sync', (ctx) => {
  const app = () => ctx().app;
  const changes = async (user: TestUser, since: number, limit = 500) => {
    const response = await app().inject({
      method: 'GET',
      url: `${API}/wallets/${user.walletId}/changes?since=${String(since)}&limit=${String(limit)}`,
      headers: user.auth,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Changes>();
  };
  const everything = async (user: TestUser) => {
    const items: Expense[] = [];
    let cursor: string | null = null;
    do {
      const page: ExpensePage = (
        await app().inject({
          method: 'GET',
          url: `${API}/expenses?limit=200${cursor ? `&cursor=${cursor}` : ''}`,
          headers: user.auth,
        })
      ).json<ExpensePage>();
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  };

  describe('GET /wallets/:id/changes', () => {
    it('returns everything from 0, then only what changed or was deleted since the version it handed out', async () => {
      const user = await registerUser(app());
      const a = await createExpense(app(), user, { note: 'a' });
      const b = await createExpense(app(), user, { note: 'b' });
      const first = await changes(user, 0);
      expect(first.items.map((e) => e.id)).toEqual([a.id, b.id]);
      expect(first.deleted).toEqual([]);
      expect(first).toMatchObject({ nextSince: 2, hasMore: false });

      await app().inject({
        method: 'PATCH',
        url: `${API}/expenses/${a.id}`,
        headers: user.auth,
        payload: { note: 'a2' },
      });
      await app().inject({ method: 'DELETE', url: `${API}/expenses/${b.id}`, headers: user.auth });
      const second = await changes(user, first.nextSince);
      expect(second.items.map((e) => [e.id, e.note])).toEqual([[a.id, 'a2']]);
      expect(second.deleted).toEqual([{ id: b.id, version: 4 }]);
      expect(second.nextSince).toBe(4);
      expect(await changes(user, second.nextSince)).toEqual({ items: [], deleted: [], nextSince: 4, hasMore: false });
    });

    it('pages with hasMore and nextSince when the limit cuts the changes', async () => {
      const user = await registerUser(app());
      for (let i = 0; i < 5; i += 1) await createExpense(app(), user, { note: String(i) });
      const page1 = await changes(user, 0, 2);
      expect(page1).toMatchObject({ nextSince: 2, hasMore: true });
      const page2 = await changes(user, page1.nextSince, 2);
      const page3 = await changes(user, page2.nextSince, 2);
      expect(page3.hasMore).toBe(false);
      expect([...page1.items, ...page2.items, ...page3.items].map((e) => e.note)).toEqual(['0', '1', '2', '3', '4']);
    });

    it('reports the same version as GET /wallets, so a device can skip a pull when nothing changed', async () => {
      const user = await registerUser(app());
      await createExpense(app(), user);
      const wallets = (await app().inject({ method: 'GET', url: `${API}/wallets`, headers: user.auth })).json<
        Wallet[]
      >();
      expect(wallets[0]?.version).toBe((await changes(user, 0)).nextSince);
    });

    it('returns 400 for a negative or non-numeric since', async () => {
      const user = await registerUser(app());
      for (const since of ['-1', 'abc', '1.5']) {
        const response = await app().inject({
          method: 'GET',
          url: `${API}/wallets/${user.walletId}/changes?since=${since}`,
          headers: user.auth,
        });
        expect(response.statusCode, since).toBe(400);
      }
    });
  });

  it('a device that pulls changes between random writes always ends with exactly the server history', async () => {
    type Op =
      | { kind: 'create'; cents: number; day: number }
      | { kind: 'update'; pick: number; cents: number }
      | { kind: 'delete'; pick: number }
      | { kind: 'pull'; limit: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({
        kind: fc.constant('create' as const),
        cents: fc.integer({ min: 1, max: 100_000 }),
        day: fc.integer({ min: 1, max: 28 }),
      }),
      fc.record({ kind: fc.constant('update' as const), pick: fc.nat(), cents: fc.integer({ min: 1, max: 100_000 }) }),
      fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('pull' as const), limit: fc.integer({ min: 1, max: 4 }) }),
    );

    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const user = await registerUser(app());
        const live: string[] = [];
        const replica = new Map<string, Expense>();
        let since = 0;
        const pull = async (limit: number) => {
          let page: Changes;
          do {
            page = await changes(user, since, limit);
            for (const item of page.items) replica.set(item.id, item);
            for (const gone of page.deleted) replica.delete(gone.id);
            since = page.nextSince;
          } while (page.hasMore);
        };
        for (const step of ops) {
          if (step.kind === 'create') {
            const amount = `${String(Math.floor(step.cents / 100))}.${String(step.cents % 100).padStart(2, '0')}`;
            live.push(
              (await createExpense(app(), user, { amount, date: `2026-02-${String(step.day).padStart(2, '0')}` })).id,
            );
          } else if (step.kind === 'update' && live.length > 0) {
            const id = live[step.pick % live.length] ?? '';
            await app().inject({
              method: 'PATCH',
              url: `${API}/expenses/${id}`,
              headers: user.auth,
              payload: { amount: step.cents / 100 },
            });
          } else if (step.kind === 'delete' && live.length > 0) {
            const [id = ''] = live.splice(step.pick % live.length, 1);
            await app().inject({ method: 'DELETE', url: `${API}/expenses/${id}`, headers: user.auth });
          } else if (step.kind === 'pull') {
            await pull(step.limit);
          }
        }
        await pull(3);
        const server = await everything(user);
        expect(new Map(server.map((e) => [e.id, e]))).toEqual(replica);
      }),
      { numRuns: 15 },
    );
  });
});
