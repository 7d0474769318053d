import { randomUUID } from 'node:crypto';
import {
  type Category,
  type Endpoint,
  endpoints,
  type Expense,
  type ExpensePage,
  PROBLEM_CONTENT_TYPE,
  PROBLEM_TYPES,
  problemTypeUri,
  type Wallet,
} from '@ttm/contract';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase, type TestApp } from './support/app.js';
import { API, createExpense, registerUser, type TestUser, uniqueEmail } from './support/factories.js';

/** The resources a request is aimed at: another user's, missing ones, or the caller's own. */
interface Target {
  readonly expenseId: string;
  /** The personal wallet. */
  readonly walletId: string;
  /** Version of the targeted expense, for If-Match (a missing expense borrows the victim's). */
  readonly version: number;
  readonly userId: string;
  /** A shared wallet (only when the row needs it). */
  readonly sharedWalletId: string;
  /** A pending invite to the shared wallet, addressed to a third person. */
  readonly inviteId: string;
  /** An invite that the caller may answer when it is the caller's own; someone else's otherwise. */
  readonly receivedInviteId: string;
  /** An open sync conflict in the personal wallet (only when the row needs it). */
  readonly conflictId: string;
  /** A recurring rule in the personal wallet (only when the row needs it). */
  readonly ruleId: string;
  /** A receipt on `expenseId` (only when the row needs it). */
  readonly receiptId: string;
}

type Fixture = 'shared' | 'invites' | 'budgets' | 'conflicts' | 'recurring' | 'receipts';

interface RequestSpec {
  readonly params?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: Readonly<Record<string, unknown>>;
  /** A non-JSON body (CSV) with its content type. */
  readonly raw?: { readonly contentType: string; readonly text: string | Buffer };
  readonly headers?: Readonly<Record<string, string>>;
}

interface MatrixRow {
  /** The contract operation this row exercises. */
  readonly endpoint: Endpoint;
  /** Overrides the endpoint's method (HEAD is served for every GET route). */
  readonly method?: 'HEAD';
  /** What is special about this variant, shown in the test name. */
  readonly variant?: string;
  /** What the request names, for the test name. */
  readonly resource:
    'expense' | 'wallet' | 'shared wallet' | 'member' | 'invite' | 'conflict' | 'recurring rule' | 'receipt';
  /** Fixtures beyond the personal wallets and expenses. */
  readonly needs?: readonly Fixture[];
  /** `target` is what is aimed at; `caller` is B's own, for requests that mix both. */
  readonly request: (target: Target, caller: Target) => RequestSpec;
  /** What the same request answers on the caller's own resource (proves it is a working request). */
  readonly ownStatus: number;
}

const { expenses, categories, wallets, members, invites, summaries, budgets, csv, recurring, receipts } = endpoints;
/** A file whose first bytes are PNG's signature: what a receipt upload must start with. */
const PNG_FILE = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 0x2a)]);
const CSV_TEXT = 'date,amount,category,note\n2026-11-15,4.20,Imported,from a file\n';
const newExpense = { amount: '3.00', category: 'Probe', date: '2026-11-21' };
const newRule = { amount: '9.00', category: 'Probe', frequency: 'monthly', startDate: '2026-11-21' };

/**
 * Every contract route that can name someone else's resource, in every variant whose answer on
 * one's own resource differs (so a leak through a 400/412/200 would show). A new route that takes
 * an id or a walletId belongs here; the coverage test below fails until it is added.
 */
