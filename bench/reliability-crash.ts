import { randomUUID } from 'node:crypto';
import type { Expense } from '@ttm/contract';
import type { ChildServer } from './support/child-server.js';
import {
  type Account,
  call,
  inBatches,
  isSuccess,
  killHard,
  listAll,
  pullAll,
  register,
  startServer,
  summaryMismatches,
} from './reliability-support.js';

export interface CrashOptions {
  readonly databaseUrl: string;
  /** Server logs (and the SQLite file) live here. */
  readonly dir: string;
  readonly label: string;
  readonly accounts: number;
  /** Concurrent single-expense writers per account (plus one CSV importer per account). */
  readonly writersPerAccount: number;
  /** How long the write load runs before each `kill -9`. */
  readonly seconds: number;
  readonly rounds: number;
}

export interface CrashRound {
  /** Creates answered 2xx before the kill, and requests (creates and imports) still in flight when it came. */
  readonly acknowledged: number;
  readonly inFlight: number;
  readonly importsAcknowledged: number;
  readonly expensesAfterRestart: number;
}

export interface CrashReport {
  readonly database: string;
  readonly rounds: readonly CrashRound[];
  /** Every problem found; empty means the check passed. */
  readonly problems: readonly string[];
}

const IMPORT_ROWS = 25;

interface Sent {
  readonly account: Account;
  readonly fields: { readonly amount: string; readonly category: string; readonly date: string; readonly note: string };
}

function importCsv(batch: string): string {
  const rows = ['date,amount,category,note'];
  for (let row = 0; row < IMPORT_ROWS; row += 1)
    rows.push(
      `2026-06-${String((row % 28) + 1).padStart(2, '0')},${String(row + 1)}.10,Imported,import ${batch} row ${String(row)}`,
    );
  return `${rows.join('\r\n')}\r\n`;
}

/**
 * Writes until the server is killed with SIGKILL, restarts it on the same database, and checks
 * that every acknowledged write is there, byte for byte; that nothing is there that was never
 * sent; that each CSV import (one transaction of many rows) is all there or not at all; and that
 * the maintained aggregates (monthly summary) and a full sync download agree with the history.
 */
