import { randomUUID } from 'node:crypto';
import type { AuthSession, CreatedInvite, Expense, Wallet } from '@ttm/contract';
import type { FastifyInstance } from 'fastify';

export const API = '/api/v1';
export const PASSWORD = 'correct horse battery staple';

export interface TestUser {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly walletId: string;
  readonly auth: { authorization: string };
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.com`;
}

export async function registerUser(
  app: FastifyInstance,
  options: { email?: string; password?: string; currency?: string; remoteAddress?: string } = {},
): Promise<TestUser> {
  const email = options.email ?? uniqueEmail();
  const password = options.password ?? PASSWORD;
  const response = await app.inject({
    method: 'POST',
    url: `${API}/auth/register`,
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
    payload: { email, password, ...(options.currency ? { currency: options.currency } : {}) },
  });
  if (response.statusCode !== 201) throw new Error(`register failed: ${response.statusCode} ${response.body}`);
  const session = response.json<AuthSession>();
  const auth = { authorization: `Bearer ${session.accessToken}` };
  const wallets = await app.inject({ method: 'GET', url: `${API}/wallets`, headers: auth });
  const personal = wallets.json<Wallet[]>().find((wallet) => wallet.personal);
  if (!personal || !session.refreshToken) throw new Error('registration did not create a personal wallet');
  return {
    id: session.user.id,
    email: session.user.email,
    password,
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
    walletId: personal.id,
    auth,
  };
}

export interface ExpenseInput {
  id?: string;
  walletId?: string;
  amount?: string | number;
  category?: string;
  date?: string;
  note?: string | null;
}

export async function createExpense(app: FastifyInstance, user: TestUser, input: ExpenseInput = {}): Promise<Expense> {
  const response = await app.inject({
    method: 'POST',
    url: `${API}/expenses`,
    headers: user.auth,
    payload: { amount: '12.50', category: 'Groceries', date: '2026-11-20', ...input },
  });
  if (response.statusCode !== 201) throw new Error(`create expense failed: ${response.statusCode} ${response.body}`);
  return response.json<Expense>();
}

/** A shared wallet owned by `owner`. */
export async function createSharedWallet(
  app: FastifyInstance,
  owner: TestUser,
  options: { name?: string; currency?: string } = {},
): Promise<Wallet> {
  const response = await app.inject({
    method: 'POST',
    url: `${API}/wallets`,
    headers: owner.auth,
    payload: { name: options.name ?? 'Household', currency: options.currency ?? 'EUR' },
  });
  if (response.statusCode !== 201) throw new Error(`create wallet failed: ${response.statusCode} ${response.body}`);
  return response.json<Wallet>();
}

/** Makes `guest` a member through the real invite flow (invite by email, accept by token). */
export async function addMember(
  app: FastifyInstance,
  owner: TestUser,
  walletId: string,
  guest: TestUser,
  role: 'editor' | 'viewer',
): Promise<void> {
  const invite = await app.inject({
    method: 'POST',
    url: `${API}/wallets/${walletId}/invites`,
    headers: owner.auth,
    payload: { email: guest.email, role },
  });
  if (invite.statusCode !== 201) throw new Error(`invite failed: ${invite.statusCode} ${invite.body}`);
  const accepted = await app.inject({
    method: 'POST',
    url: `${API}/invites/accept-token`,
    headers: guest.auth,
    payload: { token: invite.json<CreatedInvite>().token },
  });
  if (accepted.statusCode !== 200) throw new Error(`accept failed: ${accepted.statusCode} ${accepted.body}`);
}
