import { randomUUID } from 'node:crypto';
import {
  type AuthSession,
  type Category,
  type Endpoint,
  endpoints,
  type ErrorCode,
  type Expense,
  type ExpensePage,
  PROBLEM_TYPES,
  ProblemSchema,
  problemTypeUri,
} from '@ttm/contract';
import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import { BODY_LIMIT_BYTES } from '../src/app.js';
import { describeEachDatabase, type TestApp } from './support/app.js';
import { API, createExpense, PASSWORD, registerUser, type TestUser, uniqueEmail } from './support/factories.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

interface Expected {
  readonly status: number;
  readonly code: ErrorCode;
  /** Field paths that `errors[]` must name (validation failures). */
  readonly paths?: readonly string[];
}

const PROBLEM_KEYS = ['code', 'detail', 'errors', 'status', 'title', 'type'];

/** Every contract route that takes a JSON body, so each body-level class is tried on all of them. */
const BODY_ENDPOINTS: readonly Endpoint[] = Object.values(endpoints)
  .flatMap((group) => Object.values(group as Record<string, Endpoint>))
  .filter((endpoint) => endpoint.body !== undefined && endpoint.consumes === undefined);

const VALID_EXPENSE = { amount: '12.50', category: 'Groceries', date: '2026-11-20' } as const;

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Asserts a complete problem+json answer: status, media type, the five members, the right code and field paths. */
function expectProblem(response: LightMyRequestResponse, expected: Expected, label = ''): void {
  const where = `${label} -> ${String(response.statusCode)} ${response.body.slice(0, 300)}`;
  expect(response.statusCode, where).toBe(expected.status);
  expect(response.statusCode, where).toBeGreaterThanOrEqual(400);
  expect(response.statusCode, where).toBeLessThan(500);
  expect(response.headers['content-type'], where).toBe('application/problem+json; charset=utf-8');
  const body = response.json<Record<string, unknown>>();
  expect(ProblemSchema.safeParse(body).success, where).toBe(true);
  for (const key of Object.keys(body)) expect(PROBLEM_KEYS, where).toContain(key);
  const { errors, detail, ...rest } = body;
  expect(rest, where).toEqual({
    type: problemTypeUri(expected.code),
    title: PROBLEM_TYPES[expected.code].title,
    status: expected.status,
    code: expected.code,
  });
  expect(detail, where).toMatch(/\S/);
  if (expected.paths) {
    const list = (errors ?? []) as { path: string; message: string }[];
    expect(list.length, where).toBeGreaterThan(0);
    for (const error of list) expect(error.message, where).toMatch(/\S/);
    const paths = list.map((error) => error.path);
    for (const path of expected.paths) expect(paths, where).toContain(path);
  }
}

function validation(...paths: string[]): Expected {
  return { status: 400, code: 'validation_failed', paths };
}

