import type { Category, Endpoint, EndpointOutput, Member, Wallet } from '@ttm/contract';
import { liveQuery } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiCaller } from '../api/api-caller.js';
import { categoryRecordKey } from '../local-db/expense-queries.js';
import { LocalDb } from '../local-db/local-db.js';
import { pullCategories, pullMembers, pullWallets, walletToRecord } from './pull.js';

const WALLET_ID = '5f0c2b1e-8a4d-4c3b-9e2f-1a2b3c4d5e6f';
const ANN = '7d9e8f1a-2b3c-4d5e-8f9a-0b1c2d3e4f5a';
const BOB = '0b6c7a4e-6f1d-4d8e-9a7b-000000000001';

const HOME: Wallet = {
  id: WALLET_ID,
  name: 'Home',
  currency: 'EUR',
  role: 'owner',
  personal: false,
  version: 3,
  timeZone: 'UTC',
  createdAt: '2026-01-01T00:00:00.000Z',
};
const ANN_MEMBER: Member = {
  userId: ANN,
  email: 'ann@example.com',
  role: 'owner',
  joinedAt: '2026-01-01T00:00:00.000Z',
};
const BOB_MEMBER: Member = {
  userId: BOB,
  email: 'bob@example.com',
  role: 'editor',
  joinedAt: '2026-01-02T00:00:00.000Z',
};

/** The lists a server answers, and something to do here while an answer is on its way. */
class ListServer implements ApiCaller {
  wallets: Wallet[] = [HOME];
  categories: Category[] = [
    { name: 'Groceries', count: 4 },
    { name: 'Rent', count: 1 },
  ];
  members: Member[] = [ANN_MEMBER, BOB_MEMBER];
  /** Runs once, after the answer was taken and before it arrives. */
  meanwhile: (() => Promise<void>) | null = null;

  async call<E extends Endpoint>(endpoint: E): Promise<EndpointOutput<E>> {
    const answers: Record<string, unknown> = {
      listWallets: this.wallets,
      listCategories: this.categories,
      listMembers: this.members,
    };
    const answer = structuredClone(answers[endpoint.operationId]);
    if (answer === undefined) throw new Error(`not served here: ${endpoint.operationId}`);
    const meanwhile = this.meanwhile;
    this.meanwhile = null;
    await meanwhile?.();
    return answer as EndpointOutput<E>;
  }
}

let db: LocalDb;
let server: ListServer;

beforeEach(async () => {
  db = new LocalDb(`test-${crypto.randomUUID()}`);
  server = new ListServer();
  await db.wallets.bulkPut(server.wallets.map(walletToRecord));
  await pullCategories(db, server, WALLET_ID);
  await pullMembers(db, server, WALLET_ID);
});

afterEach(async () => {
  db.close();
  await db.delete();
});

/** How many answers a live query gave: its first, and one per write that woke it. */
async function answersOf<T>(query: () => Promise<T>, during: () => Promise<unknown>): Promise<T[]> {
  const answers: T[] = [];
  const watching = liveQuery(query).subscribe((value) => answers.push(value));
  await expect.poll(() => answers.length).toBe(1);
  await during();
  // A live query answers a write within a task or two; give it plenty.
  await new Promise((resolve) => setTimeout(resolve, 50));
  watching.unsubscribe();
  return answers;
}

