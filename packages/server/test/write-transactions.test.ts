import type { Expense, ExpensePage, Problem } from '@ttm/contract';
import type { Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/schema.js';
import { createWriteTransactions } from '../src/db/write-transactions.js';
import { describeEachDatabase } from './support/app.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './support/databases.js';
import { addMember, API, createSharedWallet, registerUser } from './support/factories.js';

for (const kind of DATABASE_KINDS) {
  describe(`write transactions [${kind}]`, () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase(kind);
    });
    afterAll(async () => {
      await database.dispose();
    });

    const insertUser = (trx: Transaction<Database>, id: string) =>
      trx
        .insertInto('users')
        .values({ id, email: `${id}@example.com`, password_hash: 'x', created_at: '2026-11-22T00:00:00.000Z' })
        .execute();

    it('writes to one wallet started together commit together; one that fails is undone alone and gets its own error', async () => {
      const writes = createWriteTransactions(database.db, database.dialect);
      const seen: unknown[] = [];
      const outcomes = await Promise.allSettled([
        writes('wallet', async (trx) => {
          seen.push(trx);
          await insertUser(trx, `${kind}-a`);
          return 'a';
        }),
        writes('wallet', async (trx) => {
          seen.push(trx);
          await insertUser(trx, `${kind}-b`);
          throw new Error('refused after writing');
        }),
        writes('wallet', async (trx) => {
          seen.push(trx);
          await insertUser(trx, `${kind}-c`);
          return 'c';
        }),
      ]);
      expect(
        outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : String(outcome.reason))),
      ).toEqual(['a', 'Error: refused after writing', 'c']);
      const stored = await database.db
        .selectFrom('users')
        .select('id')
        .where('id', 'in', [`${kind}-a`, `${kind}-b`, `${kind}-c`])
        .orderBy('id')
        .execute();
      expect(stored.map((row) => row.id)).toEqual([`${kind}-a`, `${kind}-c`]);
      // They shared one transaction, so one commit.
      expect(new Set(seen).size).toBe(1);
    });

    it('writes to different wallets share a transaction on SQLite (one writer) and run separately on PostgreSQL', async () => {
      const writes = createWriteTransactions(database.db, database.dialect);
      const seen: unknown[] = [];
      await Promise.all(
        ['wallet-1', 'wallet-2'].map((walletId) =>
          writes(walletId, async (trx) => {
            seen.push(trx);
            await insertUser(trx, `${kind}-${walletId}`);
          }),
        ),
      );
      expect(new Set(seen).size).toBe(kind === 'sqlite' ? 1 : 2);
    });

    it('a write that breaks a constraint fails alone and the one before it stands', async () => {
      const writes = createWriteTransactions(database.db, database.dialect);
      const outcomes = await Promise.allSettled([
        writes('wallet', (trx) => insertUser(trx, `${kind}-d`)),
        writes('wallet', (trx) => insertUser(trx, `${kind}-d`)),
      ]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected']);
      const stored = await database.db.selectFrom('users').select('id').where('id', '=', `${kind}-d`).execute();
      expect(stored).toHaveLength(1);
    });
  });
}

describeEachDatabase('concurrent creates', (ctx) => {
  it('POST /expenses sent at once by editors and a viewer: every editor gets 201 and their expense, the viewer 403 and nothing', async () => {
    const app = ctx().app;
    const owner = await registerUser(app);
    const viewer = await registerUser(app);
    const wallet = await createSharedWallet(app, owner);
    await addMember(app, owner, wallet.id, viewer, 'viewer');
    const post = (auth: Record<string, string>, note: string) =>
      app.inject({
        method: 'POST',
        url: `${API}/expenses`,
        headers: auth,
        payload: { walletId: wallet.id, amount: '1.00', category: 'Food', date: '2026-11-20', note },
      });
    const [one, refused, two, three] = await Promise.all([
      post(owner.auth, 'one'),
      post(viewer.auth, 'refused'),
      post(owner.auth, 'two'),
      post(owner.auth, 'three'),
    ]);
    const answers = [one, refused, two, three];
    expect(answers.map((answer) => answer.statusCode)).toEqual([201, 403, 201, 201]);
    expect(refused.json<Problem>().code).toBe('forbidden');
    const versions = answers.filter((answer) => answer.statusCode === 201).map((a) => a.json<Expense>().version);
    expect(new Set(versions).size).toBe(3);
    const page = await app.inject({ method: 'GET', url: `${API}/expenses?walletId=${wallet.id}`, headers: owner.auth });
    expect(
      page
        .json<ExpensePage>()
        .items.map((item) => item.note)
        .sort(),
    ).toEqual(['one', 'three', 'two']);
  });
});
