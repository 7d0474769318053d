import { randomUUID } from 'node:crypto';
import {
  type Category,
  type CreatedInvite,
  type Endpoint,
  endpoints,
  type Expense,
  type ExpensePage,
  type Member,
  PROBLEM_CONTENT_TYPE,
  type Problem,
  type Wallet,
} from '@ttm/contract';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase, type TestApp } from './support/app.js';
import { API, createExpense, registerUser, type TestUser, uniqueEmail } from './support/factories.js';

const ACTORS = ['owner', 'editor', 'viewer', 'former', 'stranger'] as const;
type Actor = (typeof ACTORS)[number];

const ACTOR_NAMES: Readonly<Record<Actor, string>> = {
  owner: 'the owner',
  editor: 'an editor',
  viewer: 'a viewer',
  former: 'a former member',
  stranger: 'a stranger',
};

/** What a request is aimed at inside one freshly built shared wallet. */
interface Target {
  readonly walletId: string;
  /** An expense in the shared wallet, added by the former member while they were an editor. */
  readonly expenseId: string;
  /** A third member (viewer) whose role or membership the row changes. */
  readonly memberId: string;
  /** A pending invite of the wallet, addressed to someone who has no account. */
  readonly inviteId: string;
  /** A fresh email for invite creation. */
  readonly email: string;
}

interface RequestSpec {
  readonly params?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: Readonly<Record<string, unknown>>;
  /** A CSV body (import). */
  readonly csv?: string;
}

type Expected = 200 | 201 | 204 | 403 | 404;

interface Row {
  readonly endpoint: Endpoint;
  /** What the request names, for the test name. */
  readonly what?: string;
  readonly request: (target: Target) => RequestSpec;
  readonly expected: Readonly<Record<Actor, Expected>>;
  /** Whether a success changes stored data (denied cells never may, whatever this says). */
  readonly writes: boolean;
  /** Extra checks on a successful answer. */
  readonly check?: (response: LightMyRequestResponse, actor: Actor, target: Target) => void;
}

function cells(owner: Expected, editor: Expected, viewer: Expected, former: Expected, stranger: Expected) {
  return { owner, editor, viewer, former, stranger };
}

const { wallets, members, invites, expenses, categories, sync, summaries, budgets, csv } = endpoints;

/**
 * The authorization matrix of issue 4: every route that takes a wallet or something inside one,
 * times every kind of caller. Owner: everything. Editor: reads and expense writes. Viewer: reads.
 * Former member and stranger: 404, exactly like a wallet that does not exist.
 */
