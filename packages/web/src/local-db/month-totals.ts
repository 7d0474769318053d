import { Dexie } from 'dexie';
import type {
  DBCore,
  DBCoreKeyRange,
  DBCoreMutateRequest,
  DBCoreMutateResponse,
  DBCoreTable,
  DBCoreTransaction,
  Middleware,
  Transaction,
} from 'dexie';
import { monthOf } from '../locale/local-date.js';
import type { ExpenseRecord, MonthTotalRecord } from './records.js';

const EXPENSES_TABLE = 'expenses';
const MONTH_TOTALS_TABLE = 'monthTotals';
/** Dexie's `DBCoreRangeType.Any` (a const enum, which isolated modules cannot read): `clear()`. */
const ANY_RANGE = 3;

function isWholeTable(range: DBCoreKeyRange): boolean {
  return (range.type as number) === ANY_RANGE;
}

type Contribution = Pick<ExpenseRecord, 'walletId' | 'date' | 'amountMinor' | 'kind'>;

/** Per wallet and month, what adding (`sign` 1) or removing (-1) these rows changes in the totals. */
function deltasOf(rows: readonly (Contribution | undefined)[], sign: 1 | -1, into: Map<string, MonthTotalRecord>) {
  for (const row of rows) {
    if (!row) continue;
    const month = monthOf(row.date);
    const key = JSON.stringify([row.walletId, month]);
    const delta = into.get(key) ?? {
      walletId: row.walletId,
      month,
      spentMinor: 0,
      spentCount: 0,
      incomeMinor: 0,
      incomeCount: 0,
    };
    const income = row.kind === 'income';
    into.set(key, {
      ...delta,
      spentMinor: delta.spentMinor + (income ? 0 : sign * row.amountMinor),
      spentCount: delta.spentCount + (income ? 0 : sign),
      incomeMinor: delta.incomeMinor + (income ? sign * row.amountMinor : 0),
      incomeCount: delta.incomeCount + (income ? sign : 0),
    });
  }
}

/*
 * What follows chains the promises DBCore returns (Dexie's own) with `then`, never `await`: Dexie
 * carries the current transaction in its promises' zone, which the middlewares below this one
 * read, and a native await would lose it.
 */

/** A totals write that failed fails the expense write with it, so the transaction aborts. */
function failOnFailure(response: DBCoreMutateResponse): void {
  const failure = Object.values(response.failures)[0];
  if (failure) throw failure;
}

/** Adds the deltas to the stored totals; a month left with no entries is removed. */
function applyDeltas(
  totals: DBCoreTable,
  trans: DBCoreTransaction,
  deltas: Map<string, MonthTotalRecord>,
): Promise<unknown> {
  const changes = [...deltas.values()];
  if (changes.length === 0) return Dexie.Promise.resolve();
  return totals.getMany({ trans, keys: changes.map((c) => [c.walletId, c.month]) }).then((stored) => {
    const puts: MonthTotalRecord[] = [];
    const deletes: [string, string][] = [];
    changes.forEach((change, index) => {
      const before = stored[index] as MonthTotalRecord | undefined;
      const next: MonthTotalRecord = {
        walletId: change.walletId,
        month: change.month,
        spentMinor: (before?.spentMinor ?? 0) + change.spentMinor,
        spentCount: (before?.spentCount ?? 0) + change.spentCount,
        incomeMinor: (before?.incomeMinor ?? 0) + change.incomeMinor,
        incomeCount: (before?.incomeCount ?? 0) + change.incomeCount,
      };
      if (next.spentCount > 0 || next.incomeCount > 0) puts.push(next);
      else deletes.push([change.walletId, change.month]);
    });
    const put = puts.length > 0 ? totals.mutate({ trans, type: 'put', values: puts }).then(failOnFailure) : null;
    return (put ?? Dexie.Promise.resolve()).then(() =>
      deletes.length > 0 ? totals.mutate({ trans, type: 'delete', keys: deletes }).then(failOnFailure) : undefined,
    );
  });
}

/** The rows a write to the expenses replaces or removes, read before it runs. */
function rowsBefore(expenses: DBCoreTable, req: DBCoreMutateRequest): Promise<(ExpenseRecord | undefined)[]> {
  const { trans } = req;
  switch (req.type) {
    case 'add':
      return Dexie.Promise.resolve([]);
    case 'put':
      // The ids inside the rows: for a table keyed by `id`, Dexie writes there whatever key a
      // caller passed alongside.
      return expenses.getMany({
        trans,
        keys: req.values.map((value: ExpenseRecord) => value.id),
      }) as Promise<(ExpenseRecord | undefined)[]>;
    case 'delete':
      return expenses.getMany({ trans, keys: req.keys }) as Promise<(ExpenseRecord | undefined)[]>;
    case 'deleteRange':
      if (isWholeTable(req.range)) return Dexie.Promise.resolve([]);
      return expenses
        .query({ trans, values: true, query: { index: expenses.schema.primaryKey, range: req.range } })
        .then((found) => found.result as ExpenseRecord[]);
  }
}

