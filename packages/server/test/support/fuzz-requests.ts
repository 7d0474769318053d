import {
  CategoryNameSchema,
  type Endpoint,
  isCalendarDate,
  isCalendarMonth,
  isKnownCurrency,
  isKnownTimeZone,
} from '@ttm/contract';
import fc from 'fast-check';
import { BODY_LIMIT_BYTES } from '../../src/app.js';
import { PASSWORD } from './factories.js';
import type { FuzzFixture } from './fuzz-fixture.js';
import {
  applyJsonMutation,
  jsonMutationOf,
  poisonString,
  type Query,
  queryMutationOf,
  queryString,
} from './fuzz-mutations.js';
import { type ArbitraryHints, arbitraryFor } from './zod-arbitrary.js';

/** One generated request, kept as parts so it can be classified against the contract. */
export interface FuzzRequest {
  readonly kind: 'valid' | 'body mutated' | 'query mutated' | 'params mutated' | 'raw body' | 'wrong media type';
  readonly params: Readonly<Record<string, string>>;
  readonly query: Query;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as sent, with its media type; none for routes without one. */
  readonly body: { readonly text: string; readonly contentType: string } | null;
}

function datesBetween(min: string, max: string): fc.Arbitrary<string> {
  return fc
    .date({ min: new Date(`${min}T00:00:00Z`), max: new Date(`${max}T00:00:00Z`), noInvalidDate: true })
    .map((date) => date.toISOString().slice(0, 10));
}

/** Mostly the fixture's year, so date ranges often hold expenses; sometimes any date. */
const dateArbitrary = fc.oneof(
  { weight: 3, arbitrary: datesBetween('2026-01-01', '2026-12-31') },
  { weight: 1, arbitrary: datesBetween('1970-01-01', '2099-12-31') },
);

const amountArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: 1, max: 99_999_999 }).map((cents) => (cents / 100).toFixed(2)),
  fc.integer({ min: 1, max: 100_000 }),
  fc.constantFrom('0', '0.001', '1000000000.00', '-5', ' 7.5 '),
);

const REFINEMENTS: ReadonlyMap<unknown, fc.Arbitrary<string>> = new Map<unknown, fc.Arbitrary<string>>([
  [isCalendarDate, dateArbitrary],
  [isCalendarMonth, dateArbitrary.map((date) => date.slice(0, 7))],
  [isKnownCurrency, fc.constantFrom('EUR', 'usd', ' JPY ', 'KWD', 'GBP', 'CHF')],
  [isKnownTimeZone, fc.constantFrom('UTC', 'Europe/Paris', ' america/new_york ', 'Pacific/Kiritimati', 'Mars/Base')],
]);

function mostly<T>(pool: readonly T[], otherwise: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pool) }, { weight: 1, arbitrary: otherwise });
}

const anyUuid = fc.uuid({ version: 4 });

/** Property generators that point at the fixture's real resources, so valid requests can succeed. */
export function hintsFor(endpoint: Endpoint, fixture: FuzzFixture): ArbitraryHints {
  const { caller, other, spare } = fixture;
  const schemaCategory = arbitraryFor(CategoryNameSchema) as fc.Arbitrary<string>;
  const byKey: Record<string, fc.Arbitrary<unknown>> = {
    walletId: mostly([...fixture.walletIds, fixture.foreignWalletId], anyUuid),
    expenseId: mostly(
      fixture.expenses.map((expense) => expense.id),
      anyUuid,
    ),
    amount: amountArbitrary,
    rate: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('0.92', '1', '161.5', '0.0062', 1.1) },
      { weight: 1, arbitrary: fc.constantFrom('0', '-1', '1e3', 'abc', '0.1234567890123') },
    ),
    monthlyLimit: amountArbitrary,
    category: mostly(['Groceries', 'groceries ', 'Transport', 'Dining out'], schemaCategory),
    refreshToken: mostly([spare.refreshToken], fc.string({ minLength: 1, maxLength: 60 })),
    token: mostly([fixture.receivedInvite.token], fc.string({ minLength: 1, maxLength: 60 })),
    'if-match': fc.oneof(
      fc.constantFrom(...fixture.expenses.map((expense) => `"${String(expense.version)}"`), '*', 'W/"1"'),
      fc.stringMatching(/^[!-~]{1,20}$/),
    ),
  };
  switch (endpoint.operationId) {
    case 'login':
      byKey['email'] = mostly(
        [caller.email, ` ${caller.email.toUpperCase()} `],
        arbitraryFor(endpointField(endpoint, 'email')),
      );
      byKey['password'] = mostly([PASSWORD], fc.string({ minLength: 1, maxLength: 40 }));
      break;
    case 'register':
      byKey['password'] = mostly(['a much longer passphrase', PASSWORD], fc.string({ minLength: 8, maxLength: 60 }));
      break;
    case 'changePassword':
      byKey['currentPassword'] = mostly([PASSWORD], fc.string({ minLength: 1, maxLength: 40 }));
      break;
    case 'createRecurringRule':
    case 'updateRecurringRule':
      // The schema refuses an end date together with a count, and a day of the month on a rule that
      // is not monthly: keep those combinations rare, so most requests are valid ones.
      byKey['frequency'] = mostly(['monthly'], fc.constantFrom('daily', 'weekly', 'yearly'));
      byKey['dayOfMonth'] = mostly([null, 'last', 31], fc.integer({ min: 0, max: 40 }));
      byKey['endCount'] = mostly([null], fc.integer({ min: 0, max: 20 }));
      break;
    case 'createInvite':
      byKey['email'] = fc.oneof(
        fc.constantFrom(other.email, caller.email),
        arbitraryFor(endpointField(endpoint, 'email')),
      );
      break;
    default:
      break;
  }
  return { byKey, byRefinement: REFINEMENTS };
}

