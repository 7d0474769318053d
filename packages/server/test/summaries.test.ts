import type { CategorySummary, Expense, MemberTotal, MonthlySummary, Problem, Wallet } from '@ttm/contract';
import { minorToDecimal } from '@ttm/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from './support/app.js';
import {
  addMember,
  API,
  createExpense,
  createSharedWallet,
  PASSWORD,
  registerUser,
  type TestUser,
} from './support/factories.js';

/** The income fields of a period without income: nothing received, the balance is minus the spending. */
function noIncome(spent: string) {
  return { income: '0.00', incomeCount: 0, balance: spent === '0.00' ? '0.00' : `-${spent}` };
}

/** The app's "now": 2026-11-22, so the default range is 2025-12 .. 2026-11. */
const NOW = Date.parse('2026-11-22T12:00:00.000Z');

interface Expected {
  total: number;
  count: number;
  categories: Map<string, { total: number; count: number }>;
}

/** Brute force: what the monthly summary must say for these expenses, in minor units. */
function expectedMonths(expenses: readonly { minor: number; date: string; category: string }[]): Map<string, Expected> {
  const months = new Map<string, Expected>();
  for (const expense of expenses) {
    const month = expense.date.slice(0, 7);
    const bucket = months.get(month) ?? {
      total: 0,
      count: 0,
      categories: new Map<string, { total: number; count: number }>(),
    };
    bucket.total += expense.minor;
    bucket.count += 1;
    const category = bucket.categories.get(expense.category) ?? { total: 0, count: 0 };
    category.total += expense.minor;
    category.count += 1;
    bucket.categories.set(expense.category, category);
    months.set(month, bucket);
  }
  return months;
}