describe('lists pulled from the server', () => {
  it('an unchanged list writes nothing, so nothing watching it wakes', async () => {
    const categories = await answersOf(
      () => db.categories.where('walletId').equals(WALLET_ID).toArray(),
      () => pullCategories(db, server, WALLET_ID),
    );
    const members = await answersOf(
      () => db.members.where('walletId').equals(WALLET_ID).toArray(),
      () => pullMembers(db, server, WALLET_ID),
    );
    const wallets = await answersOf(
      () => db.wallets.toArray(),
      () => pullWallets(db, server),
    );
    expect([categories.length, members.length, wallets.length]).toEqual([1, 1, 1]);
  });

  it('a changed list stores what changed, adds what is new and deletes what is gone', async () => {
    server.categories = [
      { name: 'Groceries', count: 5 },
      { name: 'Travel', count: 1 },
    ];
    server.members = [{ ...ANN_MEMBER, role: 'editor' }];
    server.wallets = [{ ...HOME, name: 'Family', version: 4 }];
    await pullCategories(db, server, WALLET_ID);
    await pullMembers(db, server, WALLET_ID);
    await pullWallets(db, server);
    const categories = await db.categories.where('walletId').equals(WALLET_ID).sortBy('name');
    expect(categories.map(({ name, count }) => [name, count])).toEqual([
      ['Groceries', 5],
      ['Travel', 1],
    ]);
    expect(await db.members.where('walletId').equals(WALLET_ID).toArray()).toEqual([
      { walletId: WALLET_ID, ...ANN_MEMBER, role: 'editor' },
    ]);
    expect(await db.wallets.get(WALLET_ID)).toMatchObject({ name: 'Family', version: 4 });
  });

  it('another wallet’s categories and members are left alone', async () => {
    const other = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
    await db.categories.put({ walletKey: categoryRecordKey(other, 'Fuel'), walletId: other, name: 'Fuel', count: 2 });
    const bob = { walletId: other, ...BOB_MEMBER };
    await db.members.put(bob);
    server.categories = [];
    server.members = [];
    await pullCategories(db, server, WALLET_ID);
    await pullMembers(db, server, WALLET_ID);
    expect(await db.categories.toArray()).toEqual([
      { walletKey: categoryRecordKey(other, 'Fuel'), walletId: other, name: 'Fuel', count: 2 },
    ]);
    expect(await db.members.toArray()).toEqual([bob]);
  });

  it('wallets the list has and this device does not are not added here (pulls add them with their expenses)', async () => {
    const other: Wallet = { ...HOME, id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', name: 'Trip' };
    server.wallets = [...server.wallets, other];
    await pullWallets(db, server);
    expect(await db.wallets.toCollection().primaryKeys()).toEqual([WALLET_ID]);
  });

  it('a rename saved here while the wallet list was on its way is not undone by that older list', async () => {
    server.meanwhile = async () => {
      await db.wallets.update(WALLET_ID, { name: 'Renamed here' });
    };
    await pullWallets(db, server);
    expect((await db.wallets.get(WALLET_ID))?.name).toBe('Renamed here');
    // The next round's list was fetched after the rename reached the server.
    server.wallets = [{ ...HOME, name: 'Renamed here', version: 5 }];
    await pullWallets(db, server);
    expect(await db.wallets.get(WALLET_ID)).toMatchObject({ name: 'Renamed here', version: 5 });
  });

  it('a role change and a category count made here meanwhile are not undone either', async () => {
    server.meanwhile = async () => {
      await db.members.put({ walletId: WALLET_ID, ...BOB_MEMBER, role: 'viewer' });
    };
    await pullMembers(db, server, WALLET_ID);
    expect((await db.members.get([WALLET_ID, BOB]))?.role).toBe('viewer');

    const key = categoryRecordKey(WALLET_ID, 'Groceries');
    server.meanwhile = async () => {
      await db.categories.update(key, { count: 5 });
    };
    // Not stored: the caller is told, so it can fetch the list again later.
    expect(await pullCategories(db, server, WALLET_ID)).toBe(false);
    expect((await db.categories.get(key))?.count).toBe(5);
    expect(await pullCategories(db, server, WALLET_ID)).toBe(true);
    expect((await db.categories.get(key))?.count).toBe(4);
  });

  it('a change meanwhile to another wallet’s rows does not hold a list back', async () => {
    const other = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
    server.categories = [{ name: 'Groceries', count: 6 }];
    server.meanwhile = async () => {
      await db.categories.put({ walletKey: categoryRecordKey(other, 'Fuel'), walletId: other, name: 'Fuel', count: 1 });
    };
    expect(await pullCategories(db, server, WALLET_ID)).toBe(true);
    expect(
      (await db.categories.where('walletId').equals(WALLET_ID).toArray()).map(({ name, count }) => [name, count]),
    ).toEqual([['Groceries', 6]]);
  });

  it('a wallet the list no longer has stays here (pulls remove wallets, with their expenses)', async () => {
    server.wallets = [];
    await pullWallets(db, server);
    expect(await db.wallets.toCollection().primaryKeys()).toEqual([WALLET_ID]);
  });
});
