import { randomUUID } from 'node:crypto';
import { createApiClient, endpoints } from '@ttm/contract';
import { fetchFromAddress } from './fetch-from-address.js';

export interface Household {
  readonly walletId: string;
  /** One access token per member account; the owner's first. */
  readonly tokens: readonly string[];
  readonly expenseId: string;
}

const CATEGORIES = ['Groceries', 'Rent', 'Transport', 'Dining out', 'Health', 'Travel', 'Books', 'Utilities'];
const PASSWORD = 'benchmark household passphrase';
/** Sign-ups per client address: under the default `RATE_LIMIT_AUTH_PER_15_MIN` (100 per address). */
const SIGNUPS_PER_ADDRESS = 90;
/** Members signing up at once (each sign-up hashes a password, which the server's workers share). */
const SIGNUP_CONCURRENCY = 8;

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
 * imports `rows` expenses from CSV; `members - 1` others register and join by invite link. The
 * server must listen on a loopback address: the accounts sign up from 127.0.0.1, 127.0.0.2 and
 * so on, 90 from each, so that the default per-address sign-up budget never refuses one; with
 * several households, `firstAccount` is how many accounts the ones before this one signed up.
 */
export async function seedHousehold(
  origin: string,
  options: { readonly rows: number; readonly members: number; readonly firstAccount?: number },
): Promise<Household> {
  const firstAccount = options.firstAccount ?? 0;
  const client = (token: string | null, address?: string) =>
    createApiClient({
      baseUrl: origin,
      getAccessToken: () => token,
      ...(address === undefined ? {} : { fetch: fetchFromAddress(address) }),
    });
  const register = async (account: number, email: string) => {
    const address = `127.0.0.${String(1 + Math.floor((firstAccount + account) / SIGNUPS_PER_ADDRESS))}`;
    const signedUp = await client(null, address).call(endpoints.auth.register, { body: { email, password: PASSWORD } });
    return signedUp.accessToken;
  };

  const ownerToken = await register(0, `bench-owner-${randomUUID()}@example.com`);
  const owner = client(ownerToken);
  const wallet = await owner.call(endpoints.wallets.create, { body: { name: 'Household', currency: 'EUR' } });
  const imported = await owner.call(endpoints.csv.import, {
    query: { walletId: wallet.id },
    body: householdCsv(options.rows, new Date()),
  });
  if (imported.imported !== options.rows) throw new Error(`seed imported ${String(imported.imported)} rows`);

  const join = async (account: number) => {
    const email = `bench-member-${randomUUID()}@example.com`;
    const invite = await owner.call(endpoints.invites.create, {
      params: { id: wallet.id },
      body: { email, role: 'editor' },
    });
    const memberToken = await register(account, email);
    await client(memberToken).call(endpoints.invites.acceptToken, { body: { token: invite.token } });
    return memberToken;
  };
  const tokens = [ownerToken];
  for (let first = 1; first < options.members; first += SIGNUP_CONCURRENCY) {
    const accounts = Array.from(
      { length: Math.min(SIGNUP_CONCURRENCY, options.members - first) },
      (_, offset) => first + offset,
    );
    tokens.push(...(await Promise.all(accounts.map(join))));
  }
  const page = await owner.call(endpoints.expenses.list, { query: { walletId: wallet.id, limit: 1 } });
  const expenseId = page.items[0]?.id;
  if (!expenseId) throw new Error('seeded wallet is empty');
  return { walletId: wallet.id, tokens, expenseId };
}