const MATRIX: readonly Row[] = [
  {
    endpoint: wallets.get,
    request: (t) => ({ params: { id: t.walletId } }),
    expected: cells(200, 200, 200, 404, 404),
    writes: false,
    check: (response, actor, t) => {
      expect(response.json<Wallet>()).toMatchObject({ id: t.walletId, role: actor, personal: false });
    },
  },
  {
    endpoint: wallets.update,
    request: (t) => ({ params: { id: t.walletId }, body: { name: 'Renamed' } }),
    expected: cells(200, 403, 403, 404, 404),
    writes: true,
    check: (response) => {
      expect(response.json<Wallet>().name).toBe('Renamed');
    },
  },
  {
    endpoint: wallets.delete,
    request: (t) => ({ params: { id: t.walletId } }),
    expected: cells(204, 403, 403, 404, 404),
    writes: true,
  },
  {
    endpoint: members.list,
    request: (t) => ({ params: { id: t.walletId } }),
    expected: cells(200, 200, 200, 404, 404),
    writes: false,
    check: (response) => {
      const roles = response
        .json<Member[]>()
        .map((member) => member.role)
        .sort();
      // owner, editor, viewer and the third member (viewer); the former member is gone.
      expect(roles).toEqual(['editor', 'owner', 'viewer', 'viewer']);
    },
  },
  {
    endpoint: members.update,
    what: 'of a third member',
    request: (t) => ({ params: { id: t.walletId, userId: t.memberId }, body: { role: 'editor' } }),
    expected: cells(200, 403, 403, 404, 404),
    writes: true,
    check: (response, _actor, t) => {
      expect(response.json<Member>()).toMatchObject({ userId: t.memberId, role: 'editor' });
    },
  },
  {
    endpoint: members.remove,
    what: 'of a third member',
    request: (t) => ({ params: { id: t.walletId, userId: t.memberId } }),
    expected: cells(204, 403, 403, 404, 404),
    writes: true,
  },
  {
    endpoint: invites.create,
    request: (t) => ({ params: { id: t.walletId }, body: { email: t.email, role: 'editor' } }),
    expected: cells(201, 403, 403, 404, 404),
    writes: true,
    check: (response, _actor, t) => {
      expect(response.json<CreatedInvite>()).toMatchObject({ email: t.email, role: 'editor' });
    },
  },
  {
    endpoint: invites.listForWallet,
    request: (t) => ({ params: { id: t.walletId } }),
    expected: cells(200, 403, 403, 404, 404),
    writes: false,
    check: (response, _actor, t) => {
      expect(response.json<{ id: string }[]>().map((invite) => invite.id)).toEqual([t.inviteId]);
    },
  },
  {
    endpoint: invites.revoke,
    request: (t) => ({ params: { id: t.walletId, inviteId: t.inviteId } }),
    expected: cells(204, 403, 403, 404, 404),
    writes: true,
  },
  {
    endpoint: invites.accept,
    what: 'of an invite sent to someone else',
    request: (t) => ({ params: { id: t.inviteId } }),
    expected: cells(404, 404, 404, 404, 404),
    writes: true,
  },
  {
    endpoint: invites.decline,
    what: 'of an invite sent to someone else',
    request: (t) => ({ params: { id: t.inviteId } }),
    expected: cells(404, 404, 404, 404, 404),
    writes: true,
  },
  {
    endpoint: expenses.create,
    what: 'with walletId',
    request: (t) => ({ body: { walletId: t.walletId, amount: '4.20', category: 'Probe', date: '2026-11-21' } }),
    expected: cells(201, 201, 403, 404, 404),
    writes: true,
    check: (response, _actor, t) => {
      expect(response.json<Expense>()).toMatchObject({ walletId: t.walletId, amount: '4.20', category: 'Probe' });
    },
  },
  {
    endpoint: expenses.list,
    what: 'with walletId',
    request: (t) => ({ query: { walletId: t.walletId } }),
    expected: cells(200, 200, 200, 404, 404),
    writes: false,
    check: (response, _actor, t) => {
      expect(response.json<ExpensePage>().items.map((expense) => expense.id)).toContain(t.expenseId);
    },
  },
  {
    endpoint: expenses.get,
    request: (t) => ({ params: { id: t.expenseId } }),
    expected: cells(200, 200, 200, 404, 404),
    writes: false,
    check: (response, _actor, t) => {
      expect(response.json<Expense>()).toMatchObject({ id: t.expenseId, walletId: t.walletId });
    },
  },
  {
    endpoint: expenses.update,
    request: (t) => ({ params: { id: t.expenseId }, body: { note: 'changed' } }),
    expected: cells(200, 200, 403, 404, 404),
    writes: true,
    check: (response) => {
      expect(response.json<Expense>().note).toBe('changed');
    },
  },
  {
    endpoint: expenses.delete,
    request: (t) => ({ params: { id: t.expenseId } }),
    expected: cells(204, 204, 403, 404, 404),
    writes: true,
  },
  {
    endpoint: categories.list,
    what: 'with walletId',
    request: (t) => ({ query: { walletId: t.walletId } }),
    expected: cells(200, 200, 200, 404, 404),
    writes: false,
    check: (response) => {
      expect(response.json<Category[]>()).toContainEqual({ name: 'Shared rent', count: 1 });
    },
  },
  {
    endpoint: sync.changes,
    request: (t) => ({ params: { id: t.walletId }, query: { since: '0' } }),
    expected: cells(200, 200, 200, 404, 404),
    writes: false,
  },
  {
    endpoint: summaries.monthly,
    request: (t) => ({ query: { walletId: t.walletId } }),
    expected: cells(200, 200, 200, 404, 404),
    writes: false,
  },
  {
    endpoint: summaries.categories,
    request: (t) => ({ query: { walletId: t.walletId, from: '2026-11-01', to: '2026-11-30' } }),
    expected: cells(200, 200, 200, 404, 404),
    writes: false,
  },
  {
    endpoint: budgets.list,
    request: (t) => ({ query: { walletId: t.walletId } }),
    expected: cells(200, 200, 200, 404, 404),
    writes: false,
  },
  {
    endpoint: budgets.put,
    request: (t) => ({
      params: { category: 'Groceries' },
      query: { walletId: t.walletId },
      body: { monthlyLimit: '50' },
    }),
    expected: cells(200, 200, 403, 404, 404),
    writes: true,
  },
  {
    endpoint: budgets.delete,
    request: (t) => ({ params: { category: 'Shared rent' }, query: { walletId: t.walletId } }),
    expected: cells(204, 204, 403, 404, 404),
    writes: true,
  },
  {
    endpoint: csv.export,
    request: (t) => ({ query: { walletId: t.walletId } }),
    expected: cells(200, 200, 200, 404, 404),
    writes: false,
  },
  {
    endpoint: csv.import,
    request: (t) => ({ query: { walletId: t.walletId }, csv: 'date,amount,category\n2026-11-02,4.20,Imported\n' }),
    expected: cells(200, 200, 403, 404, 404),
    writes: true,
  },
];

