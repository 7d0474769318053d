import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { preparedQuery } from './prepared.js';
import type { Database } from './schema.js';

describe('preparedQuery', () => {
  let db: Kysely<Database>;
  let compiled: string[];

  beforeEach(async () => {
    compiled = [];
    db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: new SQLite(':memory:') }),
      log: (event) => {
        compiled.push(event.query.sql);
      },
    });
    await db.schema.createTable('budgets').addColumn('wallet_id', 'text').addColumn('category_key', 'text').execute();
    await db
      .insertInto('budgets')
      .values([
        { wallet_id: 'w1', category_key: 'food' },
        { wallet_id: 'w2', category_key: 'rent' },
      ] as never)
      .execute();
    compiled = [];
  });
  afterEach(() => db.destroy());

  it('builds once, then runs with each call parameters, in and out of transactions', async () => {
    let builds = 0;
    const byWallet = preparedQuery((handle, p: { walletId: string }) => {
      builds += 1;
      return handle.selectFrom('budgets').select('category_key').where('wallet_id', '=', p.walletId);
    });
    expect(await byWallet(db, { walletId: 'w1' })).toEqual([{ category_key: 'food' }]);
    expect(await byWallet(db, { walletId: 'w2' })).toEqual([{ category_key: 'rent' }]);
    const inTransaction = await db.transaction().execute((trx) => byWallet(trx, { walletId: 'w1' }));
    expect(inTransaction).toEqual([{ category_key: 'food' }]);
    expect(builds).toBe(1);
    expect(compiled.filter((text) => text.startsWith('select'))).toHaveLength(3);
  });

  it('keeps one template per shape', async () => {
    const query = preparedQuery((handle, p: { walletId: string; key: string }, shape: 'all' | 'one' | undefined) => {
      const base = handle.selectFrom('budgets').select('category_key').where('wallet_id', '=', p.walletId);
      return shape === 'one' ? base.where('category_key', '=', p.key) : base;
    });
    expect(await query(db, { walletId: 'w1', key: 'nothing' }, 'all')).toHaveLength(1);
    expect(await query(db, { walletId: 'w1', key: 'nothing' }, 'one')).toHaveLength(0);
    expect(await query(db, { walletId: 'w1', key: 'food' }, 'one')).toHaveLength(1);
  });

  it('refuses a builder that transforms a parameter instead of passing it through', async () => {
    const broken = preparedQuery((handle, p: { key: string }) =>
      handle.selectFrom('budgets').select('category_key').where('category_key', '=', `${p.key}%`),
    );
    await expect(broken(db, { key: 'food' })).rejects.toThrow(/transformed/);
  });
});
