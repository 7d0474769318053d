import { randomUUID } from 'node:crypto';
import type {
  Conflict,
  Expense,
  ExpensePage,
  Mutation,
  PullPage,
  PullResult,
  PushResult,
  SyncChange,
  Wallet,
} from '@ttm/contract';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { API, type TestUser } from './factories.js';

export async function push(
  app: FastifyInstance,
  user: TestUser,
  clientId: string,
  mutations: readonly Mutation[],
): Promise<PushResult> {
  const response = await app.inject({
    method: 'POST',
    url: `${API}/sync/push`,
    headers: user.auth,
    payload: { clientId, mutations },
  });
  if (response.statusCode !== 200) throw new Error(`push failed: ${response.statusCode} ${response.body}`);
  return response.json<PushResult>();
}

/** Pushes one mutation and returns its result. */
export async function pushOne(app: FastifyInstance, user: TestUser, clientId: string, mutation: Mutation) {
  const { results } = await push(app, user, clientId, [mutation]);
  const [result] = results;
  if (!result) throw new Error('no result');
  return result;
}

export async function pull(
  app: FastifyInstance,
  user: TestUser,
  cursor: string | null,
  limit?: number,
): Promise<PullResult> {
  const response = await app.inject({
    method: 'POST',
    url: `${API}/sync/pull`,
    headers: user.auth,
    payload: { cursor, ...(limit === undefined ? {} : { limit }) },
  });
  if (response.statusCode !== 200) throw new Error(`pull failed: ${response.statusCode} ${response.body}`);
  return response.json<PullResult>();
}

export interface PulledAll {
  readonly cursor: string;
  readonly changes: SyncChange[];
  readonly walletsAdded: Wallet[];
  readonly walletsRemoved: string[];
  readonly pages: number;
}

/** Pulls until hasMore is false; fails on a reset. */
export async function pullAll(
  app: FastifyInstance,
  user: TestUser,
  cursor: string | null,
  limit?: number,
): Promise<PulledAll> {
  const changes: SyncChange[] = [];
  const walletsAdded: Wallet[] = [];
  const walletsRemoved: string[] = [];
  let pages = 0;
  let page: PullPage;
  let current = cursor;
  do {
    const result = await pull(app, user, current, limit);
    if (result.reset) throw new Error(`unexpected reset: ${result.reason}`);
    page = result;
    pages += 1;
    changes.push(...page.changes);
    walletsAdded.push(...page.walletsAdded);
    walletsRemoved.push(...page.walletsRemoved);
    current = page.cursor;
  } while (page.hasMore);
  return { cursor: page.cursor, changes, walletsAdded, walletsRemoved, pages };
}

export async function listConflicts(app: FastifyInstance, user: TestUser, walletId: string): Promise<Conflict[]> {
  const response = await app.inject({
    method: 'GET',
    url: `${API}/conflicts?walletId=${walletId}`,
    headers: user.auth,
  });
  if (response.statusCode !== 200) throw new Error(`conflicts failed: ${response.statusCode} ${response.body}`);
  return response.json<Conflict[]>();
}

export async function getExpense(app: FastifyInstance, user: TestUser, id: string) {
  return app.inject({ method: 'GET', url: `${API}/expenses/${id}`, headers: user.auth });
}

export type CreateMutation = Extract<Mutation, { op: 'create' }>;

export function createMutation(
  walletId: string,
  fields: { amount?: string; category?: string; date?: string; note?: string | null } = {},
  expenseId: string = randomUUID(),
): CreateMutation {
  return {
    mutationId: randomUUID(),
    op: 'create',
    expenseId,
    walletId,
    fields: { amount: '10.00', category: 'Groceries', date: '2026-03-01', note: null, ...fields },
  };
}

export function updateMutation(
  expense: Pick<Expense, 'id' | 'walletId' | 'version'>,
  fields: { amount?: string; category?: string; date?: string; note?: string | null },
  baseVersion: number = expense.version,
): Mutation {
  return {
    mutationId: randomUUID(),
    op: 'update',
    expenseId: expense.id,
    walletId: expense.walletId,
    baseVersion,
    fields,
  };
}

export function deleteMutation(
  expense: Pick<Expense, 'id' | 'walletId' | 'version'>,
  baseVersion: number = expense.version,
): Mutation {
  return { mutationId: randomUUID(), op: 'delete', expenseId: expense.id, walletId: expense.walletId, baseVersion };
}

/** Live expenses of one wallet as the REST history shows them, by id. */
export async function serverExpenses(app: FastifyInstance, user: TestUser, walletId: string) {
  const items = new Map<string, Expense>();
  let cursor: string | null = null;
  do {
    const response: LightMyRequestResponse = await app.inject({
      method: 'GET',
      url: `${API}/expenses?walletId=${walletId}&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
      headers: user.auth,
    });
    if (response.statusCode !== 200) throw new Error(`list failed: ${response.statusCode} ${response.body}`);
    const page = response.json<ExpensePage>();
    for (const item of page.items) items.set(item.id, item);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
