import { randomUUID } from 'node:crypto';
import type { AuthSession, Expense, Wallet } from '@ttm/contract';
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
  options: { email?: string; password?: string; currency?: string } = {},
): Promise<TestUser> {
  const email = options.email ?? uniqueEmail();
  const password = options.password ?? PASSWORD;
  const response = await app.inject({
    method: 'POST',
    url: `${API}/auth/register`,
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
