import { randomUUID } from 'node:crypto';
import type { Expense, PushResult } from '@ttm/contract';
import type { ChildServer } from './support/child-server.js';
import {
  type Account,
  type Answer,
  call,
  inBatches,
  isSuccess,
  listAll,
  pullAll,
  register,
  startServer,
  summaryMismatches,
} from './reliability-support.js';

export interface TwoInstanceOptions {
  readonly databaseUrl: string;
  readonly dir: string;
  readonly accounts: number;
  /** Concurrent devices per account, each sending to both instances in turn. */
  readonly devices: number;
  readonly seconds: number;
}

export interface TwoInstanceReport {
  readonly creates: number;
  readonly retriesOnOtherInstance: number;
  readonly simultaneousDuplicates: number;
  readonly simultaneousPushes: number;
  readonly racingEdits: number;
  /** Racing If-Match edits: how many ended one 200 and one 412, as they must. */
  readonly racingEditsResolved: number;
  readonly expenses: number;
  readonly problems: readonly string[];
}

/**
 * Two server processes on one PostgreSQL database, the same accounts writing through both: plain
 * creates alternating between instances, a create retried on the other instance (a lost answer),
 * the same create and the same sync push sent to both at once, and If-Match edits racing on both.
 * Afterwards both instances must list the same expenses, once each, every acknowledged write
 * among them, and a full sync download from either must match.
 */
