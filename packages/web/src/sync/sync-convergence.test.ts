import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LocalDb } from '../local-db/local-db.js';
import { FakeSyncServer, type FakeDevice } from '../test-support/fake-sync-server.js';
import { cancelDelete, enqueueCreate, enqueueDelete, enqueueUpdate } from './outbox-writes.js';
import { SyncEngine } from './sync-engine.js';

interface Device {
  readonly api: FakeDevice;
  readonly db: LocalDb;
  readonly engine: SyncEngine;
}

/** What the run remembers: deletes that may still be undone, and how often each expense was deleted and undone. */
interface History {
  readonly undoable: Map<number, { seq: number; expenseId: string }[]>;
  readonly deletes: Map<string, number>;
  readonly undone: Map<string, number>;
}

type EditAction = {
  readonly kind: 'edit';
  readonly device: number;
  readonly pick: number;
  readonly field: 'amount' | 'note' | 'date';
  readonly value: number;
};
/** `held`: it waits out an undo window (sent by the final flush), else it is due at once. */
type DeleteAction = { readonly kind: 'delete'; readonly device: number; readonly pick: number; readonly held: boolean };
type UndoAction = { readonly kind: 'undo'; readonly device: number; readonly pick: number };

type Action =
  | { readonly kind: 'create'; readonly device: number; readonly amountMinor: number; readonly note: string | null }
  | EditAction
  | DeleteAction
  | UndoAction
  /** A sync whose push is held in flight while the same device makes a change or undoes a delete. */
  | { readonly kind: 'during'; readonly device: number; readonly inner: EditAction | DeleteAction | UndoAction }
  | { readonly kind: 'network'; readonly device: number; readonly offline: boolean }
  | { readonly kind: 'lose'; readonly device: number; readonly when: 'before' | 'after' }
  | { readonly kind: 'sync'; readonly device: number };

const device = fc.nat({ max: 4 });
const edit: fc.Arbitrary<EditAction> = fc.record({
  kind: fc.constant('edit' as const),
  device,
  pick: fc.nat(),
  field: fc.constantFrom('amount' as const, 'note' as const, 'date' as const),
  value: fc.integer({ min: 1, max: 28 }),
});
const remove: fc.Arbitrary<DeleteAction> = fc.record({
  kind: fc.constant('delete' as const),
  device,
  pick: fc.nat(),
  held: fc.boolean(),
});
const undo: fc.Arbitrary<UndoAction> = fc.record({ kind: fc.constant('undo' as const), device, pick: fc.nat() });
const action: fc.Arbitrary<Action> = fc.oneof(
  // Syncs and creates come often, so devices hold each other's rows before they edit and delete them.
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('sync' as const), device }) },
  fc.record({
    kind: fc.constant('create' as const),
    device,
    amountMinor: fc.integer({ min: 1, max: 99_999 }),
    note: fc.option(fc.constantFrom('lunch', 'bus', 'gift'), { nil: null }),
  }),
  edit,
  { weight: 2, arbitrary: remove },
  { weight: 2, arbitrary: undo },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('during' as const), device, inner: fc.oneof(edit, remove, undo) }),
  },
  fc.record({ kind: fc.constant('network' as const), device, offline: fc.boolean() }),
  fc.record({ kind: fc.constant('lose' as const), device, when: fc.constantFrom('before' as const, 'after' as const) }),
);

const bump = (counts: Map<string, number>, id: string) => counts.set(id, (counts.get(id) ?? 0) + 1);

async function run(
  devices: readonly Device[],
  server: FakeSyncServer,
  history: History,
  act: Action,
): Promise<'create' | null> {
  const index = act.device % devices.length;
  const target = devices[index];
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
    case 'delete': {
      if (!row) return null;
      const { seq } = await enqueueDelete(db, row.id, now, act.held ? 60_000 : 0);
      const undoable = history.undoable.get(index) ?? [];
      history.undoable.set(index, [...undoable, { seq, expenseId: row.id }]);
      bump(history.deletes, row.id);
      return null;
    }
    case 'undo': {
      const undoable = history.undoable.get(index) ?? [];
      const picked = undoable[act.pick % Math.max(1, undoable.length)];
      if (!picked) return null;
      history.undoable.set(
        index,
        undoable.filter((item) => item !== picked),
      );
      if (await cancelDelete(db, picked.seq)) bump(history.undone, picked.expenseId);
      return null;
    }
    case 'during': {
      const push = api.holdNextPush();
      const running = engine.sync();
      // No push when nothing is due or the pull failed: the change then comes after the sync.
      await Promise.race([push.sent, running]);
      await run(devices, server, history, { ...act.inner, device: index });
      push.release();
      await running;
      return null;
    }
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
  it('2 to 5 devices with offline changes, lost requests and answers, changes and undos while a push is in flight and any sync order end equal to the server, without duplicates', async () => {
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
            const history: History = { undoable: new Map(), deletes: new Map(), undone: new Map() };
            let creates = 0;
            for (const act of actions) if ((await run(devices, server, history, act)) === 'create') creates += 1;

            for (const item of devices) {
              item.api.offline = false;
              item.api.failBefore = 0;
              item.api.failAfter = 0;
            }
            // Two rounds: the first sends everything (deletes still in their undo window too), the
            // second brings every device what the others sent.
            for (const item of devices) await item.engine.flushAll();
            for (const item of devices) await item.engine.sync();

            expect(server.expenses.size).toBe(creates);
            const truth = comparable(server.live());
            for (const item of devices) {
              expect(await item.db.outbox.count()).toBe(0);
              expect(comparable(await item.db.expenses.toArray())).toEqual(truth);
              expect((await item.db.expenses.toArray()).some((expense) => expense.pending)).toBe(false);
            }
            // An undo that said yes kept its delete from the server: only another delete can have removed the expense.
            for (const [id, undone] of history.undone) {
              if (server.expenses.get(id)?.deleted) expect(history.deletes.get(id) ?? 0).toBeGreaterThan(undone);
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
      {
        numRuns: 150,
        examples: [
          // An undo tapped while its delete is in flight.
          [
            2,
            [
              { kind: 'create', device: 0, amountMinor: 100, note: null },
              { kind: 'sync', device: 0 },
              { kind: 'delete', device: 0, pick: 0, held: false },
              { kind: 'during', device: 0, inner: { kind: 'undo', device: 0, pick: 0 } },
            ],
          ],
          // An undo after a sync skipped an edit made elsewhere while the delete waited.
          [
            2,
            [
              { kind: 'create', device: 0, amountMinor: 100, note: null },
              { kind: 'sync', device: 0 },
              { kind: 'sync', device: 1 },
              { kind: 'delete', device: 0, pick: 0, held: true },
              { kind: 'edit', device: 1, pick: 0, field: 'amount', value: 7 },
              { kind: 'sync', device: 1 },
              { kind: 'sync', device: 0 },
              { kind: 'undo', device: 0, pick: 0 },
            ],
          ],
        ],
      },
    );
  }, 60_000);
});