describeEachDatabase(
  'summaries',
  (ctx) => {
    const app = () => ctx().app;

    async function monthly(user: TestUser, query: string): Promise<MonthlySummary> {
      const response = await app().inject({ method: 'GET', url: `${API}/summary/monthly${query}`, headers: user.auth });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<MonthlySummary>();
    }

    async function categories(user: TestUser, query: string): Promise<CategorySummary> {
      const response = await app().inject({
        method: 'GET',
        url: `${API}/summary/categories${query}`,
        headers: user.auth,
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<CategorySummary>();
    }

    async function patch(user: TestUser, id: string, payload: Record<string, unknown>): Promise<void> {
      const response = await app().inject({
        method: 'PATCH',
        url: `${API}/expenses/${id}`,
        headers: user.auth,
        payload,
      });
      expect(response.statusCode, response.body).toBe(200);
    }

    async function remove(user: TestUser, id: string): Promise<void> {
      const response = await app().inject({ method: 'DELETE', url: `${API}/expenses/${id}`, headers: user.auth });
      expect(response.statusCode, response.body).toBe(204);
    }

    function month(summary: MonthlySummary, name: string) {
      const found = summary.months.find((m) => m.month === name);
      if (!found) throw new Error(`month ${name} missing from the summary`);
      return found;
    }

    /** Members largest total first; the order among equal totals is not part of the contract. */
    function expectMembers(actual: readonly MemberTotal[] | undefined, expected: readonly MemberTotal[]): void {
      if (!actual) throw new Error('members missing from a shared wallet summary');
      const cents = (total: string) => Number(total.replace('.', ''));
      for (let i = 1; i < actual.length; i += 1) {
        expect(cents(actual[i - 1]?.total ?? '0')).toBeGreaterThanOrEqual(cents(actual[i]?.total ?? '0'));
      }
      const byId = (a: MemberTotal, b: MemberTotal) => (a.userId ?? '').localeCompare(b.userId ?? '');
      expect([...actual].sort(byId)).toEqual([...expected].sort(byId));
    }

    function sharedWallet(owner: TestUser, name = 'Flat'): Promise<Wallet> {
      return createSharedWallet(app(), owner, { name });
    }

    function join(owner: TestUser, walletId: string, guest: TestUser, role: 'editor' | 'viewer'): Promise<void> {
      return addMember(app(), owner, walletId, guest, role);
    }

    describe('exact totals', () => {
      it('adds 0.10 and 0.20 to exactly "0.30"', async () => {
        const user = await registerUser(app());
        await createExpense(app(), user, { amount: '0.10', date: '2026-03-05', category: 'Food' });
        await createExpense(app(), user, { amount: '0.20', date: '2026-03-06', category: 'Food' });
        const summary = await monthly(user, '?from=2026-03&to=2026-03');
        expect(summary.months).toEqual([
          {
            month: '2026-03',
            total: '0.30',
            count: 2,
            ...noIncome('0.30'),
            categories: [{ category: 'Food', total: '0.30', count: 2 }],
          },
        ]);
        const byCategory = await categories(user, '?from=2026-03-01&to=2026-03-31');
        expect(byCategory).toEqual({
          currency: 'EUR',
          total: '0.30',
          count: 2,
          ...noIncome('0.30'),
          categories: [{ category: 'Food', total: '0.30', count: 2, share: 1 }],
        });
      });

      it('sums 100 expenses of 0.01 and 0.07 to their exact integer sum, not a float approximation', async () => {
        const user = await registerUser(app());
        for (let i = 0; i < 50; i += 1) {
          await createExpense(app(), user, { amount: '0.01', date: '2026-04-01', category: 'Pennies' });
          await createExpense(app(), user, { amount: '0.07', date: '2026-04-30', category: 'Sevens' });
        }
        const summary = await monthly(user, '?from=2026-04&to=2026-04');
        expect(month(summary, '2026-04')).toEqual({
          month: '2026-04',
          total: '4.00',
          count: 100,
          ...noIncome('4.00'),
          categories: [
            { category: 'Sevens', total: '3.50', count: 50 },
            { category: 'Pennies', total: '0.50', count: 50 },
          ],
        });
      });

      it('keeps totals exact near the maximum amount and for JPY and KWD wallets', async () => {
        const eur = await registerUser(app());
        await createExpense(app(), eur, { amount: '999999999.99', date: '2026-05-01' });
        await createExpense(app(), eur, { amount: '999999999.99', date: '2026-05-02' });
        await createExpense(app(), eur, { amount: '0.03', date: '2026-05-03' });
        expect(month(await monthly(eur, '?from=2026-05&to=2026-05'), '2026-05').total).toBe('2000000000.01');
        const yen = await registerUser(app(), { currency: 'JPY' });
        await createExpense(app(), yen, { amount: '1500', date: '2026-05-01' });
        await createExpense(app(), yen, { amount: '1', date: '2026-05-02' });
        const yenSummary = await monthly(yen, '?from=2026-05&to=2026-05');
        expect(yenSummary.currency).toBe('JPY');
        expect(month(yenSummary, '2026-05').total).toBe('1501');
        const dinar = await registerUser(app(), { currency: 'KWD' });
        await createExpense(app(), dinar, { amount: '0.001', date: '2026-05-01' });
        await createExpense(app(), dinar, { amount: '0.002', date: '2026-05-01' });
        expect(month(await monthly(dinar, '?from=2026-05&to=2026-05'), '2026-05').total).toBe('0.003');
      });

      it('property: random expenses, then random edits and deletes, give monthly totals equal to the integer sums', async () => {
        const categoryNames = ['Food', 'Rent', 'Travel'];
        const expenseArb = fc.record({
          minor: fc.integer({ min: 1, max: 99_999_99 }),
          month: fc.constantFrom('2025-12', '2026-01', '2026-02', '2026-03'),
          day: fc.integer({ min: 1, max: 28 }),
          category: fc.constantFrom(...categoryNames),
        });
        const changeArb = fc.record({
          index: fc.nat(),
          kind: fc.constantFrom('amount', 'date', 'category', 'all', 'delete'),
          replacement: expenseArb,
        });
        const dateOf = (e: { month: string; day: number }) => `${e.month}-${String(e.day).padStart(2, '0')}`;

        await fc.assert(
          fc.asyncProperty(
            fc.array(expenseArb, { minLength: 1, maxLength: 12 }),
            fc.array(changeArb, { maxLength: 6 }),
            async (inputs, changes) => {
              const user = await registerUser(app());
              const live = new Map<string, { minor: number; date: string; category: string }>();
              for (const input of inputs) {
                const created = await createExpense(app(), user, {
                  amount: minorToDecimal(input.minor, 'EUR'),
                  date: dateOf(input),
                  category: input.category,
                });
                live.set(created.id, { minor: input.minor, date: dateOf(input), category: input.category });
              }
              const check = async () => {
                const expected = expectedMonths([...live.values()]);
                const summary = await monthly(user, '?from=2025-12&to=2026-03');
                expect(summary.months.map((m) => m.month)).toEqual(['2025-12', '2026-01', '2026-02', '2026-03']);
                for (const m of summary.months) {
                  const want = expected.get(m.month);
                  expect(m.total).toBe(minorToDecimal(want?.total ?? 0, 'EUR'));
                  expect(m.count).toBe(want?.count ?? 0);
                  const wantCategories = [...(want?.categories.entries() ?? [])]
                    .map(([category, c]) => ({ category, total: minorToDecimal(c.total, 'EUR'), count: c.count }))
                    .sort((a, b) => a.category.localeCompare(b.category));
                  expect([...m.categories].sort((a, b) => a.category.localeCompare(b.category))).toEqual(
                    wantCategories,
                  );
                }
              };
              await check();
              for (const change of changes) {
                const ids = [...live.keys()];
                if (ids.length === 0) break;
                const id = ids[change.index % ids.length] ?? '';
                const current = live.get(id);
                if (!current) throw new Error('unknown expense');
                const r = change.replacement;
                if (change.kind === 'delete') {
                  await remove(user, id);
                  live.delete(id);
                } else if (change.kind === 'amount') {
                  await patch(user, id, { amount: minorToDecimal(r.minor, 'EUR') });
                  live.set(id, { ...current, minor: r.minor });
                } else if (change.kind === 'date') {
                  await patch(user, id, { date: dateOf(r) });
                  live.set(id, { ...current, date: dateOf(r) });
                } else if (change.kind === 'category') {
                  await patch(user, id, { category: r.category });
                  live.set(id, { ...current, category: r.category });
                } else {
                  await patch(user, id, {
                    amount: minorToDecimal(r.minor, 'EUR'),
                    date: dateOf(r),
                    category: r.category,
                  });
                  live.set(id, { minor: r.minor, date: dateOf(r), category: r.category });
                }
              }
              await check();
            },
          ),
          { numRuns: 12 },
        );
      });
    });

    describe('months', () => {
      it('puts Jan 31 and Feb 1, Dec 31 and Jan 1, and Feb 29 of a leap year in their own months', async () => {
        const user = await registerUser(app());
        await createExpense(app(), user, { amount: '1.00', date: '2027-12-31' });
        await createExpense(app(), user, { amount: '2.00', date: '2028-01-01' });
        await createExpense(app(), user, { amount: '4.00', date: '2028-01-31' });
        await createExpense(app(), user, { amount: '8.00', date: '2028-02-01' });
        await createExpense(app(), user, { amount: '16.00', date: '2028-02-29' });
        await createExpense(app(), user, { amount: '32.00', date: '2028-03-01' });
        const summary = await monthly(user, '?from=2027-12&to=2028-03');
        expect(summary.months.map((m) => [m.month, m.total, m.count])).toEqual([
          ['2027-12', '1.00', 1],
          ['2028-01', '6.00', 2],
          ['2028-02', '24.00', 2],
          ['2028-03', '32.00', 1],
        ]);
        expect((await categories(user, '?from=2028-02-29&to=2028-02-29')).total).toBe('16.00');
        expect((await categories(user, '?from=2028-01-31&to=2028-02-01')).total).toBe('12.00');
        expect((await categories(user, '?from=2027-12-31&to=2028-01-01')).total).toBe('3.00');
      });

      it('lists every month of the range, zero months included, in order', async () => {
        const user = await registerUser(app());
        await createExpense(app(), user, { amount: '5.00', date: '2025-11-15' });
        await createExpense(app(), user, { amount: '7.00', date: '2026-02-15' });
        const summary = await monthly(user, '?from=2025-10&to=2026-03');
        expect(summary.months).toEqual([
          { month: '2025-10', total: '0.00', count: 0, ...noIncome('0.00'), categories: [] },
          {
            month: '2025-11',
            total: '5.00',
            count: 1,
            ...noIncome('5.00'),
            categories: [{ category: 'Groceries', total: '5.00', count: 1 }],
          },
          { month: '2025-12', total: '0.00', count: 0, ...noIncome('0.00'), categories: [] },
          { month: '2026-01', total: '0.00', count: 0, ...noIncome('0.00'), categories: [] },
          {
            month: '2026-02',
            total: '7.00',
            count: 1,
            ...noIncome('7.00'),
            categories: [{ category: 'Groceries', total: '7.00', count: 1 }],
          },
          { month: '2026-03', total: '0.00', count: 0, ...noIncome('0.00'), categories: [] },
        ]);
      });

      it('defaults to the 12 months ending with the current month (UTC)', async () => {
        const user = await registerUser(app());
        await createExpense(app(), user, { amount: '1.00', date: '2025-11-30' });
        await createExpense(app(), user, { amount: '2.00', date: '2025-12-01' });
        await createExpense(app(), user, { amount: '3.00', date: '2026-11-22' });
        await createExpense(app(), user, { amount: '4.00', date: '2026-12-01' });
        const summary = await monthly(user, '');
        expect(summary.months.map((m) => m.month)).toEqual([
          '2025-12',
          '2026-01',
          '2026-02',
          '2026-03',
          '2026-04',
          '2026-05',
          '2026-06',
          '2026-07',
          '2026-08',
          '2026-09',
          '2026-10',
          '2026-11',
        ]);
        expect(summary.months.reduce((sum, m) => sum + m.count, 0)).toBe(2);
        expect(month(summary, '2025-12').total).toBe('2.00');
        expect(month(summary, '2026-11').total).toBe('3.00');
        const onlyTo = await monthly(user, '?to=2026-02');
        expect(onlyTo.months[0]?.month).toBe('2025-03');
        expect(onlyTo.months.at(-1)?.month).toBe('2026-02');
        expect(onlyTo.months).toHaveLength(12);
      });

      it('defaults the category summary to the current month up to today', async () => {
        const user = await registerUser(app());
        await createExpense(app(), user, { amount: '1.00', date: '2026-10-31' });
        await createExpense(app(), user, { amount: '2.00', date: '2026-11-01' });
        await createExpense(app(), user, { amount: '3.00', date: '2026-11-22' });
        await createExpense(app(), user, { amount: '4.00', date: '2026-11-23' });
        const summary = await categories(user, '');
        expect(summary).toMatchObject({ total: '5.00', count: 2 });
      });

      it('accepts a range of exactly 120 months and returns 400 for 121 months or from after to', async () => {
        const user = await registerUser(app());
        expect((await monthly(user, '?from=2017-01&to=2026-12')).months).toHaveLength(120);
        const cases = ['?from=2016-12&to=2026-12', '?from=2026-05&to=2026-04', '?from=2000-01&to=2026-12'];
        for (const query of cases) {
          const response = await app().inject({
            method: 'GET',
            url: `${API}/summary/monthly${query}`,
            headers: user.auth,
          });
          expect(response.statusCode, query).toBe(400);
          expect(response.headers['content-type']).toContain('application/problem+json');
        }
        const days = await app().inject({
          method: 'GET',
          url: `${API}/summary/categories?from=2026-03-02&to=2026-03-01`,
          headers: user.auth,
        });
        expect(days.statusCode).toBe(400);
      });

      it('returns 400 for malformed months and dates', async () => {
        const user = await registerUser(app());
        for (const url of [
          '/summary/monthly?from=2026-13',
          '/summary/monthly?to=2026-1',
          '/summary/categories?from=2026-02-30',
          '/summary/categories?to=tomorrow',
        ]) {
          const response = await app().inject({ method: 'GET', url: `${API}${url}`, headers: user.auth });
          expect(response.statusCode, url).toBe(400);
        }
      });

      it('answers a wallet with no data with zero months and an empty category summary', async () => {
        const user = await registerUser(app());
        const summary = await monthly(user, '?from=2026-01&to=2026-03');
        expect(summary).toEqual({
          currency: 'EUR',
          months: ['2026-01', '2026-02', '2026-03'].map((m) => ({
            month: m,
            total: '0.00',
            count: 0,
            ...noIncome('0.00'),
            categories: [],
          })),
        });
        expect(await categories(user, '?from=2026-01-01&to=2026-03-31')).toEqual({
          currency: 'EUR',
          total: '0.00',
          count: 0,
          ...noIncome('0.00'),
          categories: [],
        });
      });
    });

    describe('categories', () => {
      it('sorts by total descending, then by name, with shares summing to 1 within 0.0001', async () => {
        const user = await registerUser(app());
        const amounts: [string, string][] = [
          ['Rent', '700.00'],
          ['Food', '123.45'],
          ['Food', '0.01'],
          ['Travel', '99.99'],
          ['Books', '33.33'],
          ['Alpha', '33.33'],
          ['Coffee', '0.01'],
        ];
        for (const [category, amount] of amounts)
          await createExpense(app(), user, { amount, category, date: '2026-06-10' });
        const summary = await categories(user, '?from=2026-06-01&to=2026-06-30');
        expect(summary.total).toBe('990.12');
        expect(summary.categories.map((c) => [c.category, c.total, c.count])).toEqual([
          ['Rent', '700.00', 1],
          ['Food', '123.46', 2],
          ['Travel', '99.99', 1],
          ['Alpha', '33.33', 1],
          ['Books', '33.33', 1],
          ['Coffee', '0.01', 1],
        ]);
        const sum = summary.categories.reduce((s, c) => s + c.share, 0);
        expect(Math.abs(sum - 1)).toBeLessThanOrEqual(0.0001 + 1e-9);
        expect(summary.categories[0]?.share).toBeCloseTo(700 / 990.12, 4);
      });

      it('keeps shares summing to 1 within 0.0001 when seven categories split the total evenly', async () => {
        const user = await registerUser(app());
        for (const category of ['A', 'B', 'C', 'D', 'E', 'F', 'G']) {
          await createExpense(app(), user, { amount: '1.00', category, date: '2026-07-01' });
        }
        const summary = await categories(user, '?from=2026-07-01&to=2026-07-31');
        expect(summary.categories).toHaveLength(7);
        const sum = summary.categories.reduce((s, c) => s + c.share, 0);
        expect(
          Math.abs(sum - 1),
          `shares ${summary.categories.map((c) => c.share).join(' + ')} = ${String(sum)}`,
        ).toBeLessThanOrEqual(0.0001 + 1e-9);
      });

      it('property: partial-month ranges equal a brute-force sum over the expenses', async () => {
        const user = await registerUser(app());
        const seed: { minor: number; date: string; category: string }[] = [];
        const days = [
          '2025-12-31',
          '2026-01-01',
          '2026-01-14',
          '2026-01-15',
          '2026-01-31',
          '2026-02-01',
          '2026-02-28',
          '2026-03-01',
          '2026-03-10',
          '2026-03-11',
          '2026-03-31',
          '2026-04-01',
        ];
        for (const [index, date] of days.entries()) {
          for (const category of ['Food', 'Rent']) {
            const minor = 101 * (index + 1) + (category === 'Rent' ? 7 : 0);
            await createExpense(app(), user, { amount: minorToDecimal(minor, 'EUR'), date, category });
            seed.push({ minor, date, category });
          }
        }
        const check = async (from: string, to: string) => {
          const inRange = seed.filter((e) => e.date >= from && e.date <= to);
          const summary = await categories(user, `?from=${from}&to=${to}`);
          const total = inRange.reduce((s, e) => s + e.minor, 0);
          expect(summary.total, `${from}..${to}`).toBe(minorToDecimal(total, 'EUR'));
          expect(summary.count, `${from}..${to}`).toBe(inRange.length);
          for (const category of ['Food', 'Rent']) {
            const rows = inRange.filter((e) => e.category === category);
            const found = summary.categories.find((c) => c.category === category);
            if (rows.length === 0) expect(found).toBeUndefined();
            else
              expect(found).toMatchObject({
                total: minorToDecimal(
                  rows.reduce((s, e) => s + e.minor, 0),
                  'EUR',
                ),
                count: rows.length,
              });
          }
        };
        await check('2026-01-15', '2026-03-10');
        await check('2026-01-01', '2026-03-31');
        await check('2026-01-14', '2026-01-31');
        await check('2026-02-01', '2026-02-28');
        await check('2026-03-11', '2026-03-11');
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom(...days, '2026-02-14'),
            fc.constantFrom(...days, '2026-02-14'),
            async (a, b) => {
              await check(a <= b ? a : b, a <= b ? b : a);
            },
          ),
          { numRuns: 40 },
        );
      });
    });

    describe('edits and deletes', () => {
      it('moves totals when an expense changes amount, date across months, category, and when it is deleted', async () => {
        const user = await registerUser(app());
        const a = await createExpense(app(), user, { amount: '10.00', date: '2026-01-31', category: 'Food' });
        const b = await createExpense(app(), user, { amount: '5.00', date: '2026-01-10', category: 'Rent' });
        const snapshot = async () =>
          (await monthly(user, '?from=2026-01&to=2026-02')).months.map((m) => ({
            month: m.month,
            total: m.total,
            categories: m.categories.map((c) => `${c.category}=${c.total}/${String(c.count)}`),
          }));
        expect(await snapshot()).toEqual([
          { month: '2026-01', total: '15.00', categories: ['Food=10.00/1', 'Rent=5.00/1'] },
          { month: '2026-02', total: '0.00', categories: [] },
        ]);
        await patch(user, a.id, { amount: '2.50' });
        expect(await snapshot()).toEqual([
          { month: '2026-01', total: '7.50', categories: ['Rent=5.00/1', 'Food=2.50/1'] },
          { month: '2026-02', total: '0.00', categories: [] },
        ]);
        await patch(user, a.id, { date: '2026-02-01' });
        expect(await snapshot()).toEqual([
          { month: '2026-01', total: '5.00', categories: ['Rent=5.00/1'] },
          { month: '2026-02', total: '2.50', categories: ['Food=2.50/1'] },
        ]);
        await patch(user, a.id, { category: 'Travel' });
        await patch(user, b.id, { category: 'travel', date: '2026-02-28', amount: '0.10' });
        expect(await snapshot()).toEqual([
          { month: '2026-01', total: '0.00', categories: [] },
          { month: '2026-02', total: '2.60', categories: ['Travel=2.60/2'] },
        ]);
        expect((await categories(user, '?from=2026-02-01&to=2026-02-27')).total).toBe('2.50');
        await remove(user, a.id);
        expect(await snapshot()).toEqual([
          { month: '2026-01', total: '0.00', categories: [] },
          { month: '2026-02', total: '0.10', categories: ['Travel=0.10/1'] },
        ]);
        expect((await categories(user, '?from=2026-02-01&to=2026-02-27')).total).toBe('0.00');
        await remove(user, b.id);
        expect(await snapshot()).toEqual([
          { month: '2026-01', total: '0.00', categories: [] },
          { month: '2026-02', total: '0.00', categories: [] },
        ]);
      });
    });

    describe('shared wallets', () => {
      it('carry members with who spent what, zero members included; personal wallets carry no members', async () => {
        const owner = await registerUser(app());
        const editor = await registerUser(app());
        const viewer = await registerUser(app());
        const wallet = await sharedWallet(owner);
        await join(owner, wallet.id, editor, 'editor');
        await join(owner, wallet.id, viewer, 'viewer');
        await createExpense(app(), owner, {
          walletId: wallet.id,
          amount: '10.00',
          date: '2026-03-01',
          category: 'Food',
        });
        await createExpense(app(), editor, {
          walletId: wallet.id,
          amount: '0.10',
          date: '2026-03-02',
          category: 'Food',
        });
        await createExpense(app(), editor, {
          walletId: wallet.id,
          amount: '0.20',
          date: '2026-03-31',
          category: 'Rent',
        });
        await createExpense(app(), owner, { amount: '99.00', date: '2026-03-05' });

        const summary = await monthly(viewer, `?walletId=${wallet.id}&from=2026-03&to=2026-03`);
        expect(month(summary, '2026-03').total).toBe('10.30');
        expectMembers(summary.members, [
          { userId: owner.id, email: owner.email, total: '10.00', count: 1 },
          { userId: editor.id, email: editor.email, total: '0.30', count: 2 },
          { userId: viewer.id, email: viewer.email, total: '0.00', count: 0 },
        ]);
        const partial = await categories(owner, `?walletId=${wallet.id}&from=2026-03-02&to=2026-03-31`);
        expect(partial.total).toBe('0.30');
        expectMembers(partial.members, [
          { userId: editor.id, email: editor.email, total: '0.30', count: 2 },
          { userId: owner.id, email: owner.email, total: '0.00', count: 0 },
          { userId: viewer.id, email: viewer.email, total: '0.00', count: 0 },
        ]);

        const personal = await app().inject({
          method: 'GET',
          url: `${API}/summary/monthly?from=2026-03&to=2026-03`,
          headers: owner.auth,
        });
        expect(personal.json<Record<string, unknown>>()).not.toHaveProperty('members');
        const personalCategories = await app().inject({
          method: 'GET',
          url: `${API}/summary/categories?from=2026-03-01&to=2026-03-31`,
          headers: owner.auth,
        });
        expect(personalCategories.json<Record<string, unknown>>()).not.toHaveProperty('members');
        expect(personalCategories.json<CategorySummary>().total).toBe('99.00');
      });

      it("keeps a deleted account's spending in the wallet totals, attributed to userId null", async () => {
        const owner = await registerUser(app());
        const leaver = await registerUser(app());
        const wallet = await sharedWallet(owner);
        await join(owner, wallet.id, leaver, 'editor');
        await createExpense(app(), owner, {
          walletId: wallet.id,
          amount: '1.00',
          date: '2026-01-20',
          category: 'Food',
        });
        await createExpense(app(), leaver, {
          walletId: wallet.id,
          amount: '2.00',
          date: '2026-01-10',
          category: 'Food',
        });
        await createExpense(app(), leaver, {
          walletId: wallet.id,
          amount: '4.00',
          date: '2026-02-10',
          category: 'Rent',
        });
        const deleted = await app().inject({
          method: 'DELETE',
          url: `${API}/me`,
          headers: leaver.auth,
          payload: { password: PASSWORD },
        });
        expect(deleted.statusCode, deleted.body).toBe(204);

        const summary = await monthly(owner, `?walletId=${wallet.id}&from=2026-01&to=2026-02`);
        expect(summary.months.map((m) => [m.month, m.total, m.count])).toEqual([
          ['2026-01', '3.00', 2],
          ['2026-02', '4.00', 1],
        ]);
        expect(summary.members).toEqual([
          { userId: null, email: null, total: '6.00', count: 2 },
          { userId: owner.id, email: owner.email, total: '1.00', count: 1 },
        ]);
        // Partial months are read from the expenses, whole months from the aggregates: one null member either way.
        const mixed = await categories(owner, `?walletId=${wallet.id}&from=2026-01-05&to=2026-02-28`);
        expect(mixed.total).toBe('7.00');
        expect(mixed.members).toEqual([
          { userId: null, email: null, total: '6.00', count: 2 },
          { userId: owner.id, email: owner.email, total: '1.00', count: 1 },
        ]);
        const history = await app().inject({
          method: 'GET',
          url: `${API}/expenses?walletId=${wallet.id}`,
          headers: owner.auth,
        });
        expect(history.json<{ items: Expense[] }>().items.filter((e) => e.createdBy === null)).toHaveLength(2);
      });
    });

    describe('access', () => {
      it("returns 404 problem+json for another user's wallet on both summaries", async () => {
        const owner = await registerUser(app());
        const stranger = await registerUser(app());
        await createExpense(app(), owner, { date: '2026-03-01' });
        for (const url of [
          `/summary/monthly?walletId=${owner.walletId}`,
          `/summary/categories?walletId=${owner.walletId}`,
        ]) {
          const response = await app().inject({ method: 'GET', url: `${API}${url}`, headers: stranger.auth });
          expect(response.statusCode, url).toBe(404);
          expect(response.json<Problem>().code).toBe('not_found');
        }
      });
    });
  },
  { clock: () => NOW },
);
