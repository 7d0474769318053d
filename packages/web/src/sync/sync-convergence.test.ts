import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LocalDb } from '../local-db/local-db.js';
import { FakeSyncServer, type FakeDevice } from '../test-support/fake-sync-server.js';
import { enqueueCreate, enqueueDelete, enqueueUpdate } from './outbox-writes.js';
import { SyncEngine } from './sync-engine.js';

interface Device {
  readonly api: FakeDevice;
  readonly db: LocalDb;
  readonly engine: SyncEngine;
}

type Action =
  | { readonly kind: 'create'; readonly device: number; readonly amountMinor: number; readonly note: string | null }
  | {
      readonly kind: 'edit';
      readonly device: number;
      readonly pick: number;
      readonly field: 'amount' | 'note' | 'date';
      readonly value: number;
    }
  | { readonly kind: 'delete'; readonly device: number; readonly pick: number }
  | { readonly kind: 'network'; readonly device: number; readonly offline: boolean }
  | { readonly kind: 'lose'; readonly device: number; readonly when: 'before' | 'after' }
  | { readonly kind: 'sync'; readonly device: number };

const device = fc.nat({ max: 4 });
const action: fc.Arbitrary<Action> = fc.oneof(
  // Syncs and creates come often, so devices hold each other's rows before they edit and delete them.
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('sync' as const), device }) },
  fc.record({
    kind: fc.constant('create' as const),
    device,
    amountMinor: fc.integer({ min: 1, max: 99_999 }),
    note: fc.option(fc.constantFrom('lunch', 'bus', 'gift'), { nil: null }),
  }),
  fc.record({
    kind: fc.constant('edit' as const),
    device,
    pick: fc.nat(),
    field: fc.constantFrom('amount' as const, 'note' as const, 'date' as const),
    value: fc.integer({ min: 1, max: 28 }),
  }),
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), device, pick: fc.nat() }) },
  fc.record({ kind: fc.constant('network' as const), device, offline: fc.boolean() }),
  fc.record({ kind: fc.constant('lose' as const), device, when: fc.constantFrom('before' as const, 'after' as const) }),
);

async function run(devices: readonly Device[], server: FakeSyncServer, act: Action): Promise<'create' | null> {
  const target = devices[act.device % devices.length];
  if (!target) return null;
  const { db, api, engine } = target;
  const now = Date.now();
  const rows = await db.expenses.toArray();
  const row = 'pick' in act ? rows[act.pick % Math.max(1, rows.length)] : undefined;
  switch (act.kind) {
    case 'create':
      await enqueueCreate(
        db,
        {
          id: crypto.randomUUID(),
          walletId: server.walletId,
          currency: 'EUR',
          amountMinor: act.amountMinor,
          category: 'Food',
          date: '2026-11-01',
          note: act.note,
        },
        now,
      );
      return 'create';
    case 'edit': {
      if (!row) return null;
      const changes =
        act.field === 'amount'
          ? { amountMinor: act.value * 100 }
          : act.field === 'note'
            ? { note: `note ${String(act.value)}` }
            : { date: `2026-11-${String(act.value).padStart(2, '0')}` };
      await enqueueUpdate(db, row.id, changes, row.version, now);
      return null;
    }
    case 'delete':
      if (row) await enqueueDelete(db, row.id, now, 0);
      return null;
    case 'network':
      api.offline = act.offline;
      return null;
    case 'lose':
      if (act.when === 'before') api.failBefore = 1;
      else api.failAfter = 1;
      return null;
    case 'sync':
      await engine.sync();
      return null;
  }
}

const comparable = (
  rows: readonly { id: string; amountMinor: number; category: string; date: string; note: string | null }[],
) =>
  rows
    .map(({ id, amountMinor, category, date, note }) => ({ id, amountMinor, category, date, note }))
    .sort((a, b) => a.id.localeCompare(b.id));

describe('sync convergence', () => {
  it('2 to 5 devices with offline changes, lost requests and answers and any sync order end equal to the server, without duplicates', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 5 }),
        fc.array(action, { minLength: 1, maxLength: 40 }),
        async (count, actions) => {
          const server = new FakeSyncServer();
          const devices: Device[] = Array.from({ length: count }, () => {
            const api = server.device();
            const db = new LocalDb(`converge-${crypto.randomUUID()}`);
            const engine = new SyncEngine({ db, api, undoWindowMs: 0, random: () => 0 });
            // Only the actions sync: no timers.
            engine.dispose();
            return { api, db, engine };
          });
          try {
            let creates = 0;
            for (const act of actions) if ((await run(devices, server, act)) === 'create') creates += 1;

            for (const item of devices) {
              item.api.offline = false;
              item.api.failBefore = 0;
              item.api.failAfter = 0;
            }
            // Two rounds: the first sends everything, the second brings every device what the others sent.
            for (let round = 0; round < 2; round += 1) for (const item of devices) await item.engine.sync();

            expect(server.expenses.size).toBe(creates);
            const truth = comparable(server.live());
            for (const item of devices) {
              expect(await item.db.outbox.count()).toBe(0);
              expect(comparable(await item.db.expenses.toArray())).toEqual(truth);
              expect((await item.db.expenses.toArray()).some((expense) => expense.pending)).toBe(false);
            }
            // Every losing value of a same-field edit is kept in a conflict record.
            for (const conflict of server.conflicts.values()) expect(conflict.fields.length).toBeGreaterThan(0);
          } finally {
            for (const item of devices) {
              item.db.close();
              await item.db.delete();
            }
          }
        },
      ),
      { numRuns: 80 },
    );
  }, 60_000);
});
