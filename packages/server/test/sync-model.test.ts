import { randomUUID } from 'node:crypto';
import type { Conflict, Expense, Mutation, MutationResult, PushResult } from '@ttm/contract';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeEachDatabase, testConfig } from './support/app.js';
import { addMember, API, createSharedWallet, registerUser, type TestUser } from './support/factories.js';
import { listConflicts, pull, serverExpenses } from './support/sync.js';

/**
 * A model test of the whole protocol: 2-5 devices of two people share a wallet, each keeps a
 * synced copy, a cursor and an outbox, and works offline (creates, edits, deletes); pushes and
 * pulls happen in random order and requests get lost (before or after the server saw them) or
 * duplicated. Once everyone syncs to quiescence, every device equals the server, every change was
 * applied or is in a conflict record, and no expense exists twice.
 */

const RUNS = Number(process.env['SYNC_MODEL_RUNS'] ?? 20);
const CATEGORIES = ['Groceries', 'Rent', 'Travel'] as const;
const NOTES = [null, 'a', 'b', 'c'] as const;
const DATES = ['2026-06-01', '2026-06-15', '2026-07-01'] as const;

type Delivery = 'ok' | 'lost-request' | 'lost-response' | 'duplicate';
interface EditFields {
  amount?: string;
  category?: string;
  date?: string;
  note?: string | null;
}
type Step =
  | { kind: 'create'; client: number; fields: Required<EditFields> }
  | { kind: 'edit'; client: number; pick: number; fields: EditFields }
  | { kind: 'delete'; client: number; pick: number }
  | { kind: 'push'; client: number; delivery: Delivery; max: number }
  | { kind: 'pull'; client: number; limit: number };

const amountArb = fc.integer({ min: 1, max: 99_999 }).map((cents) => {
  return `${String(Math.floor(cents / 100))}.${String(cents % 100).padStart(2, '0')}`;
});
const fieldArbs = {
  amount: amountArb,
  category: fc.constantFrom(...CATEGORIES),
  date: fc.constantFrom(...DATES),
  note: fc.constantFrom(...NOTES),
};
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('create' as const), client: fc.nat(), fields: fc.record(fieldArbs) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      client: fc.nat(),
      pick: fc.nat(),
      fields: fc.record(fieldArbs, { requiredKeys: [] }).filter((fields) => Object.keys(fields).length > 0),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), client: fc.nat(), pick: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('push' as const),
      client: fc.nat(),
      delivery: fc.constantFrom<Delivery>('ok', 'ok', 'ok', 'lost-request', 'lost-response', 'duplicate'),
      max: fc.integer({ min: 1, max: 6 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('pull' as const),
      client: fc.nat(),
      limit: fc.integer({ min: 1, max: 5 }),
    }),
  },
);

/** What a retry must repeat exactly; the expense itself is reported as it is at the time. */
function outcomeOf({ expense: _expense, deleted: _deleted, ...outcome }: MutationResult) {
  return outcome;
}