const MATRIX: readonly MatrixRow[] = [
  { endpoint: expenses.get, resource: 'expense', request: (t) => ({ params: { id: t.expenseId } }), ownStatus: 200 },
  {
    endpoint: expenses.get,
    method: 'HEAD',
    resource: 'expense',
    request: (t) => ({ params: { id: t.expenseId } }),
    ownStatus: 200,
  },
  {
    endpoint: expenses.update,
    resource: 'expense',
    request: (t) => ({ params: { id: t.expenseId }, body: { amount: '1.00', note: 'changed by B' } }),
    ownStatus: 200,
  },
  {
    endpoint: expenses.update,
    variant: 'with a matching If-Match',
    resource: 'expense',
    request: (t) => ({
      params: { id: t.expenseId },
      body: { category: 'Hijacked' },
      headers: { 'if-match': `"${String(t.version)}"` },
    }),
    ownStatus: 200,
  },
  {
    endpoint: expenses.update,
    variant: 'with a stale If-Match',
    resource: 'expense',
    request: (t) => ({ params: { id: t.expenseId }, body: { note: 'x' }, headers: { 'if-match': '"999999"' } }),
    ownStatus: 412,
  },
  {
    endpoint: expenses.update,
    variant: 'with an amount the wallet currency refuses',
    resource: 'expense',
    request: (t) => ({ params: { id: t.expenseId }, body: { amount: '1.005' } }),
    ownStatus: 400,
  },
  { endpoint: expenses.delete, resource: 'expense', request: (t) => ({ params: { id: t.expenseId } }), ownStatus: 204 },
  {
    endpoint: expenses.delete,
    variant: 'with a stale If-Match',
    resource: 'expense',
    request: (t) => ({ params: { id: t.expenseId }, headers: { 'if-match': '"999999"' } }),
    ownStatus: 412,
  },
  {
    endpoint: expenses.list,
    resource: 'wallet',
    request: (t) => ({ query: { walletId: t.walletId } }),
    ownStatus: 200,
  },
  {
    endpoint: expenses.list,
    variant: 'with filters and a small page',
    resource: 'wallet',
    request: (t) => ({
      query: {
        walletId: t.walletId,
        category: 'Groceries',
        q: 'secret',
        from: '2026-01-01',
        to: '2026-12-31',
        limit: '1',
      },
    }),
    ownStatus: 200,
  },
  {
    endpoint: expenses.list,
    variant: 'with an amount filter the wallet currency refuses',
    resource: 'wallet',
    request: (t) => ({ query: { walletId: t.walletId, minAmount: '1.005' } }),
    ownStatus: 400,
  },
  {
    endpoint: expenses.list,
    variant: 'with an invalid cursor',
    resource: 'wallet',
    request: (t) => ({ query: { walletId: t.walletId, cursor: 'not-a-cursor' } }),
    ownStatus: 400,
  },
  {
    endpoint: expenses.list,
    method: 'HEAD',
    resource: 'wallet',
    request: (t) => ({ query: { walletId: t.walletId } }),
    ownStatus: 200,
  },
  {
    endpoint: expenses.create,
    resource: 'wallet',
    request: (t) => ({ body: { ...newExpense, walletId: t.walletId } }),
    ownStatus: 201,
  },
  {
    endpoint: expenses.create,
    variant: 'with a client-generated id',
    resource: 'wallet',
    request: (t) => ({ body: { ...newExpense, walletId: t.walletId, id: randomUUID() } }),
    ownStatus: 201,
  },
  {
    endpoint: expenses.create,
    variant: 'with an amount the wallet currency refuses',
    resource: 'wallet',
    request: (t) => ({ body: { ...newExpense, walletId: t.walletId, amount: '1.005' } }),
    ownStatus: 400,
  },
  {
    endpoint: categories.list,
    resource: 'wallet',
    request: (t) => ({ query: { walletId: t.walletId } }),
    ownStatus: 200,
  },
  {
    endpoint: endpoints.sync.changes,
    resource: 'wallet',
    request: (t) => ({ params: { id: t.walletId }, query: { since: '0' } }),
    ownStatus: 200,
  },
  {
    endpoint: endpoints.conflicts.list,
    resource: 'wallet',
    request: (t) => ({ query: { walletId: t.walletId } }),
    ownStatus: 200,
  },
  {
    endpoint: endpoints.conflicts.resolve,
    resource: 'conflict',
    needs: ['conflicts'],
    request: (t) => ({ params: { id: t.conflictId }, body: { choice: 'client' } }),
    ownStatus: 200,
  },
  {
    endpoint: endpoints.conflicts.resolve,
    variant: 'with an amount the wallet currency refuses',
    resource: 'conflict',
    needs: ['conflicts'],
    request: (t) => ({ params: { id: t.conflictId }, body: { fields: { amount: '1.005' } } }),
    ownStatus: 400,
  },
  { endpoint: wallets.get, resource: 'wallet', request: (t) => ({ params: { id: t.walletId } }), ownStatus: 200 },
  {
    endpoint: wallets.get,
    resource: 'shared wallet',
    needs: ['shared'],
    request: (t) => ({ params: { id: t.sharedWalletId } }),
    ownStatus: 200,
  },
  {
    endpoint: wallets.update,
    resource: 'shared wallet',
    needs: ['shared'],
    request: (t) => ({ params: { id: t.sharedWalletId }, body: { name: 'Renamed by B' } }),
    ownStatus: 200,
  },
  {
    endpoint: wallets.update,
    resource: 'wallet',
    request: (t) => ({ params: { id: t.walletId }, body: { name: 'Renamed by B' } }),
    ownStatus: 200,
  },
  {
    endpoint: wallets.delete,
    resource: 'shared wallet',
    needs: ['shared'],
    request: (t) => ({ params: { id: t.sharedWalletId } }),
    ownStatus: 204,
  },
  {
    endpoint: wallets.delete,
    resource: 'wallet',
    request: (t) => ({ params: { id: t.walletId } }),
    ownStatus: 409,
  },
  {
    endpoint: members.list,
    resource: 'shared wallet',
    needs: ['shared'],
    request: (t) => ({ params: { id: t.sharedWalletId } }),
    ownStatus: 200,
  },
  {
    endpoint: members.update,
    resource: 'member',
    needs: ['shared'],
    request: (t) => ({ params: { id: t.sharedWalletId, userId: t.userId }, body: { role: 'editor' } }),
    ownStatus: 409,
  },
  {
    endpoint: members.update,
    variant: "of the caller's own wallet",
    resource: 'member',
    needs: ['shared'],
    request: (t, caller) => ({ params: { id: caller.sharedWalletId, userId: t.userId }, body: { role: 'owner' } }),
    ownStatus: 200,
  },
  {
    endpoint: members.remove,
    resource: 'member',
    needs: ['shared'],
    request: (t) => ({ params: { id: t.sharedWalletId, userId: t.userId } }),
    ownStatus: 409,
  },
  {
    endpoint: members.remove,
    variant: "of the caller's own wallet",
    resource: 'member',
    needs: ['shared'],
    request: (t, caller) => ({ params: { id: caller.sharedWalletId, userId: t.userId } }),
    ownStatus: 409,
  },
  {
    endpoint: invites.create,
    resource: 'shared wallet',
    needs: ['shared'],
    request: (t) => ({ params: { id: t.sharedWalletId }, body: { email: 'invitee@example.com', role: 'editor' } }),
    ownStatus: 201,
  },
  {
    endpoint: invites.create,
    resource: 'wallet',
    request: (t) => ({ params: { id: t.walletId }, body: { email: 'invitee@example.com', role: 'viewer' } }),
    ownStatus: 409,
  },
  {
    endpoint: invites.listForWallet,
    resource: 'shared wallet',
    needs: ['shared'],
    request: (t) => ({ params: { id: t.sharedWalletId } }),
    ownStatus: 200,
  },
  {
    endpoint: invites.revoke,
    resource: 'invite',
    needs: ['shared', 'invites'],
    request: (t) => ({ params: { id: t.sharedWalletId, inviteId: t.inviteId } }),
    ownStatus: 204,
  },
  {
    endpoint: invites.revoke,
    variant: "through the caller's own wallet",
    resource: 'invite',
    needs: ['shared', 'invites'],
    request: (t, caller) => ({ params: { id: caller.sharedWalletId, inviteId: t.inviteId } }),
    ownStatus: 204,
  },
  {
    endpoint: invites.accept,
    resource: 'invite',
    needs: ['shared', 'invites'],
    request: (t) => ({ params: { id: t.receivedInviteId } }),
    ownStatus: 200,
  },
  {
    endpoint: invites.decline,
    resource: 'invite',
    needs: ['shared', 'invites'],
    request: (t) => ({ params: { id: t.receivedInviteId } }),
    ownStatus: 204,
  },
  {
    endpoint: summaries.monthly,
    resource: 'wallet',
    request: (t) => ({ query: { walletId: t.walletId } }),
    ownStatus: 200,
  },
  {
    endpoint: summaries.categories,
    resource: 'wallet',
    request: (t) => ({ query: { walletId: t.walletId, from: '2026-11-01', to: '2026-11-30' } }),
    ownStatus: 200,
  },
  { endpoint: budgets.list, resource: 'wallet', request: (t) => ({ query: { walletId: t.walletId } }), ownStatus: 200 },
  {
    endpoint: budgets.put,
    resource: 'wallet',
    request: (t) => ({
      params: { category: 'Groceries' },
      query: { walletId: t.walletId },
      body: { monthlyLimit: '1.00' },
    }),
    ownStatus: 200,
  },
  {
    endpoint: budgets.delete,
    resource: 'wallet',
    needs: ['budgets'],
    request: (t) => ({ params: { category: 'Groceries' }, query: { walletId: t.walletId } }),
    ownStatus: 204,
  },
  { endpoint: csv.export, resource: 'wallet', request: (t) => ({ query: { walletId: t.walletId } }), ownStatus: 200 },
  {
    endpoint: recurring.list,
    resource: 'wallet',
    needs: ['recurring'],
    request: (t) => ({ query: { walletId: t.walletId } }),
    ownStatus: 200,
  },
  {
    endpoint: recurring.create,
    resource: 'wallet',
    request: (t) => ({ body: { ...newRule, walletId: t.walletId } }),
    ownStatus: 201,
  },
  {
    endpoint: recurring.create,
    variant: 'with an amount the wallet currency refuses',
    resource: 'wallet',
    request: (t) => ({ body: { ...newRule, walletId: t.walletId, amount: '1.005' } }),
    ownStatus: 400,
  },
  {
    endpoint: recurring.get,
    resource: 'recurring rule',
    needs: ['recurring'],
    request: (t) => ({ params: { id: t.ruleId } }),
    ownStatus: 200,
  },
  {
    endpoint: recurring.update,
    resource: 'recurring rule',
    needs: ['recurring'],
    request: (t) => ({ params: { id: t.ruleId }, body: { amount: '1.00', paused: true } }),
    ownStatus: 200,
  },
  {
    endpoint: recurring.update,
    variant: 'with an amount the wallet currency refuses',
    resource: 'recurring rule',
    needs: ['recurring'],
    request: (t) => ({ params: { id: t.ruleId }, body: { amount: '1.005' } }),
    ownStatus: 400,
  },
  {
    endpoint: recurring.delete,
    resource: 'recurring rule',
    needs: ['recurring'],
    request: (t) => ({ params: { id: t.ruleId } }),
    ownStatus: 204,
  },
  {
    endpoint: csv.import,
    resource: 'wallet',
    request: (t) => ({ query: { walletId: t.walletId }, raw: { contentType: 'text/csv', text: CSV_TEXT } }),
    ownStatus: 200,
  },
  {
    endpoint: csv.import,
    variant: 'as a dry run',
    resource: 'wallet',
    request: (t) => ({
      query: { walletId: t.walletId, dryRun: 'true' },
      raw: { contentType: 'text/csv', text: CSV_TEXT },
    }),
    ownStatus: 200,
  },
  {
    endpoint: receipts.upload,
    resource: 'expense',
    request: (t) => ({ params: { id: t.expenseId }, raw: { contentType: 'image/png', text: PNG_FILE } }),
    ownStatus: 201,
  },
  {
    endpoint: receipts.upload,
    variant: 'with a file that is not its declared type',
    resource: 'expense',
    request: (t) => ({ params: { id: t.expenseId }, raw: { contentType: 'application/pdf', text: PNG_FILE } }),
    ownStatus: 415,
  },
  {
    endpoint: receipts.listForExpense,
    resource: 'expense',
    needs: ['receipts'],
    request: (t) => ({ params: { id: t.expenseId } }),
    ownStatus: 200,
  },
  {
    endpoint: receipts.listForWallet,
    resource: 'wallet',
    needs: ['receipts'],
    request: (t) => ({ query: { walletId: t.walletId } }),
    ownStatus: 200,
  },
  {
    endpoint: receipts.download,
    resource: 'receipt',
    needs: ['receipts'],
    request: (t) => ({ params: { id: t.receiptId } }),
    ownStatus: 200,
  },
  {
    endpoint: receipts.download,
    method: 'HEAD',
    resource: 'receipt',
    needs: ['receipts'],
    request: (t) => ({ params: { id: t.receiptId } }),
    ownStatus: 200,
  },
  {
    endpoint: receipts.delete,
    resource: 'receipt',
    needs: ['receipts'],
    request: (t) => ({ params: { id: t.receiptId } }),
    ownStatus: 204,
  },
];

