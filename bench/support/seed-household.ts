import { randomUUID } from 'node:crypto';
import { createApiClient, endpoints } from '@ttm/contract';

export interface Household {
  readonly walletId: string;
  /** One access token per member account; the owner's first. */
  readonly tokens: readonly string[];
  readonly expenseId: string;
}

const CATEGORIES = ['Groceries', 'Rent', 'Transport', 'Dining out', 'Health', 'Travel', 'Books', 'Utilities'];
const PASSWORD = 'benchmark household passphrase';

/** `rows` expenses spread over the two years before `today`, every seventh with a "receipt N" note. */
function householdCsv(rows: number, today: Date): string {
  const lines = ['date,amount,category,note'];
  const days = 730;
  for (let n = 0; n < rows; n += 1) {
    const date = new Date(today.getTime() - Math.floor((n * days) / rows) * 86_400_000).toISOString().slice(0, 10);
    const cents = 100 + ((n * 7919) % 50_000);
    const amount = `${String(Math.floor(cents / 100))}.${String(cents % 100).padStart(2, '0')}`;
    lines.push(
      `${date},${amount},${CATEGORIES[n % CATEGORIES.length] ?? 'Other'},${n % 7 === 0 ? `receipt ${String(n)}` : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Through the public API, as people would: the owner registers, creates a shared wallet and
 * imports `rows` expenses from CSV; `members - 1` others register and join by invite link.
 */
export async function seedHousehold(origin: string, options: { rows: number; members: number }): Promise<Household> {
  let token: string | null = null;
  const api = createApiClient({ baseUrl: origin, getAccessToken: () => token });
  const register = async (email: string) =>
    (await api.call(endpoints.auth.register, { body: { email, password: PASSWORD } })).accessToken;

  const ownerToken = await register(`bench-owner-${randomUUID()}@example.com`);
  token = ownerToken;
  const wallet = await api.call(endpoints.wallets.create, { body: { name: 'Household', currency: 'EUR' } });
  const imported = await api.call(endpoints.csv.import, {
    query: { walletId: wallet.id },
    body: householdCsv(options.rows, new Date()),
  });
  if (imported.imported !== options.rows) throw new Error(`seed imported ${String(imported.imported)} rows`);

  const tokens = [ownerToken];
  for (let n = 1; n < options.members; n += 1) {
    const email = `bench-member-${randomUUID()}@example.com`;
    token = ownerToken;
    const invite = await api.call(endpoints.invites.create, {
      params: { id: wallet.id },
      body: { email, role: 'editor' },
    });
    const memberToken = await register(email);
    token = memberToken;
    await api.call(endpoints.invites.acceptToken, { body: { token: invite.token } });
    tokens.push(memberToken);
  }
  token = ownerToken;
  const page = await api.call(endpoints.expenses.list, { query: { walletId: wallet.id, limit: 1 } });
  const expenseId = page.items[0]?.id;
  if (!expenseId) throw new Error('seeded wallet is empty');
  return { walletId: wallet.id, tokens, expenseId };
}
