import { randomUUID } from 'node:crypto';
import type { Category, Expense, ExpensePage, ImportResult, MonthlySummary, Problem, Wallet } from '@ttm/contract';
import { minorToDecimal } from '@ttm/contract';
import { parse } from 'csv-parse/sync';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from './support/app.js';
import { addMember, API, createExpense, createSharedWallet, registerUser, type TestUser } from './support/factories.js';

const HEADER = 'date,amount,currency,category,note,id,createdAt,kind,originalAmount,originalCurrency,rate';
const FORMULA_START = /^[=+\-@\t\r]/;

function rowsOf(csv: string): string[][] {
  return parse(csv, { relax_column_count: true });
}

describeEachDatabase('csv', (ctx) => {
  const app = () => ctx().app;

  function exportRequest(user: TestUser, query = '') {
    return app().inject({ method: 'GET', url: `${API}/expenses/export.csv${query}`, headers: user.auth });
  }

  async function exportCsv(user: TestUser, query = ''): Promise<string> {
    const response = await exportRequest(user, query);
    expect(response.statusCode, response.body).toBe(200);
    return response.body;
  }

  function importRequest(user: TestUser, csv: string, query = '', contentType = 'text/csv') {
    return app().inject({
      method: 'POST',
      url: `${API}/expenses/import${query}`,
      headers: { ...user.auth, 'content-type': contentType },
      payload: csv,
    });
  }

  async function importCsv(user: TestUser, csv: string, query = ''): Promise<ImportResult> {
    const response = await importRequest(user, csv, query);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<ImportResult>();
  }

  async function history(user: TestUser, walletId = user.walletId): Promise<Expense[]> {
    const items: Expense[] = [];
    let cursor: string | null = null;
    do {
      const response: LightMyRequestResponse = await app().inject({
        method: 'GET',
        url: `${API}/expenses?walletId=${walletId}&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        headers: user.auth,
      });
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json<ExpensePage>();
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  const content = (expenses: readonly Expense[]) =>
    expenses.map((e) => ({ date: e.date, amount: e.amount, category: e.category, note: e.note }));

  /** Everything an import could change that a user can see. */
  async function visibleState(user: TestUser, walletId = user.walletId) {
    const categories = await app().inject({
      method: 'GET',
      url: `${API}/categories?walletId=${walletId}`,
      headers: user.auth,
    });
    const summary = await app().inject({
      method: 'GET',
      url: `${API}/summary/monthly?walletId=${walletId}&from=2024-01&to=2027-12`,
      headers: user.auth,
    });
    return {
      history: await history(user, walletId),
      categories: categories.json<Category[]>(),
      summary: summary.json<MonthlySummary>(),
    };
  }

  async function sharedWalletWith(owner: TestUser, guest: TestUser, role: 'editor' | 'viewer'): Promise<Wallet> {
    const wallet = await createSharedWallet(app(), owner, { name: 'Trip' });
    await addMember(app(), owner, wallet.id, guest, role);
    return wallet;
  }

  const TRICKY_NOTES: (string | null)[] = [
    'He said "hi", then left',
    'line1\nline2',
    'crlf\r\ninside',
    '=1+1',
    '+44 20 7946 0000',
    '-5 refund',
    '@home',
    '\tindented',
    '\rcarriage',
    "'=already quoted",
    "'plain apostrophe",
    '  spaces both ends  ',
    'commas, and; semicolons',
    'Café 東京 🍣',
    '""',
    ',',
    null,
  ];
  const TRICKY_CATEGORIES = [
    'Food',
    '=HYPERLINK("http://x")',
    '+Plus',
    '-Minus',
    '@At',
    'Food, Drinks',
    'Say "cheese"',
    "'Quoted",
  ];

  async function seedTricky(user: TestUser): Promise<void> {
    for (const [index, note] of TRICKY_NOTES.entries()) {
      await createExpense(app(), user, {
        amount: `${String(index + 1)}.${String(index % 10)}5`,
        category: TRICKY_CATEGORIES[index % TRICKY_CATEGORIES.length] ?? 'Food',
        date: `2026-0${String(1 + (index % 3))}-${String(10 + index)}`,
        note,
      });
    }
    // Two identical expenses: both must survive a round trip.
    await createExpense(app(), user, { amount: '3.00', category: 'Coffee', date: '2024-02-29', note: 'same' });
    await createExpense(app(), user, { amount: '3.00', category: 'Coffee', date: '2024-02-29', note: 'same' });
  }

  describe('GET /expenses/export.csv', () => {
    it('answers text/csv; charset=utf-8 as an attachment whose first row is the header', async () => {
      const user = await registerUser(app());
      await createExpense(app(), user, { amount: '12.50', category: 'Food', date: '2026-11-20', note: 'Lunch' });
      const response = await exportRequest(user);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(String(response.headers['content-disposition'])).toMatch(/^attachment;\s*filename=".+\.csv"/);
      const lines = response.body.split('\r\n');
      expect(lines[0]).toBe(HEADER);
      const expense = (await history(user))[0];
      expect(lines[1]).toBe(
        `2026-11-20,12.50,EUR,Food,Lunch,${expense?.id ?? ''},${expense?.createdAt ?? ''},expense,,,`,
      );
      expect(lines.slice(2)).toEqual(['']);
    });

    it('exports only the header for a wallet with no expenses', async () => {
      const user = await registerUser(app());
      expect(await exportCsv(user)).toBe(`${HEADER}\r\n`);
    });

    it('quotes commas, quotes and newlines per RFC 4180 so a parser reads every cell back', async () => {
      const user = await registerUser(app());
      await createExpense(app(), user, {
        category: 'Food, Drinks',
        note: 'He said "hi"',
        date: '2026-01-01',
        amount: '1.00',
      });
      await createExpense(app(), user, { category: 'Food', note: 'two\nlines', date: '2026-01-02', amount: '2.00' });
      await createExpense(app(), user, { category: 'Food', note: 'cr\r\nlf', date: '2026-01-03', amount: '3.00' });
      const csv = await exportCsv(user);
      expect(csv).toContain('2026-01-01,1.00,EUR,"Food, Drinks","He said ""hi""",');
      expect(csv).toContain('2026-01-02,2.00,EUR,Food,"two\nlines",');
      expect(csv).toContain('2026-01-03,3.00,EUR,Food,"cr\r\nlf",');
      const rows = rowsOf(csv);
      expect(rows.map((row) => row.slice(0, 5))).toEqual([
        ['date', 'amount', 'currency', 'category', 'note'],
        ['2026-01-01', '1.00', 'EUR', 'Food, Drinks', 'He said "hi"'],
        ['2026-01-02', '2.00', 'EUR', 'Food', 'two\nlines'],
        ['2026-01-03', '3.00', 'EUR', 'Food', 'cr\r\nlf'],
      ]);
    });

    it('neutralises category and note cells starting with = + - @ tab or CR, and leaves amounts plain numbers', async () => {
      const user = await registerUser(app());
      const cases: [string, string][] = [
        ['=SUM(A1:A9)', '=cmd|"/c calc"!A0'],
        ['+Plus', '+1'],
        ['-Minus', '-2'],
        ['@At', '@SUM(1)'],
        ['Plain', '\tTab'],
        ['Plain', '\rCR'],
        ['Plain', "'=already"],
      ];
      for (const [category, note] of cases)
        await createExpense(app(), user, { category, note, amount: '12.50', date: '2026-05-05' });
      const rows = rowsOf(await exportCsv(user)).slice(1);
      expect(rows).toHaveLength(cases.length);
      for (const row of rows) {
        expect(row[1]).toBe('12.50');
        for (const cell of row) expect(cell).not.toMatch(FORMULA_START);
      }
      expect(rows.map((row) => [row[3], row[4]]).sort()).toEqual(
        [
          ["'=SUM(A1:A9)", '\'=cmd|"/c calc"!A0'],
          ["'+Plus", "'+1"],
          ["'-Minus", "'-2"],
          ["'@At", "'@SUM(1)"],
          ['Plain', "'\tTab"],
          ['Plain', "'\rCR"],
          ['Plain', "''=already"],
        ].sort(),
      );
    });

    it('writes JPY and KWD amounts with their own digits and no sign or symbol', async () => {
      const yen = await registerUser(app(), { currency: 'JPY' });
      await createExpense(app(), yen, { amount: '1500', date: '2026-01-01' });
      expect(rowsOf(await exportCsv(yen))[1]?.slice(0, 3)).toEqual(['2026-01-01', '1500', 'JPY']);
      const dinar = await registerUser(app(), { currency: 'KWD' });
      await createExpense(app(), dinar, { amount: '0.5', date: '2026-01-01' });
      expect(rowsOf(await exportCsv(dinar))[1]?.slice(0, 3)).toEqual(['2026-01-01', '0.500', 'KWD']);
    });

    it('filters by from, to and category (any case), oldest first', async () => {
      const user = await registerUser(app());
      await createExpense(app(), user, { date: '2026-02-28', category: 'Food', amount: '1.00' });
      await createExpense(app(), user, { date: '2026-03-01', category: 'Food', amount: '2.00' });
      await createExpense(app(), user, { date: '2026-03-15', category: 'Rent', amount: '3.00' });
      await createExpense(app(), user, { date: '2026-03-31', category: 'food', amount: '4.00' });
      await createExpense(app(), user, { date: '2026-04-01', category: 'Food', amount: '5.00' });
      const amounts = async (query: string) =>
        rowsOf(await exportCsv(user, query))
          .slice(1)
          .map((row) => row[1]);
      expect(await amounts('')).toEqual(['1.00', '2.00', '3.00', '4.00', '5.00']);
      expect(await amounts('?from=2026-03-01&to=2026-03-31')).toEqual(['2.00', '3.00', '4.00']);
      expect(await amounts('?from=2026-03-02')).toEqual(['3.00', '4.00', '5.00']);
      expect(await amounts('?to=2026-03-01')).toEqual(['1.00', '2.00']);
      expect(await amounts('?category=FOOD&from=2026-03-01')).toEqual(['2.00', '4.00', '5.00']);
      expect(await amounts('?category=Travel')).toEqual([]);
    });

    it('filters by the history search text q in note and category, case-insensitively', async () => {
      const user = await registerUser(app());
      await createExpense(app(), user, { date: '2026-03-01', category: 'Food', amount: '1.00', note: 'Pizza night' });
      await createExpense(app(), user, { date: '2026-03-02', category: 'Pizza place', amount: '2.00' });
      await createExpense(app(), user, { date: '2026-03-03', category: 'Rent', amount: '3.00', note: '100% paid' });
      const amounts = async (query: string) =>
        rowsOf(await exportCsv(user, query))
          .slice(1)
          .map((row) => row[1]);
      expect(await amounts('?q=PIZZA')).toEqual(['1.00', '2.00']);
      expect(await amounts('?q=%25')).toEqual(['3.00']);
      expect(await amounts('?q=nothing')).toEqual([]);
    });

    it('leaves deleted expenses out', async () => {
      const user = await registerUser(app());
      const gone = await createExpense(app(), user, { amount: '1.00' });
      await createExpense(app(), user, { amount: '2.00' });
      await app().inject({ method: 'DELETE', url: `${API}/expenses/${gone.id}`, headers: user.auth });
      expect(
        rowsOf(await exportCsv(user))
          .slice(1)
          .map((row) => row[1]),
      ).toEqual(['2.00']);
    });

    it('exports 3,000 rows each exactly once in date, createdAt, id order across batch boundaries', async () => {
      const user = await registerUser(app());
      const db = ctx().database.db;
      const rows = Array.from({ length: 3000 }, (_, i) => {
        // Few distinct dates and timestamps, so many rows tie and the id decides, also at batch edges.
        const date = `2026-0${String(1 + (i % 7))}-1${String(i % 3)}`;
        const createdAt = `2026-11-0${String(1 + (i % 2))}T00:00:00.000Z`;
        return {
          id: randomUUID(),
          wallet_id: user.walletId,
          created_by: user.id,
          amount_minor: 100 + i,
          category: 'Bulk',
          category_key: 'bulk',
          date,
          note: `row ${String(i)}`,
          search_text: `bulk\nrow ${String(i)}`,
          created_at: createdAt,
          updated_at: createdAt,
          version: i + 1,
          deleted_at: null,
          import_fingerprint: null,
          kind: 'expense' as const,
        };
      });
      for (let i = 0; i < rows.length; i += 250)
        await db
          .insertInto('expenses')
          .values(rows.slice(i, i + 250))
          .execute();
      const expected = [...rows]
        .sort((a, b) =>
          a.date !== b.date
            ? a.date < b.date
              ? -1
              : 1
            : a.created_at !== b.created_at
              ? a.created_at < b.created_at
                ? -1
                : 1
              : a.id < b.id
                ? -1
                : 1,
        )
        .map((row) => row.id);
      const exported = rowsOf(await exportCsv(user)).slice(1);
      const ids = exported.map((row) => row[5]);
      expect(ids).toHaveLength(3000);
      expect(new Set(ids).size).toBe(3000);
      expect(ids).toEqual(expected);
      const byId = new Map<string, (typeof rows)[number]>(rows.map((row) => [row.id, row]));
      for (const row of exported) {
        const source = byId.get(row[5] ?? '');
        expect(row.slice(0, 5)).toEqual([
          source?.date,
          minorToDecimal(source?.amount_minor ?? 0, 'EUR'),
          'EUR',
          'Bulk',
          source?.note,
        ]);
      }
    });

    it("returns 404 problem+json, not an empty CSV, for another user's walletId", async () => {
      const owner = await registerUser(app());
      const stranger = await registerUser(app());
      await createExpense(app(), owner);
      for (const walletId of [owner.walletId, randomUUID()]) {
        const response = await exportRequest(stranger, `?walletId=${walletId}`);
        expect(response.statusCode).toBe(404);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(response.json<Problem>().code).toBe('not_found');
        expect(response.body).not.toContain(HEADER);
      }
    });

    it('lets a viewer of a shared wallet export it', async () => {
      const owner = await registerUser(app());
      const viewer = await registerUser(app());
      const wallet = await sharedWalletWith(owner, viewer, 'viewer');
      await createExpense(app(), owner, { walletId: wallet.id, amount: '4.20' });
      expect(
        rowsOf(await exportCsv(viewer, `?walletId=${wallet.id}`))
          .slice(1)
          .map((row) => row[1]),
      ).toEqual(['4.20']);
    });

    it('exports a wallet whose name has non-Latin characters, with a UTF-8 filename* parameter', async () => {
      const owner = await registerUser(app());
      const created = await app().inject({
        method: 'POST',
        url: `${API}/wallets`,
        headers: owner.auth,
        payload: { name: '東京 Trip ✈', currency: 'EUR' },
      });
      expect(created.statusCode, created.body).toBe(201);
      const wallet = created.json<Wallet>();
      await createExpense(app(), owner, { walletId: wallet.id, amount: '1.00' });
      const response = await exportRequest(owner, `?walletId=${wallet.id}`);
      expect(response.statusCode, response.body).toBe(200);
      const disposition = String(response.headers['content-disposition']);
      expect(disposition).toMatch(/^attachment;/);
      expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('trackthatmoney-東京-Trip.csv')}`);
      expect(rowsOf(response.body)).toHaveLength(2);
    });

    it('returns 401 without a token', async () => {
      expect((await app().inject({ method: 'GET', url: `${API}/expenses/export.csv` })).statusCode).toBe(401);
    });
  });

  describe('POST /expenses/import', () => {
    it('round-trips our own export into a fresh wallet with no options: same dates, amounts, categories, notes, order', async () => {
      const source = await registerUser(app());
      await seedTricky(source);
      const original = await exportCsv(source);
      const target = await registerUser(app());
      const result = await importCsv(target, original);
      expect(result).toEqual({
        dryRun: false,
        imported: TRICKY_NOTES.length + 2,
        duplicates: 0,
        skippedCredits: 0,
        errors: [],
        columns: { date: 'date', amount: 'amount', category: 'category', note: 'note' },
      });
      expect(content(await history(target))).toEqual(content(await history(source)));
      const copy = await exportCsv(target);
      expect(rowsOf(copy).map((row) => row.slice(0, 5))).toEqual(rowsOf(original).map((row) => row.slice(0, 5)));
      // Byte for byte, up to the id and createdAt columns.
      const strip = (csv: string) => rowsOf(csv).map((row) => row.slice(0, 5).join('\u0001'));
      expect(strip(copy)).toEqual(strip(original));
    });

    it('round-trips JPY and KWD wallets with no options, amounts unchanged', async () => {
      for (const [currency, amounts] of [
        ['JPY', ['1', '999', '1500', '1234567']],
        ['KWD', ['0.500', '1.234', '12.345', '1234.567', '0.001']],
      ] as const) {
        const source = await registerUser(app(), { currency });
        for (const [index, amount] of amounts.entries()) {
          await createExpense(app(), source, { amount, date: `2026-04-0${String(index + 1)}`, category: 'Food' });
        }
        const target = await registerUser(app(), { currency });
        const result = await importCsv(target, await exportCsv(source));
        expect(result, currency).toMatchObject({ imported: amounts.length, errors: [] });
        expect((await history(target)).map((e) => e.amount).reverse(), currency).toEqual([...amounts]);
      }
    });

    it('adds nothing when the same file is imported again, counting every row as a duplicate', async () => {
      const source = await registerUser(app());
      await seedTricky(source);
      const file = await exportCsv(source);
      const target = await registerUser(app());
      expect((await importCsv(target, file)).imported).toBe(TRICKY_NOTES.length + 2);
      const before = await visibleState(target);
      const again = await importCsv(target, file);
      expect(again).toMatchObject({ imported: 0, duplicates: TRICKY_NOTES.length + 2, errors: [] });
      expect(await visibleState(target)).toEqual(before);
      // Our own export imported back into its own wallet is recognised by id.
      const selfBefore = await visibleState(source);
      expect(await importCsv(source, file)).toMatchObject({ imported: 0, duplicates: TRICKY_NOTES.length + 2 });
      expect(await visibleState(source)).toEqual(selfBefore);
    });

    it('adds only the new rows of a file that overlaps an earlier import', async () => {
      const user = await registerUser(app());
      const line = (i: number) => `2026-10-${String(10 + i)},${String(i)}.25,Food,shop ${String(i)}`;
      const first = ['date,amount,category,note', ...[1, 2, 3, 4, 5].map(line)].join('\n');
      const second = ['date,amount,category,note', ...[4, 5, 6, 7, 8].map(line)].join('\n');
      expect(await importCsv(user, first)).toMatchObject({ imported: 5, duplicates: 0 });
      expect(await importCsv(user, second)).toMatchObject({ imported: 3, duplicates: 2 });
      const amounts = (await history(user)).map((e) => e.amount).sort();
      expect(amounts).toEqual(['1.25', '2.25', '3.25', '4.25', '5.25', '6.25', '7.25', '8.25']);
    });

    it('keeps repeated identical rows of one file apart and recognises them on re-import', async () => {
      const user = await registerUser(app());
      const file = 'date,amount,category,note\n2026-10-01,2.00,Coffee,latte\n2026-10-01,2.00,Coffee,latte\n';
      expect(await importCsv(user, file)).toMatchObject({ imported: 2, duplicates: 0 });
      const longer = `${file}2026-10-01,2.00,Coffee,latte\n`;
      expect(await importCsv(user, longer)).toMatchObject({ imported: 1, duplicates: 2 });
      expect(await history(user)).toHaveLength(3);
    });

    it('imports a file once when the same import is sent twice at the same time', async () => {
      const user = await registerUser(app());
      const file = [
        'date,amount,category,note',
        ...Array.from({ length: 20 }, (_, i) => `2026-08-${String(10 + i)},${String(i + 1)}.00,Food,n${String(i)}`),
      ].join('\n');
      const responses = await Promise.all([importRequest(user, file), importRequest(user, file)]);
      for (const response of responses) expect(response.statusCode, response.body).toBe(200);
      const results = responses.map((response) => response.json<ImportResult>());
      expect(results.map((r) => r.imported).sort((a, b) => a - b)).toEqual([0, 20]);
      expect(await history(user)).toHaveLength(20);
    });

    it('writes nothing on dryRun=true but reports the counts it would import', async () => {
      const user = await registerUser(app());
      await createExpense(app(), user, { date: '2026-01-05', amount: '9.99', category: 'Existing' });
      const before = await visibleState(user);
      const file = 'date,amount,category,note\n2026-02-01,1.00,New,a\n2026-02-02,2.00,New,b\n2026-02-03,3.00,Other,c\n';
      const dry = await importCsv(user, file, '?dryRun=true');
      expect(dry).toMatchObject({ dryRun: true, imported: 3, duplicates: 0, skippedCredits: 0, errors: [] });
      expect(await visibleState(user)).toEqual(before);
      expect(await importCsv(user, file, '?dryRun=false')).toMatchObject({ dryRun: false, imported: 3 });
      expect(await importCsv(user, file, '?dryRun=true')).toMatchObject({ dryRun: true, imported: 0, duplicates: 3 });
      expect(await history(user)).toHaveLength(4);
    });

    it('imports a bank export (semicolons, 1.234,56, -12,50 €, DD.MM.YYYY) with its credits as income', async () => {
      const bank = [
        'Buchungstag;Verwendungszweck;Betrag',
        '15.11.2026;REWE Markt;-1.234,56',
        '16.11.2026;Gehalt;2.500,00',
        '17.11.2026;Bäckerei;-12,50 €',
        '18.11.2026;Erstattung;+3,00',
        '01.12.2026;Miete;"-800,00"',
      ].join('\r\n');
      const user = await registerUser(app());
      expect(await importCsv(user, bank)).toEqual({
        dryRun: false,
        imported: 5,
        duplicates: 0,
        skippedCredits: 0,
        errors: [],
        columns: { date: 'Buchungstag', amount: 'Betrag', category: null, note: 'Verwendungszweck' },
      });
      expect((await history(user)).map((e) => [e.date, e.amount, e.kind, e.note])).toEqual([
        ['2026-12-01', '800.00', 'expense', 'Miete'],
        ['2026-11-18', '3.00', 'income', 'Erstattung'],
        ['2026-11-17', '12.50', 'expense', 'Bäckerei'],
        ['2026-11-16', '2500.00', 'income', 'Gehalt'],
        ['2026-11-15', '1234.56', 'expense', 'REWE Markt'],
      ]);
      const response = await app().inject({
        method: 'GET',
        url: `${API}/summary/monthly?from=2026-11&to=2026-11`,
        headers: user.auth,
      });
      expect(response.json<MonthlySummary>().months[0]).toMatchObject({
        total: '1247.06',
        count: 2,
        income: '2503.00',
        incomeCount: 2,
        balance: '1255.94',
      });

      const debitsOnly = await registerUser(app());
      expect(await importCsv(debitsOnly, bank, '?includeCredits=false&defaultCategory=Bank')).toMatchObject({
        imported: 3,
        skippedCredits: 2,
      });
      expect(content(await history(debitsOnly)).map((e) => [e.date, e.amount, e.category])).toEqual([
        ['2026-12-01', '800.00', 'Bank'],
        ['2026-11-17', '12.50', 'Bank'],
        ['2026-11-15', '1234.56', 'Bank'],
      ]);
      // The same bank file again adds nothing; with credits, the two skipped before are new.
      expect(await importCsv(user, bank)).toMatchObject({ imported: 0, duplicates: 5, skippedCredits: 0 });
      expect(await importCsv(debitsOnly, bank, '?defaultCategory=Bank')).toMatchObject({
        imported: 2,
        duplicates: 3,
        skippedCredits: 0,
      });
    });

    it('accepts a UTF-8 byte order mark, CRLF line endings and text/csv with a charset', async () => {
      const user = await registerUser(app());
      const file = '\uFEFFdate,amount,category\r\n2026-03-01,1.50,Food\r\n';
      const response = await importRequest(user, file, '', 'text/csv; charset=utf-8');
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json<ImportResult>()).toMatchObject({ imported: 1, errors: [] });
      expect(content(await history(user))).toEqual([
        { date: '2026-03-01', amount: '1.50', category: 'Food', note: null },
      ]);
    });

    it('reports every bad row with its line number and writes nothing', async () => {
      const user = await registerUser(app());
      await createExpense(app(), user, { date: '2026-11-01', amount: '5.00', category: 'Existing', note: 'before' });
      const before = await visibleState(user);
      const file = [
        'date,amount,currency,category,note', // 1
        '2026-11-01,12.50,EUR,Food,good', // 2
        '2026-11-02,3.00,EUR,Food', // 3: too few columns
        '2026-02-30,3.00,EUR,Food,impossible date', // 4
        'yesterday,3.00,EUR,Food,not a date', // 5
        '2026-11-03,abc,EUR,Food,not an amount', // 6
        '2026-11-03,0.00,EUR,Food,zero', // 7
        '2026-11-04,5.00,USD,Food,other currency', // 8
        '2026-11-05,6.00,EUR,Food,"a note', // 9
        'over two lines"', // 10
        '2026-11-06,7.00,EUR,Food,extra,column', // 11
        '2026-11-07,8.00,EUR,NewCategory,good', // 12
      ].join('\n');
      const result = await importCsv(user, file);
      expect(result.imported).toBe(0);
      expect(result.errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8, 11]);
      const message = (line: number) => result.errors.find((e) => e.line === line)?.message ?? '';
      expect(message(3)).toMatch(/column/i);
      expect(message(4)).toContain('2026-02-30');
      expect(message(5)).toContain('yesterday');
      expect(message(6)).toContain('abc');
      expect(message(8)).toContain('USD');
      expect(message(11)).toMatch(/column/i);
      expect(await visibleState(user)).toEqual(before);
      expect((await visibleState(user)).categories.map((c) => c.name)).not.toContain('NewCategory');
    });

    it('reports categories over 64 characters, notes over 1000 characters and NUL characters by line', async () => {
      const user = await registerUser(app());
      const file = [
        'date,amount,category,note',
        `2026-11-01,1.00,${'c'.repeat(65)},ok`,
        `2026-11-02,1.00,Food,${'n'.repeat(1001)}`,
        '2026-11-03,1.00,Food,nul\u0000here',
        `2026-11-04,1.00,${'c'.repeat(64)},${'n'.repeat(1000)}`,
      ].join('\n');
      const result = await importCsv(user, file);
      expect(result.imported).toBe(0);
      expect(result.errors.map((e) => e.line)).toEqual([2, 3, 4]);
      expect(await history(user)).toEqual([]);
    });

    it('reports an unclosed quote at the line where the quote opens and writes nothing', async () => {
      const user = await registerUser(app());
      const before = await visibleState(user);
      const file = [
        'date,amount,category,note', // 1
        '2026-11-01,12.50,Food,ok', // 2
        '2026-11-02,3.00,Food,"unclosed', // 3
        '2026-11-03,4.00,Food,fine', // 4
        '2026-11-04,5.00,Food,fine', // 5
        '2026-11-05,6.00,Food,fine', // 6
      ].join('\n');
      const result = await importCsv(user, file);
      expect(result.imported).toBe(0);
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]?.line).toBe(3);
      expect(await visibleState(user)).toEqual(before);
    });

    it('reports a bad record that spans several lines at the line where it starts', async () => {
      const user = await registerUser(app());
      const file = [
        'date,amount,category,note', // 1
        '2026-11-01,1.00,Food,ok', // 2
        '2026-11-02,abc,Food,"first line', // 3
        'second line"', // 4
        '2026-11-03,2.00,Food,ok', // 5
      ].join('\n');
      const result = await importCsv(user, file);
      expect(result.errors.map((e) => e.line)).toEqual([3]);
      expect(await history(user)).toEqual([]);
    });

    it('counts blank lines in line numbers, for bad rows and for an unclosed quote', async () => {
      const user = await registerUser(app());
      const badRow = [
        'date,amount,category',
        '',
        '2026-11-01,1.00,Food',
        '',
        '',
        '2026-11-02,abc,Food',
        '2026-11-03,2.00,Food',
      ].join('\n');
      expect((await importCsv(user, badRow)).errors.map((e) => e.line)).toEqual([6]);
      const unclosed = [
        'date,amount,category',
        '2026-11-01,1.00,Food',
        '',
        '2026-11-02,2.00,"Food',
        '2026-11-03,3.00,Food',
      ].join('\n');
      expect((await importCsv(user, unclosed)).errors.map((e) => e.line)).toEqual([4]);
      expect(await history(user)).toEqual([]);
    });

    it('refuses ambiguous dates without dateFormat, naming it, and reads them as told with dateFormat=dmy or mdy', async () => {
      const user = await registerUser(app());
      const file = 'date,amount,category\n03/04/2026,1.00,Food\n05/06/2026,2.00,Food\n';
      const refused = await importCsv(user, file);
      expect(refused.imported).toBe(0);
      expect(refused.errors.map((e) => e.line)).toEqual([2, 3]);
      for (const error of refused.errors) expect(error.message).toContain('dateFormat');
      expect(await history(user)).toEqual([]);

      expect(await importCsv(user, file, '?dateFormat=dmy')).toMatchObject({ imported: 2, errors: [] });
      expect((await history(user)).map((e) => e.date)).toEqual(['2026-06-05', '2026-04-03']);
      const american = await registerUser(app());
      expect(await importCsv(american, file, '?dateFormat=mdy')).toMatchObject({ imported: 2, errors: [] });
      expect((await history(american)).map((e) => e.date)).toEqual(['2026-05-06', '2026-03-04']);
    });

    it('detects day-first and month-first dates from an unambiguous row and refuses a file that mixes both', async () => {
      const dayFirst = await registerUser(app());
      expect(await importCsv(dayFirst, 'date,amount\n03/04/2026,1.00\n25/12/2026,2.00\n')).toMatchObject({
        imported: 2,
        errors: [],
      });
      expect((await history(dayFirst)).map((e) => e.date)).toEqual(['2026-12-25', '2026-04-03']);
      const monthFirst = await registerUser(app());
      expect(await importCsv(monthFirst, 'date,amount\n03/04/2026,1.00\n12/25/2026,2.00\n')).toMatchObject({
        imported: 2,
      });
      expect((await history(monthFirst)).map((e) => e.date)).toEqual(['2026-12-25', '2026-03-04']);
      const mixed = await registerUser(app());
      const result = await importCsv(mixed, 'date,amount\n25/12/2026,1.00\n12/25/2026,2.00\n');
      expect(result.imported).toBe(0);
      expect(result.errors.map((e) => e.message).join(' ')).toContain('dateFormat');
      expect(await history(mixed)).toEqual([]);
    });

    it('maps columns named by parameters and reports a named column missing from the header', async () => {
      const user = await registerUser(app());
      const file = 'When,How much,Kind,Memo text\n2026-09-01,4.00,Books,novel\n';
      const mapped = await importCsv(
        user,
        file,
        '?dateColumn=When&amountColumn=How%20much&categoryColumn=Kind&noteColumn=Memo%20text',
      );
      expect(mapped).toMatchObject({
        imported: 1,
        columns: { date: 'When', amount: 'How much', category: 'Kind', note: 'Memo text' },
      });
      expect(content(await history(user))).toEqual([
        { date: '2026-09-01', amount: '4.00', category: 'Books', note: 'novel' },
      ]);
      const missing = await importCsv(user, file, '?dateColumn=Datum');
      expect(missing.imported).toBe(0);
      expect(missing.errors[0]).toMatchObject({ line: 1 });
      expect(missing.errors[0]?.message).toContain('Datum');
      const undetected = await importCsv(user, 'foo,bar\n1,2\n');
      expect(undetected.errors.map((e) => e.line)).toEqual([1, 1]);
    });

    it('returns 413 for a body over 20 MB and writes nothing', async () => {
      const user = await registerUser(app());
      const row = '2026-11-01,1.00,Food,padding padding padding\n';
      const big = `date,amount,category,note\n${row.repeat(Math.ceil((20 * 1024 * 1024 + 1) / row.length))}`;
      expect(big.length).toBeGreaterThan(20 * 1024 * 1024);
      const response = await importRequest(user, big);
      expect(response.statusCode).toBe(413);
      expect(response.json<Problem>().code).toBe('payload_too_large');
      expect(await history(user)).toEqual([]);
    });

    it.each([
      ['application/json', JSON.stringify({ csv: 'date,amount\n2026-11-01,1.00\n' })],
      ['application/json', JSON.stringify('date,amount\n2026-11-01,1.00\n')],
      ['text/plain', 'date,amount\n2026-11-01,1.00\n'],
      ['application/x-www-form-urlencoded', 'date=2026-11-01&amount=1.00'],
    ])('returns 415 for content type %s and writes nothing', async (contentType, payload) => {
      const user = await registerUser(app());
      const response = await importRequest(user, payload, '', contentType);
      expect(response.statusCode, response.body).toBe(415);
      expect(response.json<Problem>().code).toBe('unsupported_media_type');
      expect(await history(user)).toEqual([]);
    });

    it('returns 403 to a viewer and writes nothing, also on a dry run', async () => {
      const owner = await registerUser(app());
      const viewer = await registerUser(app());
      const wallet = await sharedWalletWith(owner, viewer, 'viewer');
      const file = 'date,amount,category\n2026-11-01,1.00,Food\n';
      for (const query of [`?walletId=${wallet.id}`, `?walletId=${wallet.id}&dryRun=true`]) {
        const response = await importRequest(viewer, file, query);
        expect(response.statusCode).toBe(403);
        expect(response.json<Problem>().code).toBe('forbidden');
      }
      expect(await history(owner, wallet.id)).toEqual([]);
    });

    it('lets an editor import into a shared wallet, attributed to the editor', async () => {
      const owner = await registerUser(app());
      const editor = await registerUser(app());
      const wallet = await sharedWalletWith(owner, editor, 'editor');
      expect(
        await importCsv(editor, 'date,amount,category\n2026-11-01,1.00,Food\n', `?walletId=${wallet.id}`),
      ).toMatchObject({ imported: 1 });
      const [expense] = await history(owner, wallet.id);
      expect(expense?.createdBy).toBe(editor.id);
    });

    it("returns 404 for another user's walletId and writes nothing there", async () => {
      const owner = await registerUser(app());
      const stranger = await registerUser(app());
      const before = await visibleState(owner);
      for (const walletId of [owner.walletId, randomUUID()]) {
        const response = await importRequest(
          stranger,
          'date,amount,category\n2026-11-01,1.00,Food\n',
          `?walletId=${walletId}`,
        );
        expect(response.statusCode).toBe(404);
        expect(response.json<Problem>().code).toBe('not_found');
      }
      expect(await visibleState(owner)).toEqual(before);
      expect(await history(stranger)).toEqual([]);
    });

    it('keeps imported rows in the summaries and category counts', async () => {
      const user = await registerUser(app());
      await createExpense(app(), user, { date: '2026-10-01', amount: '0.10', category: 'Food' });
      await importCsv(user, 'date,amount,category\n2026-10-02,0.20,food\n2026-10-03,1.00,Rent\n2026-11-01,2.00,Rent\n');
      const summary = await app().inject({
        method: 'GET',
        url: `${API}/summary/monthly?from=2026-10&to=2026-11`,
        headers: user.auth,
      });
      expect(summary.json<MonthlySummary>().months).toEqual([
        {
          month: '2026-10',
          total: '1.30',
          count: 3,
          income: '0.00',
          incomeCount: 0,
          balance: '-1.30',
          categories: [
            { category: 'Rent', total: '1.00', count: 1 },
            { category: 'Food', total: '0.30', count: 2 },
          ],
        },
        {
          month: '2026-11',
          total: '2.00',
          count: 1,
          income: '0.00',
          incomeCount: 0,
          balance: '-2.00',
          categories: [{ category: 'Rent', total: '2.00', count: 1 }],
        },
      ]);
      const categories = await app().inject({ method: 'GET', url: `${API}/categories`, headers: user.auth });
      expect(categories.json<Category[]>().slice(0, 2)).toEqual([
        { name: 'Food', count: 2 },
        { name: 'Rent', count: 2 },
      ]);
    });

    it('returns 401 without a token', async () => {
      const response = await app().inject({
        method: 'POST',
        url: `${API}/expenses/import`,
        headers: { 'content-type': 'text/csv' },
        payload: 'date,amount\n2026-11-01,1.00\n',
      });
      expect(response.statusCode).toBe(401);
    });
  });
});