/**
 * Per expense id the request changed: the row before the request and after it (none when
 * deleted). A request may name one id twice (a bulkPut of two versions of a row): the last wins,
 * and the row before counts once. A row that failed counts for nothing.
 */
function rowsWritten(
  req: DBCoreMutateRequest,
  before: readonly (ExpenseRecord | undefined)[],
  response: DBCoreMutateResponse,
): Map<string, { before: ExpenseRecord | undefined; after: ExpenseRecord | undefined }> {
  const written = new Map<string, { before: ExpenseRecord | undefined; after: ExpenseRecord | undefined }>();
  const values = req.type === 'add' || req.type === 'put' ? (req.values as readonly ExpenseRecord[]) : null;
  const count = values ? values.length : req.type === 'delete' ? req.keys.length : before.length;
  for (let index = 0; index < count; index += 1) {
    if (response.failures[index] !== undefined) continue;
    const id = (values?.[index]?.id ?? (req.type === 'delete' ? req.keys[index] : before[index]?.id)) as string;
    const entry = written.get(id) ?? { before: before[index], after: undefined };
    entry.after = values?.[index];
    written.set(id, entry);
  }
  return written;
}

/** One write to the expenses and the totals' update it causes; a failed row counts for nothing. */
function mutateWithTotals(down: DBCore, req: DBCoreMutateRequest): Promise<DBCoreMutateResponse> {
  const expenses = down.table(EXPENSES_TABLE);
  const totals = down.table(MONTH_TOTALS_TABLE);
  return rowsBefore(expenses, req).then((before) =>
    expenses.mutate(req).then((response) => {
      if (req.type === 'deleteRange' && isWholeTable(req.range)) {
        return totals.mutate({ trans: req.trans, type: 'deleteRange', range: req.range }).then(() => response);
      }
      const deltas = new Map<string, MonthTotalRecord>();
      const written = rowsWritten(req, before, response);
      deltasOf(
        [...written.values()].map((row) => row.before),
        -1,
        deltas,
      );
      deltasOf(
        [...written.values()].map((row) => row.after),
        1,
        deltas,
      );
      return applyDeltas(totals, req.trans, deltas).then(() => response);
    }),
  );
}

/**
 * Keeps `monthTotals` (per wallet and month: what was spent and earned, and how many entries) in
 * step with every write to the expenses, in the write's own transaction, so the history can show
 * its summary and month headers without reading every row. A write from any module (sync, the
 * outbox, an undo, dropping a wallet) goes through here: every read-write transaction that
 * includes the expenses gets the totals table added to its scope (IndexedDB's scope only: Dexie's
 * own list of the transaction's tables does not name it, so code that reads `monthTotals` inside
 * such a transaction must list it). Writes to the expenses within
 * one transaction are applied one after another, so two never read the same totals and lose one
 * another's change.
 */
export const monthTotalsMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'MonthTotals',
  create: (down) => {
    const queues = new WeakMap<DBCoreTransaction, Promise<unknown>>();
    return {
      ...down,
      transaction: (stores, mode, options) =>
        down.transaction(
          mode === 'readwrite' && stores.includes(EXPENSES_TABLE) && !stores.includes(MONTH_TOTALS_TABLE)
            ? [...stores, MONTH_TOTALS_TABLE]
            : stores,
          mode,
          options,
        ),
      table: (name) => {
        const table = down.table(name);
        if (name !== EXPENSES_TABLE) return table;
        return {
          ...table,
          mutate: (req) => {
            const previous = queues.get(req.trans) ?? Dexie.Promise.resolve();
            const result = previous.then(
              () => mutateWithTotals(down, req),
              () => mutateWithTotals(down, req),
            );
            queues.set(req.trans, result);
            return result;
          },
        };
      },
    };
  },
};

/** Builds the totals from the stored expenses: the upgrade that introduces them. */
export async function recountMonthTotals(tx: Transaction): Promise<void> {
  const deltas = new Map<string, MonthTotalRecord>();
  await tx
    .table<ExpenseRecord>(EXPENSES_TABLE)
    .toCollection()
    .each((row) => {
      deltasOf([row], 1, deltas);
    });
  const totals = tx.table<MonthTotalRecord>(MONTH_TOTALS_TABLE);
  await totals.clear();
  await totals.bulkPut([...deltas.values()]);
}

/**
 * Builds one wallet's totals again from its stored rows (call it inside a read-write transaction
 * over the expenses). For totals found out of step with the rows (see the history's check): a tab
 * still running the app from before the totals writes expenses without this middleware until it
 * reloads.
 */
export async function recountWalletTotals(db: Dexie, walletId: string): Promise<void> {
  const deltas = new Map<string, MonthTotalRecord>();
  deltasOf(await db.table<ExpenseRecord>(EXPENSES_TABLE).where('walletId').equals(walletId).toArray(), 1, deltas);
  const totals = db.table<MonthTotalRecord, [string, string]>(MONTH_TOTALS_TABLE);
  await totals.where('[walletId+month]').between([walletId, Dexie.minKey], [walletId, Dexie.maxKey]).delete();
  await totals.bulkPut([...deltas.values()]);
}