describeEachDatabase('bad input', (ctx) => {
  const app = () => ctx().app;

  function call(
    user: TestUser | null,
    method: Method,
    path: string,
    options: { payload?: unknown; raw?: string | Buffer; contentType?: string; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { ...(user ? user.auth : {}), ...options.headers };
    if (options.contentType !== undefined) headers['content-type'] = options.contentType;
    return app().inject({
      method,
      url: `${API}${path}`,
      headers,
      ...(options.raw !== undefined ? { payload: options.raw } : {}),
      ...(options.payload !== undefined ? { payload: options.payload as object } : {}),
    });
  }

  /** A fresh user with one expense (so PATCH has a target and categories have a count). */
  async function setup(currency?: string) {
    const user = await registerUser(app(), currency ? { currency } : {});
    const expense = await createExpense(app(), user, {
      amount: currency === 'JPY' ? '500' : '12.50',
      category: 'Groceries',
      date: '2026-11-20',
      note: 'seed',
    });
    return { user, expense };
  }

  async function count(
    t: TestApp,
    table: 'users' | 'wallets' | 'wallet_members' | 'sessions' | 'refresh_tokens' | 'expenses' | 'categories',
  ) {
    const row = await t.database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** What a write could change: the user's listing, categories, expense rows, wallet version, and global row counts. */
  async function stateOf(user: TestUser) {
    const t = ctx();
    const listing = await call(user, 'GET', '/expenses?limit=200');
    const categories = await call(user, 'GET', '/categories');
    const db = t.database.db;
    return {
      listing: listing.json<ExpensePage>(),
      categories: categories.json<Category[]>(),
      walletVersion: (
        await db.selectFrom('wallets').select('version').where('id', '=', user.walletId).executeTakeFirst()
      )?.version,
      expenseRows: await db
        .selectFrom('expenses')
        .selectAll()
        .where('wallet_id', '=', user.walletId)
        .orderBy('id')
        .execute(),
      counts: {
        users: await count(t, 'users'),
        wallets: await count(t, 'wallets'),
        members: await count(t, 'wallet_members'),
        sessions: await count(t, 'sessions'),
        refreshTokens: await count(t, 'refresh_tokens'),
        expenses: await count(t, 'expenses'),
        categories: await count(t, 'categories'),
      },
    };
  }

  /** Runs the failing requests and proves that none of them wrote anything. */
  async function expectNoWrite(user: TestUser, run: () => Promise<void>): Promise<void> {
    const before = await stateOf(user);
    await run();
    expect(await stateOf(user)).toEqual(before);
  }

  /** The endpoint's path with every parameter filled in (body problems are found before parameters are checked). */
  /** Sends each value as `field` on a create and on an edit (with `patchExtra`): 400 naming the field. */
  async function expectFieldRejected(
    user: TestUser,
    expenseId: string,
    field: 'amount' | 'date' | 'category' | 'note',
    values: readonly unknown[],
    patchExtra: Record<string, unknown>,
  ): Promise<void> {
    for (const value of values) {
      const label = typeof value === 'string' ? JSON.stringify(value) : String(value);
      const created = await call(user, 'POST', '/expenses', { payload: { ...VALID_EXPENSE, [field]: value } });
      expectProblem(created, validation(field), `POST ${label}`);
      const patched = await call(user, 'PATCH', `/expenses/${expenseId}`, {
        payload: { ...patchExtra, [field]: value },
      });
      expectProblem(patched, validation(field), `PATCH ${label}`);
    }
  }

  function urlOf(endpoint: Endpoint, expenseId: string): string {
    return endpoint.path.replace(/:\w+/g, expenseId);
  }

  // ---------------------------------------------------------------- malformed JSON

  it('malformed JSON bodies are answered 400 malformed_json on every body route and write nothing', async () => {
    const { user, expense } = await setup();
    const bodies = [
      '{"amount":',
      '{amount: "1.00"}',
      "{'amount':'1.00'}",
      '{"amount":"1.00",}',
      '{"a":1}}',
      'undefined',
      '{"a":1} trailing',
      '',
    ];
    await expectNoWrite(user, async () => {
      for (const endpoint of BODY_ENDPOINTS) {
        for (const raw of bodies) {
          const response = await call(user, endpoint.method as Method, urlOf(endpoint, expense.id), {
            raw,
            contentType: 'application/json',
          });
          expectProblem(
            response,
            { status: 400, code: 'malformed_json' },
            `${endpoint.operationId} ${JSON.stringify(raw)}`,
          );
        }
      }
    });
  });

  it('a JSON body with a __proto__ key is answered 400 malformed_json and writes nothing', async () => {
    const { user } = await setup();
    await expectNoWrite(user, async () => {
      const raw = `{"__proto__":{"admin":true},"amount":"1.00","category":"Proto","date":"2026-11-20"}`;
      const response = await call(user, 'POST', '/expenses', { raw, contentType: 'application/json' });
      expectProblem(response, { status: 400, code: 'malformed_json' });
      expect(({} as Record<string, unknown>)['admin']).toBeUndefined();
    });
  });

  // ---------------------------------------------------------------- wrong content type

  it('text/plain, form-urlencoded, multipart, XML and missing content types are answered 415 unsupported_media_type and write nothing', async () => {
    const { user, expense } = await setup();
    const contentTypes = [
      'text/plain',
      'text/plain; charset=utf-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=xyz',
      'application/xml',
      undefined,
    ];
    await expectNoWrite(user, async () => {
      for (const endpoint of BODY_ENDPOINTS) {
        for (const contentType of contentTypes) {
          const response = await call(user, endpoint.method as Method, urlOf(endpoint, expense.id), {
            raw: JSON.stringify({ ...VALID_EXPENSE, email: uniqueEmail(), password: PASSWORD }),
            ...(contentType === undefined ? {} : { contentType }),
          });
          expectProblem(
            response,
            { status: 415, code: 'unsupported_media_type' },
            `${endpoint.operationId} ${String(contentType)}`,
          );
        }
      }
    });
    // The same body as application/json with a charset parameter is accepted.
    const accepted = await call(user, 'POST', '/expenses', {
      raw: JSON.stringify(VALID_EXPENSE),
      contentType: 'application/json; charset=utf-8',
    });
    expect(accepted.statusCode).toBe(201);
  });

  // ---------------------------------------------------------------- wrong types

  it('wrong JSON types are answered 400 validation_failed naming each field, and write nothing', async () => {
    const { user, expense } = await setup();
    const cases: [string, Method, string, unknown, string[]][] = [
      [
        'every field mistyped',
        'POST',
        '/expenses',
        { id: false, walletId: 3, amount: true, category: 5, date: 20261120, note: 7 },
        ['id', 'walletId', 'amount', 'category', 'date', 'note'],
      ],
      ['amount as object', 'POST', '/expenses', { ...VALID_EXPENSE, amount: { value: '1.00' } }, ['amount']],
      ['amount as array', 'POST', '/expenses', { ...VALID_EXPENSE, amount: ['1.00'] }, ['amount']],
      ['amount as null', 'POST', '/expenses', { ...VALID_EXPENSE, amount: null }, ['amount']],
      ['category as null', 'POST', '/expenses', { ...VALID_EXPENSE, category: null }, ['category']],
      ['missing required fields', 'POST', '/expenses', {}, ['amount', 'category', 'date']],
      ['body is an array', 'POST', '/expenses', [VALID_EXPENSE], ['body']],
      ['body is null', 'POST', '/expenses', null, ['body']],
      ['body is a string', 'POST', '/expenses', 'amount=1', ['body']],
      ['body is a number', 'POST', '/expenses', 42, ['body']],
      ['PATCH amount null', 'PATCH', `/expenses/${expense.id}`, { amount: null }, ['amount']],
      [
        'PATCH date as number with a valid amount',
        'PATCH',
        `/expenses/${expense.id}`,
        { amount: '5.00', date: 20261120 },
        ['date'],
      ],
      ['PATCH category as array', 'PATCH', `/expenses/${expense.id}`, { category: ['a'] }, ['category']],
      ['PATCH empty object', 'PATCH', `/expenses/${expense.id}`, {}, ['body']],
      [
        'register mistyped',
        'POST',
        '/auth/register',
        { email: 1, password: 12345678, currency: 978 },
        ['email', 'password', 'currency'],
      ],
      ['login mistyped', 'POST', '/auth/login', { email: [], password: {} }, ['email', 'password']],
      ['refresh mistyped', 'POST', '/auth/refresh', { refreshToken: 5 }, ['refreshToken']],
      [
        'password change mistyped',
        'POST',
        '/auth/password',
        { currentPassword: 1, newPassword: null },
        ['currentPassword', 'newPassword'],
      ],
      ['account deletion mistyped', 'DELETE', '/me', { password: false }, ['password']],
      ['wallet mistyped', 'POST', '/wallets', { name: 5, currency: 978 }, ['name', 'currency']],
      ['wallet rename mistyped', 'PATCH', `/wallets/${user.walletId}`, { name: ['x'] }, ['name']],
      ['invite mistyped', 'POST', `/wallets/${user.walletId}/invites`, { email: 1, role: 'admin' }, ['email', 'role']],
      ['member role mistyped', 'PATCH', `/wallets/${user.walletId}/members/${user.id}`, { role: 7 }, ['role']],
    ];
    await expectNoWrite(user, async () => {
      for (const [label, method, path, payload, paths] of cases) {
        const response = await call(user, method, path, {
          raw: JSON.stringify(payload),
          contentType: 'application/json',
        });
        expectProblem(response, validation(...paths), label);
      }
      const twice = await call(user, 'GET', `/expenses?walletId=${user.walletId}&walletId=${user.walletId}`);
      expectProblem(twice, validation('walletId'), 'walletId given twice');
    });
    expect((await call(user, 'GET', '/me')).statusCode).toBe(200);
  });

  it('amounts not written as plain decimals are answered 400 naming amount and write nothing', async () => {
    const { user, expense } = await setup();
    const amounts: unknown[] = [
      '',
      ' ',
      'abc',
      '12,50',
      '1e3',
      '1E3',
      '+5',
      '.5',
      '5.',
      '0x10',
      'NaN',
      'Infinity',
      '١٢',
      '1 000',
      '12.5.0',
      '€12',
      1e21,
      1e-7,
    ];
    await expectNoWrite(user, async () => {
      await expectFieldRejected(user, expense.id, 'amount', amounts, { note: 'changed' });
    });
  });

  // ---------------------------------------------------------------- unknown fields

  it('unknown fields in bodies and query strings are answered 400 validation_failed naming the field, and write nothing', async () => {
    const { user, expense } = await setup();
    const other = await registerUser(app());
    const cases: [string, Method, string, unknown, string][] = [
      // currency is a field since amounts may be entered in another currency; the converted amount is not.
      ['originalAmount on create', 'POST', '/expenses', { ...VALID_EXPENSE, originalAmount: '1.00' }, 'originalAmount'],
      ['version on create', 'POST', '/expenses', { ...VALID_EXPENSE, version: 99 }, 'version'],
      ['createdBy on create', 'POST', '/expenses', { ...VALID_EXPENSE, createdBy: other.id }, 'createdBy'],
      [
        'walletId on update',
        'PATCH',
        `/expenses/${expense.id}`,
        { amount: '1.00', walletId: other.walletId },
        'walletId',
      ],
      ['version on update', 'PATCH', `/expenses/${expense.id}`, { note: 'x', version: 1 }, 'version'],
      ['createdAt on update', 'PATCH', `/expenses/${expense.id}`, { createdAt: '2020-01-01T00:00:00Z' }, 'createdAt'],
      [
        'role on register',
        'POST',
        '/auth/register',
        { email: uniqueEmail(), password: PASSWORD, role: 'admin' },
        'role',
      ],
      [
        'remember on login',
        'POST',
        '/auth/login',
        { email: user.email, password: PASSWORD, remember: true },
        'remember',
      ],
      ['userId on refresh', 'POST', '/auth/refresh', { refreshToken: user.refreshToken, userId: other.id }, 'userId'],
      [
        'confirm on password change',
        'POST',
        '/auth/password',
        { currentPassword: PASSWORD, newPassword: 'a new long passphrase', confirm: 'x' },
        'confirm',
      ],
      ['force on account deletion', 'DELETE', '/me', { password: PASSWORD, force: true }, 'force'],
    ];
    await expectNoWrite(user, async () => {
      for (const [label, method, path, payload, field] of cases) {
        expectProblem(await call(user, method, path, { payload }), validation(field), label);
      }
      expectProblem(await call(user, 'GET', '/expenses?sort=amount'), validation('sort'), 'sort on list');
      expectProblem(await call(user, 'GET', '/categories?limit=5'), validation('limit'), 'limit on categories');
    });
    // The refresh token, password and account are untouched.
    expect(
      (await call(null, 'POST', '/auth/login', { payload: { email: user.email, password: PASSWORD } })).statusCode,
    ).toBe(200);
    expect(
      (await call(null, 'POST', '/auth/refresh', { payload: { refreshToken: user.refreshToken } })).statusCode,
    ).toBe(200);
  });

  it('two unknown fields in one body are reported as two errors, each naming its own field', async () => {
    const { user } = await setup();
    await expectNoWrite(user, async () => {
      const response = await call(user, 'POST', '/expenses', { payload: { ...VALID_EXPENSE, foo: 1, bar: 2 } });
      expectProblem(response, validation('foo', 'bar'));
    });
  });

  // ---------------------------------------------------------------- amounts: zero, negative, too large

  it('zero and negative amounts are answered 400 naming amount, as strings and JSON numbers, and write nothing', async () => {
    const { user, expense } = await setup();
    const amounts: unknown[] = ['0', 0, '0.00', '0.0', '00', -0, '-1', -1, '-0.01', -0.01, '-12.50'];
    await expectNoWrite(user, async () => {
      await expectFieldRejected(user, expense.id, 'amount', amounts, { category: 'Changed' });
    });
    const smallest = await call(user, 'POST', '/expenses', { payload: { ...VALID_EXPENSE, amount: '0.01' } });
    expect(smallest.statusCode).toBe(201);
    expect(smallest.json<Expense>().amount).toBe('0.01');
  });

  it('amounts above 999999999.99 are answered 400 naming amount and write nothing, while the maximum itself is accepted', async () => {
    const { user, expense } = await setup();
    const jpy = await setup('JPY');
    const tooLarge: unknown[] = [
      '1000000000',
      1000000000,
      '1000000000.00',
      '999999999.999',
      '99999999999999999999999',
      Number.MAX_SAFE_INTEGER + 1,
      1e20,
    ];
    await expectNoWrite(user, async () => {
      for (const amount of tooLarge) {
        expectProblem(
          await call(user, 'POST', '/expenses', { payload: { ...VALID_EXPENSE, amount } }),
          validation('amount'),
          `POST ${String(amount)}`,
        );
        expectProblem(
          await call(user, 'PATCH', `/expenses/${expense.id}`, { payload: { amount } }),
          validation('amount'),
          `PATCH ${String(amount)}`,
        );
      }
    });
    await expectNoWrite(jpy.user, async () => {
      for (const amount of ['1000000000', 1000000000]) {
        expectProblem(
          await call(jpy.user, 'POST', '/expenses', { payload: { ...VALID_EXPENSE, amount } }),
          validation('amount'),
          `JPY ${String(amount)}`,
        );
      }
    });
    for (const amount of ['999999999.99', 999999999.99]) {
      const response = await call(user, 'POST', '/expenses', { payload: { ...VALID_EXPENSE, amount } });
      expect(response.statusCode, String(amount)).toBe(201);
      expect(response.json<Expense>().amount).toBe('999999999.99');
      const fetched = await call(user, 'GET', `/expenses/${response.json<Expense>().id}`);
      expect(fetched.json<Expense>().amount).toBe('999999999.99');
    }
    const jpyMax = await call(jpy.user, 'POST', '/expenses', { payload: { ...VALID_EXPENSE, amount: '999999999' } });
    expect(jpyMax.statusCode).toBe(201);
    expect(jpyMax.json<Expense>().amount).toBe('999999999');
  });

  // ---------------------------------------------------------------- too many decimals

  it('EUR amounts with more than 2 decimals are answered 400 naming amount, as strings and JSON numbers, and write nothing', async () => {
    const { user, expense } = await setup();
    const amounts: unknown[] = [
      '12.345',
      12.345,
      '12.500',
      '1.001',
      0.1 + 0.2,
      '0.30000000000000004',
      '1.0001',
      1.0001,
    ];
    await expectNoWrite(user, async () => {
      await expectFieldRejected(user, expense.id, 'amount', amounts, { note: 'changed' });
    });
    const accepted: [unknown, string][] = [
      ['12.5', '12.50'],
      [12.34, '12.34'],
      [' 7.10 ', '7.10'],
      [3, '3.00'],
    ];
    for (const [amount, wire] of accepted) {
      const response = await call(user, 'POST', '/expenses', { payload: { ...VALID_EXPENSE, amount } });
      expect(response.statusCode, String(amount)).toBe(201);
      expect(response.json<Expense>().amount).toBe(wire);
    }
  });

  it('JPY amounts with any decimals are answered 400 naming amount, as strings and JSON numbers, and write nothing', async () => {
    const { user, expense } = await setup('JPY');
    const amounts: unknown[] = ['100.5', 100.5, '100.0', '0.5', 0.5, '1.25', 0.1 + 0.2];
    await expectNoWrite(user, async () => {
      await expectFieldRejected(user, expense.id, 'amount', amounts, { date: '2026-11-21' });
    });
    for (const amount of ['100', 100]) {
      const response = await call(user, 'POST', '/expenses', { payload: { ...VALID_EXPENSE, amount } });
      expect(response.statusCode).toBe(201);
      expect(response.json<Expense>()).toMatchObject({ amount: '100', currency: 'JPY' });
    }
  });

  it("too many decimals are explained in the wallet's own currency, never another one", async () => {
    const eur = await setup();
    const jpy = await setup('JPY');
    const cases: [TestUser, string, unknown][] = [
      [eur.user, 'EUR', '12.345'],
      [eur.user, 'EUR', '1.0001'],
      [eur.user, 'EUR', 0.1 + 0.2],
      [jpy.user, 'JPY', '100.5'],
      [jpy.user, 'JPY', '1.0001'],
    ];
    for (const [user, currency, amount] of cases) {
      const response = await call(user, 'POST', '/expenses', { payload: { ...VALID_EXPENSE, amount } });
      expectProblem(response, validation('amount'), `${currency} ${String(amount)}`);
      const message = response
        .json<{ errors: { path: string; message: string }[] }>()
        .errors.find((e) => e.path === 'amount')?.message;
      expect(message, `${currency} ${String(amount)}`).toContain(currency);
    }
  });

  // ---------------------------------------------------------------- dates

  it('impossible and malformed dates (2026-02-30, 2026-13-01, 2025-02-29, ...) are answered 400 naming date and write nothing', async () => {
    const { user, expense } = await setup();
    const dates: unknown[] = [
      '2026-02-30',
      '2026-13-01',
      '2025-02-29',
      '2026-04-31',
      '2026-00-10',
      '2026-01-00',
      '2026-1-5',
      '26-01-05',
      '2026/01/05',
      '2026-01-05T00:00:00Z',
      ' 2026-01-05',
      '2026-01-05 ',
      '20260105',
      '',
      'yesterday',
      20260105,
    ];
    await expectNoWrite(user, async () => {
      await expectFieldRejected(user, expense.id, 'date', dates, { amount: '1.00' });
    });
  });

  it('2024-02-29 is a real date: accepted on create and update and returned unchanged', async () => {
    const { user, expense } = await setup();
    const created = await call(user, 'POST', '/expenses', { payload: { ...VALID_EXPENSE, date: '2024-02-29' } });
    expect(created.statusCode).toBe(201);
    expect(created.json<Expense>().date).toBe('2024-02-29');
    const patched = await call(user, 'PATCH', `/expenses/${expense.id}`, { payload: { date: '2024-02-29' } });
    expect(patched.statusCode).toBe(200);
    const fetched = await call(user, 'GET', `/expenses/${expense.id}`);
    expect(fetched.json<Expense>().date).toBe('2024-02-29');
    const listed = await call(user, 'GET', '/expenses?from=2024-02-29&to=2024-02-29');
    expect(
      listed
        .json<ExpensePage>()
        .items.map((item) => item.id)
        .sort(),
    ).toEqual([created.json<Expense>().id, expense.id].sort());
  });

  // ---------------------------------------------------------------- over-long fields

  it('a category of 65 characters after trimming, a blank category, a note of 1001 characters and other over-long fields are answered 400 naming the field and write nothing', async () => {
    const { user, expense } = await setup();
    const longCategory = `  ${'c'.repeat(65)}  `;
    await expectNoWrite(user, async () => {
      const cases: [string, Record<string, unknown>, string][] = [
        ['category of 65', { category: longCategory }, 'category'],
        ['blank category', { category: '   ' }, 'category'],
        ['empty category', { category: '' }, 'category'],
        ['note of 1001', { note: 'n'.repeat(1001) }, 'note'],
      ];
      for (const [label, fields, path] of cases) {
        expectProblem(
          await call(user, 'POST', '/expenses', { payload: { ...VALID_EXPENSE, ...fields } }),
          validation(path),
          `POST ${label}`,
        );
        expectProblem(
          await call(user, 'PATCH', `/expenses/${expense.id}`, { payload: { amount: '1.00', ...fields } }),
          validation(path),
          `PATCH ${label}`,
        );
      }
      expectProblem(
        await call(null, 'POST', '/auth/register', {
          payload: { email: `${'e'.repeat(243)}@example.com`, password: PASSWORD },
        }),
        validation('email'),
        'email of 255',
      );
      expectProblem(
        await call(user, 'POST', '/wallets', { payload: { name: 'w'.repeat(101), currency: 'EUR' } }),
        validation('name'),
        'wallet name of 101',
      );
      expectProblem(
        await call(user, 'PATCH', `/wallets/${user.walletId}`, { payload: { name: ' '.repeat(5) } }),
        validation('name'),
        'blank wallet name',
      );
    });
    // The limits themselves are accepted: 64 characters after trimming, 1000 characters of note.
    const atLimit = await call(user, 'POST', '/expenses', {
      payload: { ...VALID_EXPENSE, category: `  ${'d'.repeat(64)}\t`, note: 'm'.repeat(1000) },
    });
    expect(atLimit.statusCode).toBe(201);
    expect(atLimit.json<Expense>()).toMatchObject({ category: 'd'.repeat(64), note: 'm'.repeat(1000) });
  });

  // ---------------------------------------------------------------- body size

  it("bodies over the route's limit (64 KiB; 4 MiB for the sync push) are answered 413 payload_too_large on every body route and write nothing", async () => {
    const { user, expense } = await setup();
    await expectNoWrite(user, async () => {
      for (const endpoint of BODY_ENDPOINTS) {
        // The sync push takes whole backlogs, so it has a larger limit of its own.
        const huge = 'x'.repeat((endpoint.maxBodyBytes ?? BODY_LIMIT_BYTES) + 10);
        const payload = { ...VALID_EXPENSE, note: huge, email: uniqueEmail(), password: PASSWORD };
        const response = await call(user, endpoint.method as Method, urlOf(endpoint, expense.id), { payload });
        expectProblem(response, { status: 413, code: 'payload_too_large' }, endpoint.operationId);
      }
    });
  });

  it('a body of exactly 64 KiB is accepted and one byte more is answered 413', async () => {
    const { user } = await setup();
    const base = JSON.stringify({ ...VALID_EXPENSE, category: 'Boundary' });
    const padded = (size: number) => `${base.slice(0, -1)}${' '.repeat(size - base.length)}}`;
    expect(Buffer.byteLength(padded(BODY_LIMIT_BYTES))).toBe(64 * 1024);
    await expectNoWrite(user, async () => {
      const over = await call(user, 'POST', '/expenses', {
        raw: padded(BODY_LIMIT_BYTES + 1),
        contentType: 'application/json',
      });
      expectProblem(over, { status: 413, code: 'payload_too_large' });
    });
    const atLimit = await call(user, 'POST', '/expenses', {
      raw: padded(BODY_LIMIT_BYTES),
      contentType: 'application/json',
    });
    expect(atLimit.statusCode).toBe(201);
  });

  // ---------------------------------------------------------------- invalid UUIDs

  it('invalid UUIDs in the path, the query and the body are answered 400 naming the field and write nothing', async () => {
    const { user } = await setup();
    const bad = [
      'abc',
      '123',
      'not-a-uuid',
      randomUUID().replaceAll('-', ''),
      `${randomUUID()}x`,
      `{${randomUUID()}}`,
      'zzzzzzzz-zzzz-4zzz-8zzz-zzzzzzzzzzzz',
      "' OR '1'='1",
      '1; DROP TABLE expenses',
      '\u0000',
    ];
    await expectNoWrite(user, async () => {
      for (const id of bad) {
        const path = `/expenses/${encodeURIComponent(id)}`;
        expectProblem(await call(user, 'GET', path), validation('id'), `GET ${id}`);
        expectProblem(
          await call(user, 'PATCH', path, { payload: { amount: '1.00' } }),
          validation('id'),
          `PATCH ${id}`,
        );
        expectProblem(await call(user, 'DELETE', path), validation('id'), `DELETE ${id}`);
        const query = `walletId=${encodeURIComponent(id)}`;
        expectProblem(await call(user, 'GET', `/expenses?${query}`), validation('walletId'), `list ${id}`);
        expectProblem(await call(user, 'GET', `/categories?${query}`), validation('walletId'), `categories ${id}`);
        expectProblem(
          await call(user, 'POST', '/expenses', { payload: { ...VALID_EXPENSE, walletId: id } }),
          validation('walletId'),
          `body walletId ${id}`,
        );
        expectProblem(
          await call(user, 'POST', '/expenses', { payload: { ...VALID_EXPENSE, id } }),
          validation('id'),
          `body id ${id}`,
        );
      }
    });
  });

  it('a path with a broken percent-encoding is answered 400 as problem+json', async () => {
    const { user } = await setup();
    await expectNoWrite(user, async () => {
      for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
        const response = await call(
          user,
          method,
          '/expenses/%E0%A4%A',
          method === 'PATCH' ? { payload: { amount: '1.00' } } : {},
        );
        expectProblem(response, { status: 400, code: 'validation_failed' }, method);
      }
    });
  });

  // ---------------------------------------------------------------- text stored verbatim

  const VERBATIM_NOTES = [
    "'; DROP TABLE expenses; --",
    "Robert'); DROP TABLE users;--",
    '" OR ""="',
    '1; SELECT * FROM users WHERE 1=1 /* */',
    '\u0001\u001f\t\r\n',
    '  leading and trailing spaces  \n',
    '💸🧾 👨‍👩‍👧‍👦 🏳️‍🌈',
    'שלום עולם مرحبا بالعالم',
    '\u202Eexe.txt\u202C',
    'e\u0301 n\u0303 A\u030A',
    'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
    '\uFEFFbom \u2028 \u2029 \u00A0',
    '\uFFFE\uFFFF \u{10FFFF}',
    '100% _under_ back\\slash',
    '<script>alert(1)</script> ${7*7} {{7*7}}',
    '\\u0000 is not a NUL here',
  ];

  it('SQL-like strings, control characters, emoji, RTL and combining text in note are stored and returned exactly', async () => {
    const { user, expense } = await setup();
    for (const note of VERBATIM_NOTES) {
      const created = await call(user, 'POST', '/expenses', { payload: { ...VALID_EXPENSE, note } });
      expect(created.statusCode, JSON.stringify(note)).toBe(201);
      expect(created.json<Expense>().note).toBe(note);
      const fetched = await call(user, 'GET', `/expenses/${created.json<Expense>().id}`);
      expect(
        Buffer.from(fetched.json<Expense>().note ?? '', 'utf8').equals(Buffer.from(note, 'utf8')),
        JSON.stringify(note),
      ).toBe(true);
      expect(fetched.json<Expense>().note).toBe(note);

      const patched = await call(user, 'PATCH', `/expenses/${expense.id}`, { payload: { note } });
      expect(patched.statusCode, JSON.stringify(note)).toBe(200);
      expect((await call(user, 'GET', `/expenses/${expense.id}`)).json<Expense>().note).toBe(note);
    }
    const listing = (await call(user, 'GET', '/expenses?limit=200')).json<ExpensePage>();
    const notes = listing.items.map((item) => item.note);
    for (const note of VERBATIM_NOTES) expect(notes, JSON.stringify(note)).toContain(note);
    // The tables are all still there.
    expect(listing.items).toHaveLength(VERBATIM_NOTES.length + 1);
    expect((await call(user, 'GET', '/me')).statusCode).toBe(200);
  });

  it('SQL-like strings, control characters, emoji, RTL and combining text in category are stored, listed and filtered exactly', async () => {
    const { user, expense } = await setup();
    const names = [
      "'; DROP TABLE categories; --",
      'a\u0001b\u001fc\td',
      '💸 Fun 👨‍👩‍👧',
      'طعام ומסעדות',
      'Cafe\u0301',
      'Z̤͔ͧ̑̓ä͖̭̈̇l̒ͫǧ̗o̙̔',
      '100%_\\',
    ];
    for (const category of names) {
      const created = await call(user, 'POST', '/expenses', { payload: { ...VALID_EXPENSE, category } });
      expect(created.statusCode, JSON.stringify(category)).toBe(201);
      expect(created.json<Expense>().category).toBe(category);
      const fetched = await call(user, 'GET', `/expenses/${created.json<Expense>().id}`);
      expect(fetched.json<Expense>().category).toBe(category);
      const filtered = await call(user, 'GET', `/expenses?category=${encodeURIComponent(category)}`);
      expect(filtered.statusCode).toBe(200);
      expect(
        filtered.json<ExpensePage>().items.map((item) => item.id),
        JSON.stringify(category),
      ).toEqual([created.json<Expense>().id]);
    }
    const listed = (await call(user, 'GET', '/categories')).json<Category[]>();
    for (const category of names) expect(listed, JSON.stringify(category)).toContainEqual({ name: category, count: 1 });
    const patched = await call(user, 'PATCH', `/expenses/${expense.id}`, { payload: { category: names[0] } });
    expect(patched.json<Expense>().category).toBe(names[0]);
  });

  it('search treats %, _, backslash and quotes in q literally', async () => {
    const { user } = await setup();
    const ids: Record<string, string> = {};
    for (const note of ['100% sure', 'snake_case', 'back\\slash', "it's quoted", 'plain words']) {
      ids[note] = (await createExpense(app(), user, { note })).id;
    }
    const search = async (q: string) =>
      (await call(user, 'GET', `/expenses?q=${encodeURIComponent(q)}`))
        .json<ExpensePage>()
        .items.map((item) => item.id);
    expect(await search('%')).toEqual([ids['100% sure']]);
    expect(await search('_')).toEqual([ids['snake_case']]);
    expect(await search('\\')).toEqual([ids['back\\slash']]);
    expect(await search("'")).toEqual([ids["it's quoted"]]);
    expect(await search("' OR '1'='1")).toEqual([]);
  });

  it('a password full of SQL works for registration and sign-in, and only exactly', async () => {
    const email = uniqueEmail('sql');
    const password = '\'; DROP TABLE users; -- " OR 1=1';
    const registered = await call(null, 'POST', '/auth/register', { payload: { email, password } });
    expect(registered.statusCode).toBe(201);
    expect((await call(null, 'POST', '/auth/login', { payload: { email, password } })).statusCode).toBe(200);
    const wrong = await call(null, 'POST', '/auth/login', { payload: { email, password: "' OR '1'='1" } });
    expectProblem(wrong, { status: 401, code: 'invalid_credentials' });
  });

  // ---------------------------------------------------------------- NUL and lone surrogates

  it('U+0000 and lone surrogates in note, category or wallet name are answered 400 naming the field and write nothing', async () => {
    const { user, expense } = await setup();
    const cases: [string, string][] = [
      ['note', 'a\u0000b'],
      ['note', '\u0000'],
      ['note', 'x\uD800'],
      ['note', '\uDC00x'],
      ['note', 'pair reversed \uDE00\uD83D'],
      ['category', 'Food\u0000'],
      ['category', '\uD83D'],
      ['category', 'x\uDFFFy'],
    ];
    await expectNoWrite(user, async () => {
      for (const [field, value] of cases) {
        const label = `${field} ${JSON.stringify(value)}`;
        expectProblem(
          await call(user, 'POST', '/expenses', { payload: { ...VALID_EXPENSE, [field]: value } }),
          validation(field),
          `POST ${label}`,
        );
        expectProblem(
          await call(user, 'PATCH', `/expenses/${expense.id}`, { payload: { amount: '2.00', [field]: value } }),
          validation(field),
          `PATCH ${label}`,
        );
      }
      expectProblem(await call(user, 'GET', '/expenses?category=a%00b'), validation('category'), 'category filter');
      for (const name of ['Home\u0000', 'x\uD800']) {
        expectProblem(
          await call(user, 'POST', '/wallets', { payload: { name, currency: 'EUR' } }),
          validation('name'),
          `wallet ${JSON.stringify(name)}`,
        );
        expectProblem(
          await call(user, 'PATCH', `/wallets/${user.walletId}`, { payload: { name } }),
          validation('name'),
          `rename ${JSON.stringify(name)}`,
        );
      }
    });
  });

  it('U+0000 in the search text q is answered 400 validation_failed naming q, never 500', async () => {
    const { user } = await setup();
    await expectNoWrite(user, async () => {
      expectProblem(await call(user, 'GET', '/expenses?q=a%00b'), validation('q'));
    });
  });

  // ---------------------------------------------------------------- query parameters

  it('limit 0, 201, "abc" and other non-integers are answered 400 naming limit', async () => {
    const { user } = await setup();
    await expectNoWrite(user, async () => {
      for (const limit of ['0', '201', 'abc', '1.5', '-1', '', '1000000']) {
        expectProblem(await call(user, 'GET', `/expenses?limit=${limit}`), validation('limit'), `limit=${limit}`);
      }
      expectProblem(await call(user, 'GET', '/expenses?limit=1&limit=2'), validation('limit'), 'limit twice');
    });
    for (const limit of ['1', '200']) {
      expect((await call(user, 'GET', `/expenses?limit=${limit}`)).statusCode, limit).toBe(200);
    }
  });

  it('cursors the API never issued are answered 400 naming cursor', async () => {
    const { user } = await setup();
    const cursors = ['garbage', '', 'x'.repeat(513), b64({}), b64([1, 2, 3]), b64(['a', 'b']), b64(null), '%%%%'];
    await expectNoWrite(user, async () => {
      for (const cursor of cursors) {
        expectProblem(
          await call(user, 'GET', `/expenses?cursor=${encodeURIComponent(cursor)}`),
          validation('cursor'),
          `cursor ${cursor.slice(0, 20)}`,
        );
      }
    });
  });

  it('a well-formed cursor carrying impossible values is answered 400 naming cursor, never 500', async () => {
    const { user } = await setup();
    const forged = [
      b64(['2026-13-45', 'nonsense', 'x']),
      b64(['2026-11-20', 'not-a-timestamp', randomUUID()]),
      b64(['not-a-date', '2026-11-20T00:00:00.000Z', randomUUID()]),
    ];
    await expectNoWrite(user, async () => {
      for (const cursor of forged) {
        expectProblem(
          await call(user, 'GET', `/expenses?cursor=${cursor}`),
          validation('cursor'),
          Buffer.from(cursor, 'base64url').toString(),
        );
      }
    });
  });

  it('bad dates and amounts in the query filters are answered 400 naming the parameter', async () => {
    const { user } = await setup();
    const cases: [string, string][] = [
      ['from=2026-02-30', 'from'],
      ['from=2026-13-01', 'from'],
      ['to=2025-02-29', 'to'],
      ['to=yesterday', 'to'],
      ['from=', 'from'],
      ['minAmount=abc', 'minAmount'],
      ['minAmount=-1', 'minAmount'],
      ['minAmount=1e3', 'minAmount'],
      ['minAmount=1.005', 'minAmount'],
      ['maxAmount=1,5', 'maxAmount'],
      ['maxAmount=1000000000', 'maxAmount'],
      ['q=', 'q'],
      ['q=%20%20', 'q'],
      [`q=${'q'.repeat(201)}`, 'q'],
      ['category=', 'category'],
      [`category=${'c'.repeat(65)}`, 'category'],
    ];
    await expectNoWrite(user, async () => {
      for (const [query, path] of cases) {
        expectProblem(await call(user, 'GET', `/expenses?${query}`), validation(path), query.slice(0, 40));
      }
    });
  });

  // ---------------------------------------------------------------- races

  it('the same email registering concurrently in different spellings creates exactly one account and one wallet; the rest get 409 email_taken', async () => {
    const t = ctx();
    const email = uniqueEmail('race');
    const spellings = [
      email,
      email.toUpperCase(),
      ` ${email}`,
      `${email} `,
      email.replace(/^r/, 'R'),
      `\t${email.toUpperCase()}`,
    ];
    const before = {
      users: await count(t, 'users'),
      wallets: await count(t, 'wallets'),
      members: await count(t, 'wallet_members'),
      sessions: await count(t, 'sessions'),
    };
    const results = await Promise.all(
      spellings.map((spelling, index) =>
        call(null, 'POST', '/auth/register', {
          payload: { email: spelling, password: `${PASSWORD} ${String(index)}` },
        }),
      ),
    );
    const winners = results.flatMap((response, index) => (response.statusCode === 201 ? [index] : []));
    expect(winners).toHaveLength(1);
    for (const [index, response] of results.entries()) {
      if (index === winners[0]) continue;
      expectProblem(response, { status: 409, code: 'email_taken', paths: ['email'] }, `spelling ${String(index)}`);
    }
    const winner = winners[0] ?? -1;
    expect(results[winner]?.json<AuthSession>().user.email).toBe(email);
    expect({
      users: await count(t, 'users'),
      wallets: await count(t, 'wallets'),
      members: await count(t, 'wallet_members'),
      sessions: await count(t, 'sessions'),
    }).toEqual({
      users: before.users + 1,
      wallets: before.wallets + 1,
      members: before.members + 1,
      sessions: before.sessions + 1,
    });
    const login = (index: number) =>
      call(null, 'POST', '/auth/login', { payload: { email, password: `${PASSWORD} ${String(index)}` } });
    expect((await login(winner)).statusCode).toBe(200);
    expect((await login((winner + 1) % spellings.length)).statusCode).toBe(401);
  });

  it('the same client id posted concurrently creates one expense: one 201, the identical rest 200', async () => {
    const { user } = await setup();
    const before = await stateOf(user);
    const id = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        call(user, 'POST', '/expenses', { payload: { ...VALID_EXPENSE, id, note: 'once' } }),
      ),
    );
    expect(results.map((response) => response.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    const bodies = new Set(results.map((response) => response.body));
    expect(bodies.size).toBe(1);
    const after = await stateOf(user);
    expect(after.listing.items.map((item) => item.id)).toEqual(expect.arrayContaining([id]));
    expect(after.counts.expenses).toBe(before.counts.expenses + 1);
    expect(after.walletVersion).toBe((before.walletVersion ?? 0) + 1);
  });

  it('the same client id posted concurrently with different content creates one expense; the others get 409 id_conflict', async () => {
    const { user } = await setup();
    const before = await stateOf(user);
    const id = randomUUID();
    const results = await Promise.all(
      ['1.00', '2.00', '3.00', '4.00', '5.00'].map((amount) =>
        call(user, 'POST', '/expenses', { payload: { ...VALID_EXPENSE, id, amount } }),
      ),
    );
    const created = results.filter((response) => response.statusCode === 201);
    expect(created).toHaveLength(1);
    for (const response of results) {
      if (response.statusCode !== 201) expectProblem(response, { status: 409, code: 'id_conflict' });
    }
    const stored = await call(user, 'GET', `/expenses/${id}`);
    expect(stored.json<Expense>()).toEqual(created[0]?.json<Expense>());
    const after = await stateOf(user);
    expect(after.counts.expenses).toBe(before.counts.expenses + 1);
    expect(after.walletVersion).toBe((before.walletVersion ?? 0) + 1);
  });
});
