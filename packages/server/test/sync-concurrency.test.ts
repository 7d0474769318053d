import { randomUUID } from 'node:crypto';
import type { Expense, SyncChange } from '@ttm/contract';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { insertNewExpense } from '../src/modules/expenses/expense-writes.js';
import { bumpWalletVersion } from '../src/modules/wallets/wallets.repository.js';
import { describeEachDatabase } from './support/app.js';
import { API, createExpense, createSharedWallet, registerUser } from './support/factories.js';
import { createMutation, deleteMutation, pull, pullAll, push, serverExpenses, updateMutation } from './support/sync.js';

function applyChanges(replica: Map<string, Expense>, changes: readonly SyncChange[]): void {
  for (const change of changes) {
    if (change.op === 'upsert') replica.set(change.expense.id, change.expense);
    else replica.delete(change.id);
  }
}

function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describeEachDatabase('sync under concurrent writers', (ctx, kind) => {
  const app = () => ctx().app;
  const db = () => ctx().database.db;

  it.runIf(kind === 'postgres')(
    'a pull between out-of-order commits never misses a change: a write that took its version but has not committed holds the cursor back',
    async () => {
      const owner = await registerUser(app());
      const other = await createSharedWallet(app(), owner);
      await createExpense(app(), owner, { note: 'before' });
      const device = await pullAll(app(), owner, null);
      const replica = new Map<string, Expense>();
      applyChanges(replica, device.changes);

      // T1 takes version 2 of the personal wallet and writes its row, then stays open.
      const tookVersion = deferred<number>();
      const release = deferred<undefined>();
      const slowId = randomUUID();
      const t1 = db()
        .transaction()
        .execute(async (trx) => {
          const version = await bumpWalletVersion(trx, owner.walletId);
          await insertNewExpense(trx, {
            id: slowId,
            walletId: owner.walletId,
            createdBy: owner.id,
            values: {
              kind: 'expense',
              amountMinor: 100,
              originalAmountMinor: null,
              originalCurrency: null,
              rate: null,
              category: 'Slow',
              date: '2026-05-01',
              note: 'slow',
            },
            version,
            now: new Date().toISOString(),
            writer: null,
          });
          tookVersion.resolve(version);
          await release.promise;
        });
      expect(await tookVersion.promise).toBe(2);

      // T2 writes the same wallet: it must wait for T1's row lock, so it cannot take version 3 and
      // commit before version 2 exists. T3 writes another wallet and commits at once.
      const t2 = app().inject({
        method: 'POST',
        url: `${API}/expenses`,
        headers: owner.auth,
        payload: { amount: '2.00', category: 'Fast', date: '2026-05-02' },
      });
      const t3 = await createExpense(app(), owner, { walletId: other.id, note: 'other wallet' });
      // Wait until T2 is really blocked on the wallet lock.
      for (;;) {
        const { rows } = await sql<{ waiting: number }>`
          select count(*)::int as waiting from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`.execute(db());
        if ((rows[0]?.waiting ?? 0) > 0) break;
        await new Promise((resolve) => setImmediate(resolve));
      }

      // The pull in between does not block, sees T3, and keeps the personal wallet at version 1.
      const middle = await pull(app(), owner, device.cursor);
      if (middle.reset) throw new Error('unexpected reset');
      expect(middle.changes).toEqual([{ op: 'upsert', expense: t3 }]);
      applyChanges(replica, middle.changes);

      release.resolve(undefined);
      await t1;
      const fast = (await t2).json<Expense>();
      expect(fast.version).toBe(3);

      const after = await pullAll(app(), owner, middle.cursor);
      expect(after.changes.map((c) => (c.op === 'upsert' ? c.expense.id : c.id))).toEqual([slowId, fast.id]);
      applyChanges(replica, after.changes);
      const server = new Map([
        ...(await serverExpenses(app(), owner, owner.walletId)),
        ...(await serverExpenses(app(), owner, other.id)),
      ]);
      expect(replica).toEqual(server);
    },
  );

  it('a device pulling while several writers push and patch at once ends with exactly the server state', async () => {
    const owner = await registerUser(app());
    const wallet = await createSharedWallet(app(), owner);
    const seed = await Promise.all(
      Array.from({ length: 8 }, (_, i) => createExpense(app(), owner, { walletId: wallet.id, note: String(i) })),
    );
    const replica = new Map<string, Expense>();
    let cursor: string | null = null;
    let writing = true;

    const writer = async (w: number) => {
      for (let round = 0; round < 6; round += 1) {
        const target = seed[(w * 3 + round) % seed.length] as Expense;
        const mutations = [
          createMutation(wallet.id, { amount: `${String(w + 1)}.${String(round).padStart(2, '0')}` }),
          updateMutation(target, { note: `w${String(w)} r${String(round)}` }),
          ...(round === 5 && w % 2 === 0 ? [deleteMutation(target)] : []),
        ];
        await push(app(), owner, `writer-${String(w)}`, mutations);
        await app().inject({
          method: 'PATCH',
          url: `${API}/expenses/${target.id}`,
          headers: owner.auth,
          payload: { amount: `${String(round + 1)}.00` },
        });
      }
    };
    const puller = async () => {
      while (writing) {
        const page = await pull(app(), owner, cursor, 4);
        if (page.reset) throw new Error('unexpected reset');
        applyChanges(replica, page.changes);
        cursor = page.cursor;
      }
    };
    const pulling = puller();
    await Promise.all([0, 1, 2, 3].map(writer));
    writing = false;
    await pulling;
    const rest = await pullAll(app(), owner, cursor);
    applyChanges(replica, rest.changes);
    const server = new Map([
      ...(await serverExpenses(app(), owner, owner.walletId)),
      ...(await serverExpenses(app(), owner, wallet.id)),
    ]);
    expect(replica).toEqual(server);
  });
});