describeEachDatabase(
  'sync protocol model',
  (ctx) => {
    const app = () => ctx().app;

    /** One device: its synced copy of the wallet, its cursor and its outbox. */
    class Device {
      readonly clientId = `device-${randomUUID()}`;
      readonly copy = new Map<string, Expense>();
      readonly outbox: Mutation[] = [];
      cursor: string | null = null;

      constructor(
        readonly user: TestUser,
        readonly walletId: string,
        readonly results: Map<string, MutationResult>,
        readonly sent: Map<string, Mutation>,
      ) {}

      /** What the user sees: the synced copy with pending creates, minus pending deletes. */
      visibleIds(): string[] {
        const ids = new Set(this.copy.keys());
        for (const m of this.outbox) {
          if (m.op === 'create') ids.add(m.expenseId);
          if (m.op === 'delete') ids.delete(m.expenseId);
        }
        return [...ids].sort();
      }

      queue(mutation: Mutation): void {
        this.outbox.push(mutation);
        this.sent.set(mutation.mutationId, mutation);
      }

      baseVersion(id: string): number {
        return this.copy.get(id)?.version ?? 0;
      }

      private async send(batch: Mutation[]): Promise<PushResult> {
        const response = await app().inject({
          method: 'POST',
          url: `${API}/sync/push`,
          headers: this.user.auth,
          payload: { clientId: this.clientId, mutations: batch },
        });
        expect(response.statusCode, response.body).toBe(200);
        return response.json<PushResult>();
      }

      async push(delivery: Delivery, max: number): Promise<void> {
        const batch = this.outbox.slice(0, max);
        if (batch.length === 0 || delivery === 'lost-request') return;
        let answer: PushResult;
        if (delivery === 'duplicate') {
          const [first, second] = await Promise.all([this.send(batch), this.send(batch)]);
          expect(second.results.map(outcomeOf)).toEqual(first.results.map(outcomeOf));
          answer = first;
        } else {
          answer = await this.send(batch);
          if (delivery === 'lost-response') return;
        }
        for (const result of answer.results) {
          const earlier = this.results.get(result.mutationId);
          // A retry returns the stored outcome (and the expense as it is now).
          if (earlier) expect(outcomeOf(result)).toEqual(outcomeOf(earlier));
          this.results.set(result.mutationId, result);
          const index = this.outbox.findIndex((m) => m.mutationId === result.mutationId);
          if (index >= 0) this.outbox.splice(index, 1);
          if (result.status === 'rejected') continue;
          const known = this.copy.get(result.expenseId);
          if (result.deleted) this.copy.delete(result.expenseId);
          else if (result.expense && (!known || known.version <= result.expense.version)) {
            this.copy.set(result.expenseId, result.expense);
          }
        }
      }

      async pull(limit: number): Promise<boolean> {
        const page = await pull(app(), this.user, this.cursor, limit);
        if (page.reset) throw new Error(`unexpected reset ${page.reason}`);
        // A wallet new to the cursor comes as a fresh snapshot: rows this device holds from its own
        // push results are replaced by it (the snapshot carries no tombstones).
        if (page.walletsAdded.some((wallet) => wallet.id === this.walletId)) this.copy.clear();
        for (const change of page.changes) {
          const id = change.op === 'upsert' ? change.expense.id : change.id;
          const walletId = change.op === 'upsert' ? change.expense.walletId : change.walletId;
          if (walletId !== this.walletId) continue;
          const version = change.op === 'upsert' ? change.expense.version : change.version;
          const known = this.copy.get(id);
          if (known && known.version > version) continue;
          if (change.op === 'upsert') this.copy.set(id, change.expense);
          else this.copy.delete(id);
        }
        this.cursor = page.cursor;
        return page.hasMore;
      }

      async sync(): Promise<void> {
        while (this.outbox.length > 0) await this.push('ok', 500);
        while (await this.pull(50));
      }
    }

    it('devices working offline with lost and duplicated requests converge, losing no change and duplicating no expense', async () => {
      const owner = await registerUser(app());
      const partner = await registerUser(app());
      const scenario = fc.record({
        devices: fc.integer({ min: 2, max: 5 }),
        steps: fc.array(stepArb, { minLength: 20, maxLength: 60, size: 'max' }),
      });

      await fc.assert(
        fc.asyncProperty(scenario, async ({ devices: deviceCount, steps }) => {
          const wallet = await createSharedWallet(app(), owner);
          await addMember(app(), owner, wallet.id, partner, 'editor');
          const results = new Map<string, MutationResult>();
          const sent = new Map<string, Mutation>();
          const devices = Array.from(
            { length: deviceCount },
            (_, i) => new Device(i % 2 === 0 ? owner : partner, wallet.id, results, sent),
          );

          for (const step of steps) {
            const device = devices[step.client % devices.length] as Device;
            if (step.kind === 'create') {
              device.queue({
                mutationId: randomUUID(),
                op: 'create',
                expenseId: randomUUID(),
                walletId: wallet.id,
                fields: step.fields,
              });
            } else if (step.kind === 'edit' || step.kind === 'delete') {
              const ids = device.visibleIds();
              const id = ids[step.pick % Math.max(ids.length, 1)];
              if (id === undefined) continue;
              const common = { mutationId: randomUUID(), expenseId: id, walletId: wallet.id };
              device.queue(
                step.kind === 'edit'
                  ? { ...common, op: 'update', baseVersion: device.baseVersion(id), fields: step.fields }
                  : { ...common, op: 'delete', baseVersion: device.baseVersion(id) },
              );
            } else if (step.kind === 'push') {
              await device.push(step.delivery, step.max);
            } else {
              await device.pull(step.limit);
            }
          }
          // Quiescence: everyone pushes what is left, then everyone pulls.
          for (const device of devices) await device.sync();
          for (const device of devices) await device.sync();

          // Every device equals the server.
          const server = await serverExpenses(app(), owner, wallet.id);
          for (const device of devices) {
            expect(device.outbox).toEqual([]);
            expect(new Map([...device.copy].sort(([a], [b]) => a.localeCompare(b)))).toEqual(
              new Map([...server].sort(([a], [b]) => a.localeCompare(b))),
            );
          }

          // No expense exists twice: the wallet holds exactly one row per create that was queued.
          const creates = [...sent.values()].filter((m) => m.op === 'create').map((m) => m.expenseId);
          const rows = await ctx()
            .database.db.selectFrom('expenses')
            .select('id')
            .where('wallet_id', '=', wallet.id)
            .execute();
          expect(rows.map((row) => row.id).sort()).toEqual([...creates].sort());

          // Every change was applied or is listed in a conflict record.
          const conflicts = new Map<string, Conflict>(
            (await listConflicts(app(), owner, wallet.id)).map((conflict) => [conflict.id, conflict]),
          );
          // Each outcome as the server decided it, with the expense as that write left it.
          const stored = await ctx()
            .database.db.selectFrom('sync_mutations')
            .select(['mutation_id', 'result'])
            .where('mutation_id', 'in', ['', ...sent.keys()])
            .execute();
          const original = new Map(stored.map((row) => [row.mutation_id, JSON.parse(row.result) as MutationResult]));
          for (const mutation of sent.values()) {
            const result = original.get(mutation.mutationId);
            const seen = results.get(mutation.mutationId);
            if (!result || !seen) throw new Error(`no result for ${mutation.mutationId}`);
            expect(outcomeOf(seen)).toEqual(outcomeOf(result));
            expect(result.status, JSON.stringify(result)).not.toBe('rejected');
            if (mutation.op === 'create') {
              expect(result.status).toBe('applied');
              continue;
            }
            if (mutation.op === 'delete') {
              expect(result.deleted).toBe(true);
              if (result.status === 'conflict') {
                expect(conflicts.get(result.conflictId ?? '')?.kind).toBe('delete_edited');
              }
              continue;
            }
            const fields = Object.entries(mutation.fields) as [keyof EditFields, string | null][];
            if (result.status !== 'conflict') {
              for (const [field, value] of fields) expect(result.expense?.[field], field).toBe(value);
              continue;
            }
            const conflict = conflicts.get(result.conflictId ?? '');
            if (!conflict) throw new Error(`conflict ${String(result.conflictId)} is not listed`);
            for (const [field, value] of fields) {
              if (conflict.kind === 'field' && result.expense?.[field] === value) continue;
              expect(conflict.fields).toContain(field);
              expect(conflict.client?.[field], field).toBe(value);
            }
          }

          await app().inject({ method: 'DELETE', url: `${API}/wallets/${wallet.id}`, headers: owner.auth });
        }),
        { numRuns: RUNS },
      );
    }, 120_000);
  },
  { config: { rateLimits: { ...testConfig().rateLimits, accountPerMinute: 1_000_000 } } },
);