/** Routes of these groups that take neither a wallet nor an id, so no role can be checked on them. */
const TAKES_NO_WALLET: readonly Endpoint[] = [
  wallets.list,
  wallets.create,
  invites.listMine,
  invites.acceptToken,
  sync.pull,
];

/**
 * The sync push carries wallets inside each mutation and answers 200 with one result per mutation:
 * editors and owners get it applied, viewers `rejected` / `forbidden`, former members and strangers
 * `rejected` / `not_found`, and nothing is written for them (test/sync-push.test.ts).
 */
const ANSWERS_PER_MUTATION: readonly Endpoint[] = [sync.push];

const ERROR_CODE_OF: Readonly<Partial<Record<Expected, string>>> = { 403: 'forbidden', 404: 'not_found' };

/** Headers that legitimately differ between two identical answers. */
const VOLATILE_HEADERS = new Set(['date', 'x-request-id', 'x-ratelimit-remaining', 'x-ratelimit-reset']);

function shapeKeys(schema: Endpoint['query']): string[] {
  if (schema === undefined) return [];
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

/** True when the path, query or body can name a wallet or something by id. */
function takesWalletOrId(endpoint: Endpoint): boolean {
  const names = [...shapeKeys(endpoint.params), ...shapeKeys(endpoint.query), ...shapeKeys(endpoint.body)];
  return names.some((name) => name === 'id' || name.endsWith('Id'));
}

function rowName(row: Row): string {
  return `${row.endpoint.method} ${row.endpoint.path}${row.what ? ` ${row.what}` : ''}`;
}

function observable(response: LightMyRequestResponse) {
  const headers = Object.entries(response.headers)
    .filter(([name]) => !VOLATILE_HEADERS.has(name))
    .sort(([a], [b]) => a.localeCompare(b));
  return { status: response.statusCode, headers, body: response.body };
}

describe('wallet authorization matrix coverage', () => {
  const groups = [wallets, members, invites, expenses, categories, sync, summaries, budgets, csv].flatMap(
    (group) => Object.values(group) as Endpoint[],
  );

  it('has a row for every route of wallets, members, invites, expenses, categories, sync, summaries, budgets and CSV that takes a wallet or an id', () => {
    const inMatrix = new Set(MATRIX.map((row) => row.endpoint.operationId));
    const excluded = new Set([...TAKES_NO_WALLET, ...ANSWERS_PER_MUTATION].map((endpoint) => endpoint.operationId));
    const perMutation = new Set(ANSWERS_PER_MUTATION.map((endpoint) => endpoint.operationId));
    for (const endpoint of groups) {
      const where = `${endpoint.method} ${endpoint.path}`;
      expect(inMatrix.has(endpoint.operationId), where).toBe(
        takesWalletOrId(endpoint) && !perMutation.has(endpoint.operationId),
      );
      expect(inMatrix.has(endpoint.operationId) !== excluded.has(endpoint.operationId), where).toBe(true);
    }
    expect([...inMatrix, ...excluded].sort()).toEqual(groups.map((endpoint) => endpoint.operationId).sort());
  });

  it('gives every row an expectation for all five actors, and 404 for former members and strangers', () => {
    for (const row of MATRIX) {
      expect(Object.keys(row.expected).sort(), rowName(row)).toEqual([...ACTORS].sort());
      expect(row.expected.former, rowName(row)).toBe(404);
      expect(row.expected.stranger, rowName(row)).toBe(404);
    }
  });
});

describeEachDatabase('wallet authorization', (ctx) => {
  const app = () => ctx().app;
  let users: Readonly<Record<Actor, TestUser>> & { readonly third: TestUser };

  beforeAll(async () => {
    users = {
      owner: await registerUser(app(), { email: uniqueEmail('owner') }),
      editor: await registerUser(app(), { email: uniqueEmail('editor') }),
      viewer: await registerUser(app(), { email: uniqueEmail('viewer') }),
      former: await registerUser(app(), { email: uniqueEmail('former') }),
      stranger: await registerUser(app(), { email: uniqueEmail('stranger') }),
      third: await registerUser(app(), { email: uniqueEmail('third') }),
    };
  });

  async function expectOk(response: Promise<LightMyRequestResponse>, status: number, what: string) {
    const answer = await response;
    if (answer.statusCode !== status) throw new Error(`fixture ${what}: ${String(answer.statusCode)} ${answer.body}`);
    return answer;
  }

  async function join(owner: TestUser, walletId: string, member: TestUser, role: 'editor' | 'viewer') {
    const invite = await expectOk(
      app().inject({
        method: 'POST',
        url: `${API}/wallets/${walletId}/invites`,
        headers: owner.auth,
        payload: { email: member.email, role },
      }),
      201,
      'invite',
    );
    await expectOk(
      app().inject({
        method: 'POST',
        url: `${API}/invites/${invite.json<CreatedInvite>().id}/accept`,
        headers: member.auth,
      }),
      200,
      'accept',
    );
  }

  /**
   * A fresh shared wallet: owner, editor, viewer and a third member (viewer); the former member
   * joined as an editor, added an expense, and was removed; one invite is pending.
   */
  async function freshWallet(): Promise<Target> {
    const { owner, editor, viewer, former, third } = users;
    const created = await expectOk(
      app().inject({
        method: 'POST',
        url: `${API}/wallets`,
        headers: owner.auth,
        payload: { name: 'Household', currency: 'EUR' },
      }),
      201,
      'POST /wallets',
    );
    const walletId = created.json<Wallet>().id;
    await join(owner, walletId, editor, 'editor');
    await join(owner, walletId, viewer, 'viewer');
    await join(owner, walletId, third, 'viewer');
    await join(owner, walletId, former, 'editor');
    const expense = await createExpense(app(), former, {
      walletId,
      amount: '800.00',
      category: 'Shared rent',
      note: 'rent',
    });
    await expectOk(
      app().inject({
        method: 'PUT',
        url: `${API}/budgets/${encodeURIComponent('Shared rent')}?walletId=${walletId}`,
        headers: owner.auth,
        payload: { monthlyLimit: '900' },
      }),
      200,
      'budget',
    );
    await expectOk(
      app().inject({ method: 'DELETE', url: `${API}/wallets/${walletId}/members/${former.id}`, headers: owner.auth }),
      204,
      'remove the former member',
    );
    const pending = await expectOk(
      app().inject({
        method: 'POST',
        url: `${API}/wallets/${walletId}/invites`,
        headers: owner.auth,
        payload: { email: uniqueEmail('pending'), role: 'viewer' },
      }),
      201,
      'pending invite',
    );
    return {
      walletId,
      expenseId: expense.id,
      memberId: third.id,
      inviteId: pending.json<CreatedInvite>().id,
      email: uniqueEmail('invitee'),
    };
  }

  function send(user: TestUser, row: Row, spec: RequestSpec) {
    let path = row.endpoint.path;
    for (const [name, value] of Object.entries(spec.params ?? {})) {
      path = path.replace(new RegExp(`:${name}\\b`), encodeURIComponent(value));
    }
    const query = spec.query ? `?${new URLSearchParams(spec.query).toString()}` : '';
    return app().inject({
      method: row.endpoint.method,
      url: `${API}${path}${query}`,
      headers: spec.csv === undefined ? user.auth : { ...user.auth, 'content-type': 'text/csv' },
      ...(spec.body ? { payload: spec.body } : {}),
      ...(spec.csv === undefined ? {} : { payload: spec.csv }),
    });
  }

  /** Every row of every table that wallet data lives in. */
  async function snapshot(t: TestApp) {
    const db = t.database.db;
    return {
      wallets: await db.selectFrom('wallets').selectAll().orderBy('id').execute(),
      members: await db.selectFrom('wallet_members').selectAll().orderBy('wallet_id').orderBy('user_id').execute(),
      expenses: await db.selectFrom('expenses').selectAll().orderBy('id').execute(),
      categories: await db.selectFrom('categories').selectAll().orderBy('wallet_id').orderBy('key').execute(),
      invites: await db.selectFrom('invites').selectAll().orderBy('id').execute(),
      budgets: await db.selectFrom('budgets').selectAll().orderBy('wallet_id').orderBy('category_key').execute(),
    };
  }

  for (const row of MATRIX) {
    for (const actor of ACTORS) {
      const status = row.expected[actor];
      const code = ERROR_CODE_OF[status];
      const outcome = code
        ? `returns ${String(status)} ${code} and changes nothing`
        : `returns ${String(status)}${row.writes ? ' and applies the change' : ''}`;

      it(`${rowName(row)} by ${ACTOR_NAMES[actor]} ${outcome}`, async () => {
        const target = await freshWallet();
        const caller = users[actor];
        const before = await snapshot(ctx());

        const response = await send(caller, row, row.request(target));
        expect(response.statusCode, response.body).toBe(status);

        if (code === undefined) {
          const schema = row.endpoint.success[status];
          if (status === 204) expect(response.body).toBe('');
          else if (row.endpoint.produces) expect(response.body.startsWith('date,amount,currency,')).toBe(true);
          else expect(schema?.safeParse(response.json()).success, response.body).toBe(true);
          row.check?.(response, actor, target);
          const after = await snapshot(ctx());
          if (row.writes) expect(after).not.toEqual(before);
          else expect(after).toEqual(before);
          return;
        }

        expect(response.headers['content-type']).toBe(`${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
        expect(response.json<Problem>()).toMatchObject({ status, code });
        expect(response.headers['etag']).toBeUndefined();
        expect(response.headers['location']).toBeUndefined();

        if (status === 404) {
          // Not a member: the same answer, byte for byte, as for ids that exist nowhere.
          const missing: Target = {
            walletId: randomUUID(),
            expenseId: randomUUID(),
            memberId: randomUUID(),
            inviteId: randomUUID(),
            email: target.email,
          };
          const onMissing = await send(caller, row, row.request(missing));
          expect(observable(response)).toEqual(observable(onMissing));
        }

        expect(await snapshot(ctx())).toEqual(before);
      });
    }
  }
});
