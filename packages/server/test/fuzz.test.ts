import { API_PREFIX, type Endpoint, endpoints, PROBLEM_CONTENT_TYPE, ProblemSchema } from '@ttm/contract';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import { describeEachDatabase, type TestApp } from './support/app.js';
import { type CallerRole, type FuzzFixture, seedFuzzFixture } from './support/fuzz-fixture.js';
import { type FuzzRequest, fuzzRequests, isValidRequest, urlOf } from './support/fuzz-requests.js';

/**
 * Property-based fuzzing of every contract route, generated from its zod schemas: requests the
 * contract accepts get a success status or one of the route's documented errors (and a success
 * body that matches the contract); requests it refuses get a 4xx problem+json; nothing gets a 5xx.
 * Once as the owner of a shared wallet, once as a viewer of one, who must never change it.
 * Bounded: FUZZ_RUNS requests per route and role (default 25). Reproduce a failure with the seed
 * and path fast-check prints: FUZZ_SEED=<seed> FUZZ_PATH=<path>.
 */

const NUM_RUNS = Number(process.env['FUZZ_RUNS'] ?? 25);
const SEED = process.env['FUZZ_SEED'] === undefined ? undefined : Number(process.env['FUZZ_SEED']);
const PATH = process.env['FUZZ_PATH'];

const ROUTES: readonly Endpoint[] = Object.values(endpoints).flatMap((group) =>
  Object.values(group as Record<string, Endpoint>),
);

/** Where a refused request may end: bad input, an unmatched path, too large, wrong media type. */
const REFUSALS = [400, 404, 413, 415];

function describeExchange(request: FuzzRequest, endpoint: Endpoint, response: LightMyRequestResponse): string {
  const body = request.body ? ` ${request.body.contentType} ${request.body.text.slice(0, 400)}` : '';
  return `${request.kind}: ${endpoint.method} ${urlOf(endpoint, request).slice(0, 400)}${body} -> ${String(
    response.statusCode,
  )} ${response.body.slice(0, 400)}`;
}

function expectProblem(response: LightMyRequestResponse, where: string): void {
  expect(response.headers['content-type'], where).toBe(`${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
  const problem = ProblemSchema.safeParse(response.json());
  expect(problem.success, where).toBe(true);
  expect(problem.data?.status, where).toBe(response.statusCode);
  expect(problem.data?.code, where).toMatch(/^[a-z_]+$/);
}

function expectSuccessBody(endpoint: Endpoint, response: LightMyRequestResponse, where: string): void {
  if (response.statusCode === 204) {
    expect(response.body, where).toBe('');
    return;
  }
  if (endpoint.produces) {
    expect(response.headers['content-type'], where).toContain(endpoint.produces);
    return;
  }
  const schema = endpoint.success[response.statusCode];
  expect(schema, where).toBeDefined();
  const parsed = schema?.safeParse(response.json());
  expect(parsed?.success, `${where}\n${JSON.stringify(parsed?.error?.issues ?? [])}`).toBe(true);
}

/** What a viewer must not be able to change: the shared wallet, its expenses, budgets, members and invites. */
async function sharedWalletState(t: TestApp, fixture: FuzzFixture) {
  const { db } = t.database;
  const walletId = fixture.sharedWalletId;
  return {
    wallet: await db
      .selectFrom('wallets')
      .select(['name', 'currency', 'version', 'time_zone'])
      .where('id', '=', walletId)
      .executeTakeFirst(),
    expenses: await db.selectFrom('expenses').selectAll().where('wallet_id', '=', walletId).orderBy('id').execute(),
    budgets: await db
      .selectFrom('budgets')
      .selectAll()
      .where('wallet_id', '=', walletId)
      .orderBy('category_key')
      .execute(),
    // Leaving is the viewer's right: only the other members' rows are compared.
    members: await db
      .selectFrom('wallet_members')
      .select(['user_id', 'role'])
      .where('wallet_id', '=', walletId)
      .where('user_id', '!=', fixture.caller.id)
      .orderBy('user_id')
      .execute(),
    invites: await db.selectFrom('invites').select('id').where('wallet_id', '=', walletId).orderBy('id').execute(),
    recurringRules: await db
      .selectFrom('recurring_rules')
      .selectAll()
      .where('wallet_id', '=', walletId)
      .orderBy('id')
      .execute(),
  };
}

async function fuzzRoute(t: TestApp, endpoint: Endpoint, role: CallerRole): Promise<void> {
  const { app } = t;
  const fixture = await seedFuzzFixture(app, role);
  const seen = { valid: 0, refused: 0 };
  await fc.assert(
    fc.asyncProperty(fuzzRequests(endpoint, fixture), async (request) => {
      const valid = isValidRequest(endpoint, request);
      const before = role === 'viewer' ? await sharedWalletState(t, fixture) : null;
      const response = await app.inject({
        method: endpoint.method,
        url: `${API_PREFIX}${urlOf(endpoint, request)}`,
        headers: {
          ...(endpoint.auth ? fixture.caller.auth : {}),
          ...request.headers,
          ...(request.body ? { 'content-type': request.body.contentType } : {}),
        },
        ...(request.body ? { payload: request.body.text } : {}),
      });
      const where = describeExchange(request, endpoint, response);
      expect(response.statusCode, where).toBeLessThan(500);
      if (response.statusCode >= 400) expectProblem(response, where);
      if (valid) {
        seen.valid += 1;
        const documented = [...Object.keys(endpoint.success).map(Number), ...endpoint.errors];
        expect(documented, where).toContain(response.statusCode);
        if (response.statusCode < 300) expectSuccessBody(endpoint, response, where);
      } else {
        seen.refused += 1;
        expect(REFUSALS, where).toContain(response.statusCode);
      }
      if (before) expect(await sharedWalletState(t, fixture), `a viewer changed the wallet: ${where}`).toEqual(before);
    }),
    {
      numRuns: NUM_RUNS,
      ...(SEED === undefined ? {} : { seed: SEED }),
      ...(PATH === undefined ? {} : { path: PATH }),
    },
  );
  // The generators must reach both sides, or the property above proves little.
  expect(seen.valid, 'valid requests generated').toBeGreaterThan(0);
  if (endpoint.params ?? endpoint.query ?? endpoint.body)
    expect(seen.refused, 'invalid requests generated').toBeGreaterThan(0);
}

describeEachDatabase('fuzzing every route from its schemas', (ctx) => {
  for (const endpoint of ROUTES) {
    it(`${endpoint.method} ${endpoint.path} answers valid requests as documented and refuses the rest with a 4xx problem, never a 5xx`, async () => {
      await fuzzRoute(ctx(), endpoint, 'owner');
    });
  }
});

describeEachDatabase('fuzzing every route as a viewer of a shared wallet', (ctx) => {
  for (const endpoint of ROUTES) {
    it(`${endpoint.method} ${endpoint.path} never lets a viewer change the shared wallet, and never answers 5xx`, async () => {
      await fuzzRoute(ctx(), endpoint, 'viewer');
    });
  }
});
