import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalDb } from './local-db.js';

const names: string[] = [];

afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

describe('LocalDb', () => {
  it('upgrades a store from before shared wallets: wallets get version 0, data stays', async () => {
    const name = `upgrade-${crypto.randomUUID()}`;
    names.push(name);
    const old = new Dexie(name);
    old.version(1).stores({
      expenses: 'id, walletId, [walletId+date]',
      wallets: 'id',
      categories: 'walletKey, walletId',
      outbox: '++seq, expenseId',
      tombstones: 'id, deletedAt',
      meta: 'key',
    });
    await old.table('wallets').put({ id: 'w1', name: 'Personal', currency: 'EUR', role: 'owner', personal: true });
    await old.table('meta').put({ key: 'ownerUserId', value: 'u1' });
    old.close();

    const db = new LocalDb(name);
    expect(await db.wallets.get('w1')).toMatchObject({ name: 'Personal', version: 0 });
    expect(await db.meta.get('ownerUserId')).toEqual({ key: 'ownerUserId', value: 'u1' });
    expect(await db.conflicts.count()).toBe(0);
    db.close();
  });

  it('upgrades a store with queued changes from before batched push: each gets a mutation id, a delete its base version', async () => {
    const name = `upgrade-outbox-${crypto.randomUUID()}`;
    names.push(name);
    const old = new Dexie(name);
    old.version(2).stores({
      expenses: 'id, walletId, [walletId+date]',
      wallets: 'id',
      categories: 'walletKey, walletId',
      outbox: '++seq, expenseId',
      tombstones: 'id, deletedAt',
      meta: 'key',
      members: '[walletId+userId], walletId',
      syncCursors: 'walletId',
    });
    const common = { walletId: 'w1', currency: 'EUR', notBefore: 0, createdAt: 0 };
    await old.table('outbox').bulkAdd([
      {
        ...common,
        expenseId: 'e1',
        mutation: { kind: 'update', changes: { note: 'x' }, baseVersion: 3 },
        previous: null,
      },
      { ...common, expenseId: 'e2', mutation: { kind: 'delete' }, previous: { id: 'e2', version: 7 } },
    ]);
    await old.table('syncCursors').put({ walletId: 'w1', since: 5 });
    old.close();

    const db = new LocalDb(name);
    const entries = await db.outbox.orderBy('seq').toArray();
    expect(entries.map((entry) => entry.mutation)).toEqual([
      { kind: 'update', changes: { note: 'x' }, baseVersion: 3 },
      { kind: 'delete', baseVersion: 7 },
    ]);
    expect(new Set(entries.map((entry) => entry.mutationId)).size).toBe(2);
    expect(entries.every((entry) => /^[0-9a-f-]{36}$/.test(entry.mutationId))).toBe(true);
    expect(db.tables.map((table) => table.name)).not.toContain('syncCursors');
    db.close();
  });

  it('dropWallet forgets one wallet’s rows and leaves the others', async () => {
    const name = `drop-${crypto.randomUUID()}`;
    names.push(name);
    const db = new LocalDb(name);
    const wallet = (id: string) => ({
      id,
      name: id,
      currency: 'EUR',
      role: 'owner' as const,
      personal: false,
      version: 1,
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    await db.wallets.bulkPut([wallet('w1'), wallet('w2')]);
    await db.members.bulkPut([
      { walletId: 'w1', userId: 'u1', email: 'a@example.com', role: 'owner', joinedAt: '2026-01-01T00:00:00.000Z' },
      { walletId: 'w2', userId: 'u1', email: 'a@example.com', role: 'owner', joinedAt: '2026-01-01T00:00:00.000Z' },
    ]);
    const queued = (walletId: string) => ({
      mutationId: crypto.randomUUID(),
      expenseId: `${walletId}-e`,
      walletId,
      currency: 'EUR',
      mutation: { kind: 'delete' as const, baseVersion: 1 },
      previous: null,
      notBefore: 0,
      createdAt: 0,
    });
    await db.outbox.bulkAdd([queued('w1'), queued('w2')]);
    await db.dropWallet('w1');
    expect(await db.wallets.toCollection().primaryKeys()).toEqual(['w2']);
    expect(await db.members.where('walletId').equals('w1').count()).toBe(0);
    expect(await db.members.where('walletId').equals('w2').count()).toBe(1);
    expect((await db.outbox.toArray()).map((entry) => entry.walletId)).toEqual(['w2']);
    db.close();
  });
});