/**
 * Contract routes that name no resource by id, so there is nothing of A's for B to aim at.
 * acceptInviteToken names an invite by its secret link token: whoever holds the link may try it,
 * and a wrong account is told so (403 invite_wrong_account), by design.
 */
const NAMES_NO_RESOURCE: readonly Endpoint[] = [
  endpoints.wallets.create,
  endpoints.invites.listMine,
  endpoints.invites.acceptToken,
  endpoints.auth.register,
  endpoints.auth.login,
  endpoints.auth.refresh,
  endpoints.auth.logout,
  endpoints.auth.changePassword,
  endpoints.me.get,
  endpoints.me.delete,
  endpoints.wallets.list,
  endpoints.health.health,
  endpoints.health.ready,
  // The pull names no resource: its opaque cursor only continues the caller's own wallets.
  endpoints.sync.pull,
];

/**
 * The sync push names wallets and expenses inside each mutation and answers 200 with one result per
 * mutation: someone else's and a missing one get the same `rejected` / `not_found` result and
 * nothing is written (test/sync-push.test.ts proves it).
 */
const ANSWERS_PER_MUTATION: readonly Endpoint[] = [endpoints.sync.push];

const NOT_FOUND = {
  type: problemTypeUri('not_found'),
  title: PROBLEM_TYPES.not_found.title,
  status: 404,
  detail: 'The requested resource does not exist',
  code: 'not_found',
};

