import type { CreatedInvite, Expense } from '@ttm/contract';
import type { FastifyInstance, InjectOptions } from 'fastify';
import {
  addMember,
  API,
  createExpense,
  createSharedWallet,
  registerUser,
  type TestUser,
  uniqueEmail,
} from './factories.js';
import { pushOne, updateMutation } from './sync.js';

/** The caller's role in the fixture's shared wallet. */
export type CallerRole = 'owner' | 'viewer';

/**
 * The world one fuzzed route runs in: a signed-in caller with a personal wallet and a role in a
 * shared wallet (whose other member is `other`), expenses, budgets, an open sync conflict, an
 * invite sent from the shared wallet and one the caller received, and a spare account whose
 * refresh token the session routes may consume.
 */
export interface FuzzFixture {
  readonly role: CallerRole;
  readonly caller: TestUser;
  readonly other: TestUser;
  /** Refresh and logout consume or revoke tokens: they get this account's, never the caller's. */
  readonly spare: TestUser;
  readonly sharedWalletId: string;
  /** The caller's personal wallet and the shared one. */
  readonly walletIds: readonly string[];
  /** Someone else's wallet: the caller is not a member. */
  readonly foreignWalletId: string;
  readonly expenses: readonly Expense[];
  readonly conflictId: string;
  /** Sent from the shared wallet to a stranger. */
  readonly sentInviteId: string;
  /** Sent to the caller from the other member's own wallet. */
  readonly receivedInvite: CreatedInvite;
  /** A recurring rule of the shared wallet (starting in the future, so it has created nothing). */
  readonly ruleId: string;
}

async function expectStatus(app: FastifyInstance, request: InjectOptions, status: number): Promise<string> {
  const response = await app.inject(request);
  if (response.statusCode !== status)
    throw new Error(`fixture step failed: ${String(response.statusCode)} ${response.body}`);
  return response.body;
}

async function putBudget(app: FastifyInstance, user: TestUser, walletId: string, category: string): Promise<void> {
  await expectStatus(
    app,
    {
      method: 'PUT',
      url: `${API}/budgets/${encodeURIComponent(category)}?walletId=${walletId}`,
      headers: user.auth,
      payload: { monthlyLimit: '300.00' },
    },
    200,
  );
}

async function invite(app: FastifyInstance, from: TestUser, walletId: string, email: string): Promise<CreatedInvite> {
  const body = await expectStatus(
    app,
    {
      method: 'POST',
      url: `${API}/wallets/${walletId}/invites`,
      headers: from.auth,
      payload: { email, role: 'editor' },
    },
    201,
  );
  return JSON.parse(body) as CreatedInvite;
}

export async function seedFuzzFixture(app: FastifyInstance, role: CallerRole = 'owner'): Promise<FuzzFixture> {
  const caller = await registerUser(app);
  const other = await registerUser(app);
  const spare = await registerUser(app);
  const walletOwner = role === 'owner' ? caller : other;
  const shared = await createSharedWallet(app, walletOwner, { name: 'Household', currency: 'EUR' });
  if (role === 'owner') await addMember(app, caller, shared.id, other, 'editor');
  else await addMember(app, other, shared.id, caller, 'viewer');
  const foreign = await createSharedWallet(app, other, { name: 'Theirs', currency: 'USD' });
  const expenses = [
    await createExpense(app, caller, { amount: '12.50', category: 'Groceries', date: '2026-03-01', note: 'bread' }),
    await createExpense(app, caller, { amount: '3.20', category: 'Transport', date: '2026-03-02' }),
    await createExpense(app, caller, { amount: '40.00', category: 'Dining out', date: '2026-04-10', note: '=1+1' }),
    await createExpense(app, walletOwner, {
      walletId: shared.id,
      amount: '99.99',
      category: 'Housing',
      date: '2026-03-05',
    }),
    await createExpense(app, other, { walletId: shared.id, amount: '7.00', category: 'Groceries', date: '2026-03-06' }),
  ];
  await putBudget(app, caller, caller.walletId, 'Groceries');
  await putBudget(app, walletOwner, shared.id, '*');
  // An open conflict: the server moved on (a PATCH) while a device edited the same field offline.
  const contested = await createExpense(app, caller, { amount: '5.00', category: 'Other', date: '2026-03-03' });
  await expectStatus(
    app,
    {
      method: 'PATCH',
      url: `${API}/expenses/${contested.id}`,
      headers: caller.auth,
      payload: { note: 'server side' },
    },
    200,
  );
  const result = await pushOne(app, caller, 'fuzz-device', updateMutation(contested, { note: 'device side' }));
  if (!result.conflictId) throw new Error(`fixture: expected a conflict, got ${result.status}`);
  const rule = await expectStatus(
    app,
    {
      method: 'POST',
      url: `${API}/recurring-rules`,
      headers: walletOwner.auth,
      payload: {
        walletId: shared.id,
        amount: '50.00',
        category: 'Rent',
        frequency: 'monthly',
        startDate: '2099-01-31',
      },
    },
    201,
  );
  const sent = await invite(app, walletOwner, shared.id, uniqueEmail('stranger'));
  const received = await invite(app, other, foreign.id, caller.email);
  return {
    role,
    caller,
    other,
    spare,
    sharedWalletId: shared.id,
    walletIds: [caller.walletId, shared.id],
    foreignWalletId: foreign.id,
    expenses: [...expenses, contested],
    conflictId: result.conflictId,
    sentInviteId: sent.id,
    receivedInvite: received,
    ruleId: (JSON.parse(rule) as { id: string }).id,
  };
}