export async function runCrashCheck(options: CrashOptions): Promise<CrashReport> {
  const problems: string[] = [];
  const rounds: CrashRound[] = [];
  const sent = new Map<string, Sent>();
  const acknowledged = new Set<string>();
  const imports = new Map<string, { account: Account; acknowledged: boolean }>();
  let server: ChildServer = await startServer(options.databaseUrl, options.dir, `${options.label}-start`);
  const accounts = await inBatches(options.accounts, 4, () => register(server.origin, `crash-${options.label}`));

  try {
    for (let round = 0; round < options.rounds; round += 1) {
      const origin = server.origin;
      let killed = false;
      let inFlight = 0;
      const before = {
        acknowledged: acknowledged.size,
        imports: [...imports.values()].filter((i) => i.acknowledged).length,
      };

      const writer = async (account: Account, lane: number) => {
        for (let n = 0; !killed; n += 1) {
          const id = randomUUID();
          const fields = {
            amount: `${String(1 + ((lane * 31 + n) % 500))}.${String(n % 100).padStart(2, '0')}`,
            category: `Crash ${String(n % 7)}`,
            date: `2026-${String((n % 12) + 1).padStart(2, '0')}-15`,
            note: `single ${id}`,
          };
          sent.set(id, { account, fields });
          inFlight += 1;
          const answer = await call(origin, 'POST', '/expenses', { token: account.token, body: { id, ...fields } });
          inFlight -= 1;
          if (isSuccess(answer)) acknowledged.add(id);
          else if (answer.status === 0) return;
          else
            problems.push(`round ${String(round)}: POST /expenses answered ${String(answer.status)} before the kill`);
        }
      };
      const importer = async (account: Account) => {
        while (!killed) {
          const batch = randomUUID();
          const entry = { account, acknowledged: false };
          imports.set(batch, entry);
          inFlight += 1;
          const answer = await call(origin, 'POST', '/expenses/import', {
            token: account.token,
            raw: { text: importCsv(batch), contentType: 'text/csv' },
          });
          inFlight -= 1;
          if (isSuccess(answer)) entry.acknowledged = true;
          else if (answer.status === 0) return;
          else problems.push(`round ${String(round)}: import answered ${String(answer.status)} before the kill`);
        }
      };
      const load = Promise.all(
        accounts.flatMap((account) => [
          importer(account),
          ...Array.from({ length: options.writersPerAccount }, (_unused, lane) => writer(account, lane)),
        ]),
      );
      // The load's duration, not a wait for correctness: the kill lands wherever the writes are.
      await new Promise((resolve) => setTimeout(resolve, options.seconds * 1000));
      const inFlightAtKill = inFlight;
      await killHard(server);
      killed = true;
      await load;

      server = await startServer(options.databaseUrl, options.dir, `${options.label}-restart-${String(round)}`);
      let expenses = 0;
      for (const account of accounts) {
        const listed = await listAll(server.origin, account.token, account.walletId);
        expenses += listed.size;
        problems.push(
          ...verifyAccount(account, listed, sent, acknowledged, imports).map((p) => `round ${String(round)}: ${p}`),
        );
        const mismatches = await summaryMismatches(server.origin, account.token, account.walletId, listed);
        problems.push(...mismatches.map((p) => `round ${String(round)}: summary ${p}`));
        const pulled = await pullAll(server.origin, account.token);
        const synced = [...pulled.values()].filter((expense) => expense.walletId === account.walletId);
        if (
          synced.length !== listed.size ||
          synced.some((expense) => listed.get(expense.id)?.version !== expense.version)
        )
          problems.push(
            `round ${String(round)}: sync download (${String(synced.length)}) differs from the history (${String(listed.size)})`,
          );
      }
      rounds.push({
        acknowledged: acknowledged.size - before.acknowledged,
        inFlight: inFlightAtKill,
        importsAcknowledged: [...imports.values()].filter((i) => i.acknowledged).length - before.imports,
        expensesAfterRestart: expenses,
      });
    }
  } finally {
    await server.stop();
  }
  return { database: options.label, rounds, problems };
}

function verifyAccount(
  account: Account,
  listed: ReadonlyMap<string, Expense>,
  sent: ReadonlyMap<string, Sent>,
  acknowledged: ReadonlySet<string>,
  imports: ReadonlyMap<string, { account: Account; acknowledged: boolean }>,
): string[] {
  const problems: string[] = [];
  const importRows = new Map<string, number>();
  for (const expense of listed.values()) {
    const batch = /^import ([0-9a-f-]{36}) row \d+$/.exec(expense.note ?? '')?.[1];
    if (batch) {
      if (imports.get(batch)?.account !== account) problems.push(`stray imported row ${expense.id}`);
      importRows.set(batch, (importRows.get(batch) ?? 0) + 1);
      continue;
    }
    const original = sent.get(expense.id);
    if (original?.account !== account) {
      problems.push(`stray expense ${expense.id} (${JSON.stringify(expense)})`);
      continue;
    }
    const stored = { amount: expense.amount, category: expense.category, date: expense.date, note: expense.note };
    if (JSON.stringify(stored) !== JSON.stringify(original.fields))
      problems.push(
        `half-written expense ${expense.id}: sent ${JSON.stringify(original.fields)}, stored ${JSON.stringify(stored)}`,
      );
  }
  for (const id of acknowledged) {
    if (sent.get(id)?.account === account && !listed.has(id)) problems.push(`acknowledged expense ${id} is missing`);
  }
  for (const [batch, entry] of imports) {
    if (entry.account !== account) continue;
    const rows = importRows.get(batch) ?? 0;
    if (rows !== 0 && rows !== IMPORT_ROWS)
      problems.push(`import ${batch} is partly there: ${String(rows)} of ${String(IMPORT_ROWS)} rows`);
    if (entry.acknowledged && rows !== IMPORT_ROWS)
      problems.push(`acknowledged import ${batch} has ${String(rows)} rows`);
  }
  return problems;
}