/** Headers that legitimately differ between two identical answers. */
const VOLATILE_HEADERS = new Set(['date', 'x-request-id', 'x-ratelimit-remaining', 'x-ratelimit-reset']);

function allEndpoints(): Endpoint[] {
  return Object.values(endpoints).flatMap((group) => Object.values(group as Record<string, Endpoint>));
}

function shapeKeys(schema: Endpoint['query']): string[] {
  if (schema === undefined) return [];
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

/** True when the endpoint's path, query or body can name a resource by id (id, walletId, userId...). */
function namesAResource(endpoint: Endpoint): boolean {
  const names = [...shapeKeys(endpoint.params), ...shapeKeys(endpoint.query), ...shapeKeys(endpoint.body)];
  return names.some((name) => name === 'id' || name.endsWith('Id'));
}

function rowName(row: MatrixRow): string {
  const method = row.method ?? row.endpoint.method;
  return `${method} ${row.endpoint.path}${row.variant ? ` ${row.variant}` : ''}`;
}

/** Everything about an answer that a caller could observe, minus per-request noise. */
function observable(response: LightMyRequestResponse) {
  const headers = Object.entries(response.headers)
    .filter(([name]) => !VOLATILE_HEADERS.has(name))
    .sort(([a], [b]) => a.localeCompare(b));
  return { status: response.statusCode, headers, body: response.body };
}

describe('isolation matrix coverage', () => {
  it('lists every contract route either in the matrix or as naming no resource', () => {
    const inMatrix = new Set(MATRIX.map((row) => row.endpoint.operationId));
    const noResource = new Set([...NAMES_NO_RESOURCE, ...ANSWERS_PER_MUTATION].map((endpoint) => endpoint.operationId));
    const perMutation = new Set(ANSWERS_PER_MUTATION.map((endpoint) => endpoint.operationId));
    const all = allEndpoints();
    for (const endpoint of all) {
      const where = `${endpoint.method} ${endpoint.path}`;
      expect(inMatrix.has(endpoint.operationId) !== noResource.has(endpoint.operationId), where).toBe(true);
      if (namesAResource(endpoint) && !perMutation.has(endpoint.operationId)) {
        expect(inMatrix.has(endpoint.operationId), where).toBe(true);
      }
    }
    expect([...inMatrix, ...noResource].sort()).toEqual(all.map((endpoint) => endpoint.operationId).sort());
  });
});

describeEachDatabase('isolation', (ctx) => {
  const app = () => ctx().app;

  function send(user: TestUser, method: string, row: MatrixRow, spec: RequestSpec) {
    let path = row.endpoint.path;
    for (const [name, value] of Object.entries(spec.params ?? {})) {
      path = path.replace(new RegExp(`:${name}\\b`), encodeURIComponent(value));
    }
    const query = spec.query ? `?${new URLSearchParams(spec.query).toString()}` : '';
    return app().inject({
      method: method as 'GET',
      url: `${API}${path}${query}`,
      headers: { ...user.auth, ...(spec.raw ? { 'content-type': spec.raw.contentType } : {}), ...spec.headers },
      ...(spec.body ? { payload: spec.body } : {}),
      ...(spec.raw ? { payload: spec.raw.text } : {}),
    });
  }

  async function expectStatus(response: Promise<LightMyRequestResponse>, status: number, what: string) {
    const answer = await response;
    if (answer.statusCode !== status) throw new Error(`fixture ${what}: ${String(answer.statusCode)} ${answer.body}`);
    return answer;
  }

  async function sharedWallet(user: TestUser, name: string): Promise<string> {
    const created = await expectStatus(
      app().inject({ method: 'POST', url: `${API}/wallets`, headers: user.auth, payload: { name, currency: 'EUR' } }),
      201,
      'POST /wallets',
    );
    return created.json<Wallet>().id;
  }

  async function invite(owner: TestUser, walletId: string, email: string): Promise<string> {
    const created = await expectStatus(
      app().inject({
        method: 'POST',
        url: `${API}/wallets/${walletId}/invites`,
        headers: owner.auth,
        payload: { email, role: 'editor' },
      }),
      201,
      'POST /wallets/:id/invites',
    );
    return created.json<{ id: string }>().id;
  }

  /**
   * A with a personal wallet holding three expenses; B with one expense of their own. With
   * "shared", each also owns a shared wallet (A's holds an expense); with "invites", A has invited
   * a third person, B has invited a third person, and A has invited B; with "budgets", each has a
   * Groceries budget.
   */
  async function twoUsers(needs: readonly Fixture[] = []) {
    const a = await registerUser(app());
    const aExpenses = [
      await createExpense(app(), a, {
        amount: '12.50',
        category: 'Groceries',
        date: '2026-11-20',
        note: 'secret note of A',
      }),
      await createExpense(app(), a, { amount: '7.00', category: `A-private-${randomUUID()}`, date: '2026-11-19' }),
      await createExpense(app(), a, {
        amount: '1.99',
        category: 'Groceries',
        date: '2026-11-18',
        note: 'another secret',
      }),
    ];
    const b = await registerUser(app());
    const bExpense = await createExpense(app(), b, {
      amount: '5.00',
      category: 'Groceries',
      date: '2026-11-20',
      note: 'secret of B',
    });
    const shared = needs.includes('shared');
    const aShared = shared ? await sharedWallet(a, 'A household') : '';
    const bShared = shared ? await sharedWallet(b, 'B household') : '';
    if (shared)
      await createExpense(app(), a, { walletId: aShared, amount: '40.00', category: 'Rent', note: 'shared secret' });
    const withInvites = needs.includes('invites');
    const aInvite = withInvites ? await invite(a, aShared, uniqueEmail('third')) : '';
    const bInvite = withInvites ? await invite(b, bShared, uniqueEmail('fourth')) : '';
    const inviteForB = withInvites ? await invite(a, aShared, b.email) : '';
    if (needs.includes('budgets')) {
      for (const user of [a, b]) {
        await expectStatus(
          app().inject({
            method: 'PUT',
            url: `${API}/budgets/Groceries`,
            headers: user.auth,
            payload: { monthlyLimit: '300.00' },
          }),
          200,
          'PUT /budgets/:category',
        );
      }
    }
    // A conflict of each user's own: a REST edit, then a sync edit of the same field from an older version.
    const conflictOf = async (user: TestUser, expense: Expense) => {
      if (!needs.includes('conflicts')) return '';
      await expectStatus(
        app().inject({
          method: 'PATCH',
          url: `${API}/expenses/${expense.id}`,
          headers: user.auth,
          payload: { note: 'edited on the web' },
        }),
        200,
        'PATCH /expenses/:id',
      );
      const pushed = await expectStatus(
        app().inject({
          method: 'POST',
          url: `${API}/sync/push`,
          headers: user.auth,
          payload: {
            clientId: 'phone',
            mutations: [
              {
                mutationId: randomUUID(),
                op: 'update',
                expenseId: expense.id,
                walletId: expense.walletId,
                baseVersion: expense.version,
                fields: { note: 'edited offline' },
              },
            ],
          },
        }),
        200,
        'POST /sync/push',
      );
      return pushed.json<{ results: { conflictId: string | null }[] }>().results[0]?.conflictId ?? '';
    };
    const first = aExpenses[0];
    if (!first) throw new Error('fixture has no expense');
    const aConflict = await conflictOf(a, first);
    const bConflict = await conflictOf(b, bExpense);
    // A recurring rule of each user's own, starting in the future so it has created nothing yet.
    const ruleOf = async (user: TestUser) => {
      if (!needs.includes('recurring')) return '';
      const created = await expectStatus(
        app().inject({
          method: 'POST',
          url: `${API}/recurring-rules`,
          headers: user.auth,
          payload: { amount: '50.00', category: 'Rent', frequency: 'monthly', startDate: '2099-01-01' },
        }),
        201,
        'POST /recurring-rules',
      );
      return created.json<{ id: string }>().id;
    };
    const aRule = await ruleOf(a);
    const bRule = await ruleOf(b);
    // A receipt on each user's targeted expense.
    const receiptOf = async (user: TestUser, expense: Expense) => {
      if (!needs.includes('receipts')) return '';
      const created = await expectStatus(
        app().inject({
          method: 'POST',
          url: `${API}/expenses/${expense.id}/receipts`,
          headers: { ...user.auth, 'content-type': 'image/png' },
          payload: PNG_FILE,
        }),
        201,
        'POST /expenses/:id/receipts',
      );
      return created.json<{ id: string }>().id;
    };
    const aReceipt = await receiptOf(a, first);
    const bReceipt = await receiptOf(b, bExpense);
    const victim: Target = {
      expenseId: first.id,
      walletId: a.walletId,
      version: first.version,
      userId: a.id,
      sharedWalletId: aShared,
      inviteId: aInvite,
      receivedInviteId: aInvite,
      conflictId: aConflict,
      ruleId: aRule,
      receiptId: aReceipt,
    };
    const own: Target = {
      expenseId: bExpense.id,
      walletId: b.walletId,
      version: bExpense.version,
      userId: b.id,
      sharedWalletId: bShared,
      inviteId: bInvite,
      receivedInviteId: inviteForB,
      conflictId: bConflict,
      ruleId: bRule,
      receiptId: bReceipt,
    };
    const missing: Target = {
      expenseId: randomUUID(),
      walletId: randomUUID(),
      version: victim.version,
      userId: randomUUID(),
      sharedWalletId: randomUUID(),
      inviteId: randomUUID(),
      receivedInviteId: randomUUID(),
      conflictId: randomUUID(),
      ruleId: randomUUID(),
      receiptId: randomUUID(),
    };
    return { a, aExpenses, b, bExpense, victim, own, missing };
  }

  /**
   * A's data as A sees it through the API, plus the raw rows of every wallet A belongs to
   * (tombstones, wallet versions and memberships included).
   */
  async function stateOf(t: TestApp, user: TestUser, expenseIds: readonly string[]) {
    const get = (url: string) => t.app.inject({ method: 'GET', url: `${API}${url}`, headers: user.auth });
    const listing = await get('/expenses?limit=200');
    const each = [];
    for (const id of expenseIds) {
      const response = await get(`/expenses/${id}`);
      each.push({ status: response.statusCode, etag: response.headers['etag'], body: response.json<Expense>() });
    }
    const walletList = (await get('/wallets')).json<Wallet[]>();
    const perWallet = [];
    for (const wallet of walletList) {
      perWallet.push({
        listing: (await get(`/expenses?walletId=${wallet.id}&limit=200`)).json<ExpensePage>(),
        members: (await get(`/wallets/${wallet.id}/members`)).json<unknown>(),
        invites: wallet.personal ? null : (await get(`/wallets/${wallet.id}/invites`)).json<unknown>(),
      });
    }
    const walletIds = walletList.map((wallet) => wallet.id);
    const db = t.database.db;
    return {
      listing: { status: listing.statusCode, body: listing.json<ExpensePage>() },
      each,
      categories: (await get('/categories')).json<Category[]>(),
      budgets: { status: (await get('/budgets')).statusCode, body: (await get('/budgets')).body },
      wallets: walletList,
      perWallet,
      walletRows: await db.selectFrom('wallets').selectAll().where('id', 'in', walletIds).orderBy('id').execute(),
      memberRows: await db
        .selectFrom('wallet_members')
        .selectAll()
        .where('wallet_id', 'in', walletIds)
        .orderBy('wallet_id')
        .orderBy('user_id')
        .execute(),
      expenseRows: await db
        .selectFrom('expenses')
        .selectAll()
        .where('wallet_id', 'in', walletIds)
        .orderBy('id')
        .execute(),
      conflictRows: await db
        .selectFrom('sync_conflicts')
        .selectAll()
        .where('wallet_id', 'in', walletIds)
        .orderBy('id')
        .execute(),
      receiptRows: await db
        .selectFrom('receipts')
        .selectAll()
        .where('wallet_id', 'in', walletIds)
        .orderBy('id')
        .execute(),
      ruleRows: await db
        .selectFrom('recurring_rules')
        .selectAll()
        .where('wallet_id', 'in', walletIds)
        .orderBy('id')
        .execute(),
      categoryRows: await db
        .selectFrom('categories')
        .selectAll()
        .where('wallet_id', 'in', walletIds)
        .orderBy('wallet_id')
        .orderBy('key')
        .execute(),
    };
  }

  for (const row of MATRIX) {
    const method = row.method ?? row.endpoint.method;

    it(`${rowName(row)} returns 404 for another user's ${row.resource}, identical to a missing one, and changes nothing`, async () => {
      const { a, aExpenses, b, victim, own, missing } = await twoUsers(row.needs);
      const ids = aExpenses.map((expense) => expense.id);
      const before = await stateOf(ctx(), a, ids);
      expect(before.listing.body.items).toHaveLength(3);

      const onVictim = await send(b, method, row, row.request(victim, own));
      const onMissing = await send(b, method, row, row.request(missing, own));

      expect(onVictim.statusCode, onVictim.body).toBe(404);
      expect(onVictim.headers['content-type']).toBe(`${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
      expect(onVictim.headers['etag']).toBeUndefined();
      expect(onVictim.headers['location']).toBeUndefined();
      if (method === 'HEAD') expect(onVictim.body).toBe('');
      else expect(onVictim.json()).toEqual(NOT_FOUND);
      expect(observable(onVictim)).toEqual(observable(onMissing));

      expect(await stateOf(ctx(), a, ids)).toEqual(before);

      // The same request on B's own resources does what it says, so the 404 above is about ownership.
      const onOwn = await send(b, method, row, row.request(own, own));
      expect(onOwn.statusCode, onOwn.body).toBe(row.ownStatus);
    });
  }

  it("POST /expenses with another user's expense id as its client id answers like a clash with one's own id and changes nothing", async () => {
    const { a, aExpenses, b, bExpense } = await twoUsers();
    const ids = aExpenses.map((expense) => expense.id);
    const [first] = aExpenses;
    if (!first) throw new Error('fixture has no expense');
    const before = await stateOf(ctx(), a, ids);
    const bBefore = await stateOf(ctx(), b, [bExpense.id]);
    const post = (payload: Record<string, unknown>) =>
      app().inject({ method: 'POST', url: `${API}/expenses`, headers: b.auth, payload });

    const probe = { amount: '99.99', category: 'Probe', date: '2026-01-01' };
    const onVictim = await post({ ...probe, id: first.id });
    const onOwn = await post({ ...probe, id: bExpense.id });
    expect(onVictim.statusCode).toBe(409);
    expect(onVictim.json()).toMatchObject({ code: 'id_conflict' });
    expect(observable(onVictim)).toEqual(observable(onOwn));

    // Replaying A's exact content must not hand A's expense to B.
    const replay = await post({
      id: first.id,
      amount: first.amount,
      category: first.category,
      date: first.date,
      note: first.note,
    });
    expect(replay.statusCode).toBe(409);
    expect(replay.body).not.toContain(first.note ?? '');
    expect(replay.body).not.toContain(a.walletId);

    expect(await stateOf(ctx(), a, ids)).toEqual(before);
    expect(await stateOf(ctx(), b, [bExpense.id])).toEqual(bBefore);
  });

  it("GET /wallets for B lists only B's own wallets, never A's personal or shared wallet", async () => {
    const { a, b, victim, own } = await twoUsers(['shared']);
    const response = await app().inject({ method: 'GET', url: `${API}/wallets`, headers: b.auth });
    expect(response.statusCode).toBe(200);
    const list = response.json<Wallet[]>();
    expect(list.map((wallet) => wallet.id).sort()).toEqual([b.walletId, own.sharedWalletId].sort());
    expect(response.body).not.toContain(a.walletId);
    expect(response.body).not.toContain(victim.sharedWalletId);
    expect(response.body).not.toContain('A household');
  });

  it('GET /invites for B lists only invites sent to B, never those A sent to others', async () => {
    const { b, victim, own } = await twoUsers(['shared', 'invites']);
    const response = await app().inject({ method: 'GET', url: `${API}/invites`, headers: b.auth });
    expect(response.statusCode).toBe(200);
    const list = response.json<{ id: string; walletId: string }[]>();
    expect(list.map((pending) => pending.id)).toEqual([own.receivedInviteId]);
    expect(response.body).not.toContain(victim.inviteId);
  });

  it("GET /expenses for B lists only B's expenses, whatever the filter, never A's", async () => {
    const { a, aExpenses, b, bExpense } = await twoUsers();
    const list = async (query: string) => {
      const response = await app().inject({ method: 'GET', url: `${API}/expenses?${query}`, headers: b.auth });
      expect(response.statusCode, query).toBe(200);
      for (const expense of aExpenses) expect(response.body, query).not.toContain(expense.id);
      expect(response.body, query).not.toContain(a.walletId);
      return response.json<ExpensePage>().items.map((expense) => expense.id);
    };
    expect(await list('limit=200')).toEqual([bExpense.id]);
    expect(await list(`walletId=${b.walletId}`)).toEqual([bExpense.id]);
    expect(await list('q=secret')).toEqual([bExpense.id]);
    expect(await list('category=Groceries&from=2026-11-01&to=2026-11-30')).toEqual([bExpense.id]);
    expect(await list('q=another')).toEqual([]);
    expect(await list(`category=${encodeURIComponent(aExpenses[1]?.category ?? '')}`)).toEqual([]);
  });

  it("GET /categories for B never shows A's categories or A's usage counts", async () => {
    const { aExpenses, b } = await twoUsers();
    const response = await app().inject({ method: 'GET', url: `${API}/categories`, headers: b.auth });
    expect(response.statusCode).toBe(200);
    const list = response.json<Category[]>();
    expect(list.map((category) => category.name)).not.toContain(aExpenses[1]?.category);
    // A used Groceries twice, B once: B sees only its own count.
    expect(list.find((category) => category.name === 'Groceries')).toEqual({ name: 'Groceries', count: 1 });
  });
});