export async function runTwoInstanceCheck(options: TwoInstanceOptions): Promise<TwoInstanceReport> {
  const problems: string[] = [];
  const counts = { creates: 0, retries: 0, duplicates: 0, pushes: 0, edits: 0, editsResolved: 0 };
  const instances: ChildServer[] = [];
  try {
    instances.push(await startServer(options.databaseUrl, options.dir, 'instance-a'));
    instances.push(await startServer(options.databaseUrl, options.dir, 'instance-b'));
    const origins = instances.map((instance) => instance.origin);
    const [a = '', b = ''] = origins;
    const accounts = await inBatches(options.accounts, 4, (n) => register(n % 2 === 0 ? a : b, 'two'));
    const sent = new Map<string, Account>();
    const acknowledged = new Set<string>();
    const problem = (what: string, answer: Answer) =>
      problems.push(`${what}: ${String(answer.status)} ${JSON.stringify(answer.body).slice(0, 300)}`);

    const device = async (account: Account, lane: number, deadline: number) => {
      const mine: Expense[] = [];
      for (let n = 0; performance.now() < deadline; n += 1) {
        const here = origins[(lane + n) % 2] ?? a;
        const there = origins[(lane + n + 1) % 2] ?? b;
        const id = randomUUID();
        const body = {
          id,
          amount: `${String(1 + (n % 300))}.50`,
          category: `Two ${String(lane)}`,
          date: '2026-07-01',
          note: `two ${id}`,
        };
        sent.set(id, account);
        const step = n % 8;
        if (step === 3) {
          // The same create on both instances at once: idempotent by id, one row.
          counts.duplicates += 1;
          const answers = await Promise.all(
            [here, there].map((origin) => call(origin, 'POST', '/expenses', { token: account.token, body })),
          );
          for (const answer of answers) if (!isSuccess(answer)) problem('simultaneous duplicate create', answer);
          if (answers.every(isSuccess)) acknowledged.add(id);
          continue;
        }
        if (step === 5) {
          // One sync mutation pushed to both instances at once: idempotent by (clientId, mutationId).
          counts.pushes += 1;
          const push = {
            clientId: `device-${String(lane)}`,
            mutations: [
              {
                mutationId: `m-${id}`,
                op: 'create',
                expenseId: id,
                walletId: account.walletId,
                fields: { amount: body.amount, category: body.category, date: body.date, note: body.note },
              },
            ],
          };
          const answers = await Promise.all(
            [here, there].map((origin) => call(origin, 'POST', '/sync/push', { token: account.token, body: push })),
          );
          const statuses = answers.map((answer) =>
            isSuccess(answer) ? (answer.body as PushResult).results[0]?.status : 'error',
          );
          if (statuses.some((status) => status !== 'applied'))
            problem(`simultaneous push (${statuses.join(', ')})`, answers[0] as Answer);
          else acknowledged.add(id);
          continue;
        }
        counts.creates += 1;
        const created = await call(here, 'POST', '/expenses', { token: account.token, body });
        if (!isSuccess(created)) {
          problem('create', created);
          continue;
        }
        acknowledged.add(id);
        mine.push(created.body as Expense);
        if (step === 1) {
          // The answer was "lost": the device retries on the other instance.
          counts.retries += 1;
          const retried = await call(there, 'POST', '/expenses', { token: account.token, body });
          if (retried.status !== 200) problem('retried create on the other instance', retried);
        }
        const target = mine[Math.floor(mine.length / 2)];
        if (step === 7 && target) {
          // Two edits from the same version, one per instance: one wins, the other gets 412.
          counts.edits += 1;
          const current = await call(here, 'GET', `/expenses/${target.id}`, { token: account.token });
          const version = (current.body as Expense).version;
          const answers = await Promise.all(
            [here, there].map((origin, side) =>
              call(origin, 'PATCH', `/expenses/${target.id}`, {
                token: account.token,
                headers: { 'if-match': `"${String(version)}"` },
                body: { amount: `${String(side + 1)}.00` },
              }),
            ),
          );
          const statuses = answers.map((answer) => answer.status).sort();
          if (statuses[0] === 200 && statuses[1] === 412) counts.editsResolved += 1;
          else problem(`racing edits ended ${statuses.join(' and ')}`, answers[0] as Answer);
        }
      }
    };
    const deadline = performance.now() + options.seconds * 1000;
    await Promise.all(
      accounts.flatMap((account) =>
        Array.from({ length: options.devices }, (_unused, lane) => device(account, lane, deadline)),
      ),
    );

    let expenses = 0;
    for (const account of accounts) {
      const [listedA, listedB] = [
        await listAll(a, account.token, account.walletId),
        await listAll(b, account.token, account.walletId),
      ];
      expenses += listedA.size;
      if (!sameExpenses(listedA, listedB)) problems.push(`${account.email}: the instances list different expenses`);
      const notes = new Set<string>();
      for (const expense of listedA.values()) {
        if (sent.get(expense.id) !== account) problems.push(`stray expense ${expense.id}`);
        if (notes.has(expense.note ?? '')) problems.push(`duplicated write: note "${String(expense.note)}" twice`);
        notes.add(expense.note ?? '');
      }
      for (const id of acknowledged)
        if (sent.get(id) === account && !listedA.has(id)) problems.push(`lost write: acknowledged ${id} missing`);
      for (const origin of origins) {
        const pulled = [...(await pullAll(origin, account.token)).values()].filter(
          (e) => e.walletId === account.walletId,
        );
        if (!sameExpenses(new Map(pulled.map((e) => [e.id, e])), listedA))
          problems.push(`${account.email}: a sync download from ${origin} differs from the history`);
        problems.push(
          ...(await summaryMismatches(origin, account.token, account.walletId, listedA)).map(
            (p) => `summary on ${origin}: ${p}`,
          ),
        );
      }
    }
    return {
      creates: counts.creates,
      retriesOnOtherInstance: counts.retries,
      simultaneousDuplicates: counts.duplicates,
      simultaneousPushes: counts.pushes,
      racingEdits: counts.edits,
      racingEditsResolved: counts.editsResolved,
      expenses,
      problems,
    };
  } finally {
    await Promise.all(instances.map((instance) => instance.stop()));
  }
}

function sameExpenses(left: ReadonlyMap<string, Expense>, right: ReadonlyMap<string, Expense>): boolean {
  if (left.size !== right.size) return false;
  for (const [id, expense] of left) {
    const other = right.get(id);
    if (!other || JSON.stringify(other) !== JSON.stringify(expense)) return false;
  }
  return true;
}