/** The schema of one property of an endpoint's body (for hints built from the schema itself). */
function endpointField(endpoint: Endpoint, key: string) {
  const shape = (endpoint.body as unknown as { shape?: Record<string, Parameters<typeof arbitraryFor>[0]> }).shape;
  const field = shape?.[key];
  if (!field) throw new Error(`${endpoint.operationId} has no body field ${key}`);
  return field;
}

function paramArbitrary(endpoint: Endpoint, name: string, fixture: FuzzFixture): fc.Arbitrary<string> {
  const area = endpoint.path.split('/')[1];
  switch (name) {
    case 'userId':
      return mostly([fixture.caller.id, fixture.other.id], anyUuid);
    case 'inviteId':
      return mostly([fixture.sentInviteId], anyUuid);
    case 'category':
      return mostly(['*', 'Groceries', 'Travel'], arbitraryFor(CategoryNameSchema) as fc.Arbitrary<string>);
    case 'id':
      if (area === 'wallets') return mostly([...fixture.walletIds, fixture.foreignWalletId], anyUuid);
      if (area === 'expenses')
        return mostly(
          fixture.expenses.map((expense) => expense.id),
          anyUuid,
        );
      if (area === 'conflicts') return mostly([fixture.conflictId], anyUuid);
      if (area === 'invites') return mostly([fixture.receivedInvite.id], anyUuid);
      if (area === 'recurring-rules') return mostly([fixture.ruleId], anyUuid);
      return anyUuid;
    default:
      throw new Error(`no generator for path parameter ${name} of ${endpoint.path}`);
  }
}

function paramNames(endpoint: Endpoint): string[] {
  return [...endpoint.path.matchAll(/:(\w+)/g)].map((match) => match[1] ?? '');
}

function toQuery(value: unknown): Query {
  const query: Record<string, string> = {};
  for (const [key, item] of Object.entries((value ?? {}) as Record<string, unknown>)) {
    if (typeof item === 'string') query[key] = item;
    else if (typeof item === 'number' || typeof item === 'boolean') query[key] = String(item);
    else if (item !== undefined) query[key] = JSON.stringify(item);
  }
  return query;
}

const csvRow = fc
  .tuple(dateArbitrary, amountArbitrary, fc.string({ maxLength: 20 }), fc.string({ maxLength: 30 }))
  .map((cells) => cells.map((cell) => `"${String(cell).replaceAll('"', '""')}"`).join(','));

/** CSV text: a plausible file with a header and rows, or anything at all. */
const csvArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc.array(csvRow, { maxLength: 5 }).map((rows) => ['date,amount,category,note', ...rows].join('\r\n')),
  fc.string({ maxLength: 200, unit: 'grapheme' }),
);

const WRONG_MEDIA_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/jsonx',
] as const;

const malformedJson = fc.oneof(
  fc.constantFrom('{', '{"a":', "{'a':1}", '[1,]', 'undefined', '{"a":1}}', 'NaN'),
  fc.string({ maxLength: 30 }),
  fc.json({ maxDepth: 3 }),
);

/** Requests for one endpoint: about a third valid, the rest spoiled in one way each. */
export function fuzzRequests(endpoint: Endpoint, fixture: FuzzFixture): fc.Arbitrary<FuzzRequest> {
  const hints = hintsFor(endpoint, fixture);
  const params = fc.record(
    Object.fromEntries(paramNames(endpoint).map((name) => [name, paramArbitrary(endpoint, name, fixture)])),
  );
  const query = endpoint.query ? arbitraryFor(endpoint.query, hints).map(toQuery) : fc.constant<Query>({});
  const headers = endpoint.headers
    ? arbitraryFor(endpoint.headers, hints).map((value) => toQuery(value) as Record<string, string>)
    : fc.constant({});
  const contentType = endpoint.consumes ?? 'application/json';
  const bodyValue: fc.Arbitrary<unknown> | null = endpoint.body
    ? endpoint.consumes
      ? csvArbitrary
      : arbitraryFor(endpoint.body, hints)
    : null;
  const encode = (value: unknown) => (endpoint.consumes ? String(value) : JSON.stringify(value ?? null));
  const body = bodyValue ? bodyValue.map((value) => ({ text: encode(value), contentType })) : fc.constant(null);
  const valid = fc.record({ params, query, headers, body }).map((parts) => ({ kind: 'valid' as const, ...parts }));

  const options: { weight: number; arbitrary: fc.Arbitrary<FuzzRequest> }[] = [{ weight: 3, arbitrary: valid }];
  if (bodyValue && !endpoint.consumes) {
    options.push({
      weight: 3,
      arbitrary: valid.chain((request) => {
        const value: unknown = request.body ? JSON.parse(request.body.text) : null;
        return jsonMutationOf(value).map((mutation) => ({
          ...request,
          kind: 'body mutated' as const,
          body: { text: JSON.stringify(applyJsonMutation(value, mutation)), contentType },
        }));
      }),
    });
  }
  if (bodyValue) {
    options.push(
      {
        weight: 1,
        arbitrary: fc
          .tuple(valid, endpoint.consumes ? fc.constant('{"not":"csv"}') : malformedJson)
          .map(([request, text]) => ({
            ...request,
            kind: 'raw body' as const,
            body: { text, contentType: endpoint.consumes ? 'application/json' : contentType },
          })),
      },
      {
        weight: 1,
        arbitrary: fc.tuple(valid, fc.constantFrom(...WRONG_MEDIA_TYPES)).map(([request, type]) => ({
          ...request,
          kind: 'wrong media type' as const,
          body: { text: request.body?.text ?? '', contentType: type },
        })),
      },
    );
  }
  if (endpoint.query) {
    options.push({
      weight: 2,
      arbitrary: valid.chain((request) =>
        queryMutationOf(request.query).map((mutated) => ({
          ...request,
          kind: 'query mutated' as const,
          query: mutated,
        })),
      ),
    });
  }
  const names = paramNames(endpoint);
  if (names.length > 0) {
    options.push({
      weight: 2,
      arbitrary: fc
        // An empty segment names another route (GET /wallets/ is GET /wallets): not a bad parameter.
        .tuple(
          valid,
          fc.constantFrom(...names),
          poisonString.filter((value) => value !== ''),
        )
        .map(([request, name, value]) => ({
          ...request,
          kind: 'params mutated' as const,
          params: { ...request.params, [name]: value },
        })),
    });
  }
  return fc.oneof(...options);
}

/** The request's URL below the API prefix. */
export function urlOf(endpoint: Endpoint, request: FuzzRequest): string {
  const path = endpoint.path.replace(/:(\w+)/g, (_match, name: string) =>
    encodeURIComponent(request.params[name] ?? ''),
  );
  return `${path}${queryString(request.query)}`;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Whether the contract accepts the request as a whole (the server's answer is judged by this). */
export function isValidRequest(endpoint: Endpoint, request: FuzzRequest): boolean {
  if (endpoint.params && !endpoint.params.safeParse(request.params).success) return false;
  if (endpoint.query && !endpoint.query.safeParse(request.query).success) return false;
  if (endpoint.headers && !endpoint.headers.safeParse(request.headers).success) return false;
  if (!endpoint.body || !request.body) return true;
  if (request.body.contentType !== (endpoint.consumes ?? 'application/json')) return false;
  const limit = endpoint.maxBodyBytes ?? (endpoint.consumes ? Number.POSITIVE_INFINITY : BODY_LIMIT_BYTES);
  if (Buffer.byteLength(request.body.text) > limit) return false;
  if (endpoint.consumes) return endpoint.body.safeParse(request.body.text).success;
  const parsed = parseJson(request.body.text);
  return parsed.ok && endpoint.body.safeParse(parsed.value).success;
}
