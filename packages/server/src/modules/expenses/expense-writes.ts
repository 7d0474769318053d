import { categoryKey, type ExpenseKind, searchFold, type SyncField } from '@ttm/contract';
import { dialectOf } from '../../db/dialect.js';
import type { Db } from '../../db/types.js';
import {
  adjustCategoryUsage,
  type CategoryUse,
  findCategoryName,
  useCategories,
} from '../categories/categories.repository.js';
import { adjustTotals, adjustTotalsMany, mergedTotalsRows, type TotalsDelta } from '../summaries/totals.repository.js';
import { markReceiptsOfExpenseDeleted } from '../receipts/receipts.repository.js';
import { stampFields } from './field-versions.repository.js';
import { type ExpenseRow, insertExpenses, insertExpensesCounted, updateExpense } from './expenses.repository.js';

/**
 * The one write path for expenses (REST endpoints, sync pushes, conflict resolution): each function
 * runs inside the caller's transaction, after the caller took the wallet's version, and keeps the
 * category usage, the monthly totals and the per-field version stamps in step with the row.
 */

/**
 * The entry's money, resolved and converted: `amountMinor` in the wallet's currency, and what was
 * typed when it was another currency. Written, compared and merged as one unit (the `amount` field).
 */
export interface ExpenseMoney {
  readonly kind: ExpenseKind;
  readonly amountMinor: number;
  readonly originalAmountMinor: number | null;
  readonly originalCurrency: string | null;
  readonly rate: string | null;
}

/** The values of an expense a user can set (amount already in minor units). */
export interface ExpenseValues extends ExpenseMoney {
  readonly category: string;
  readonly date: string;
  readonly note: string | null;
}

/** The totals delta of adding (sign 1) or removing (sign -1) one expense. */
export function totalsOf(
  row: Pick<ExpenseRow, 'wallet_id' | 'date' | 'category_key' | 'created_by' | 'amount_minor' | 'kind'>,
  sign: 1 | -1,
): TotalsDelta {
  return {
    walletId: row.wallet_id,
    date: row.date,
    categoryKey: row.category_key,
    author: row.created_by,
    kind: row.kind,
    amountMinor: sign * row.amount_minor,
    count: sign,
  };
}

export function searchTextOf(category: string, note: string | null): string {
  return searchFold(`${category}\n${note ?? ''}`);
}

/** Canonical spelling: the first spelling a wallet used for a category wins. */
export async function canonicalCategory(
  trx: Db,
  walletId: string,
  name: string,
): Promise<{ name: string; key: string }> {
  const key = categoryKey(name);
  return { key, name: (await findCategoryName(trx, walletId, key)) ?? name };
}

/** The money of a stored row, in the shape writes and merges compare. */
export function moneyOf(row: ExpenseRow): ExpenseMoney {
  return {
    kind: row.kind,
    amountMinor: row.amount_minor,
    originalAmountMinor: row.original_amount_minor,
    originalCurrency: row.original_currency,
    rate: row.rate,
  };
}

/** Columns for `changes`' money; conflict sides stored before 0007 carry only amountMinor. */
function moneyColumns(changes: Partial<ExpenseMoney>, kind: ExpenseKind) {
  return {
    kind: changes.kind ?? kind,
    original_amount_minor: changes.originalAmountMinor ?? null,
    original_currency: changes.originalCurrency ?? null,
    rate: changes.rate ?? null,
  };
}

export function sameMoney(a: Partial<ExpenseMoney>, b: Partial<ExpenseMoney>): boolean {
  return (
    a.amountMinor === b.amountMinor &&
    (a.kind ?? 'expense') === (b.kind ?? 'expense') &&
    (a.originalAmountMinor ?? null) === (b.originalAmountMinor ?? null) &&
    (a.originalCurrency ?? null) === (b.originalCurrency ?? null) &&
    (a.rate ?? null) === (b.rate ?? null)
  );
}

/** The fields whose stored value `changes` would actually alter (categories compare by key). */
export function changedFields(row: ExpenseRow, changes: Partial<ExpenseValues>): SyncField[] {
  const fields: SyncField[] = [];
  if (changes.amountMinor !== undefined && !sameMoney({ ...moneyOf(row), ...changes }, moneyOf(row)))
    fields.push('amount');
  if (changes.category !== undefined && categoryKey(changes.category) !== row.category_key) fields.push('category');
  if (changes.date !== undefined && changes.date !== row.date) fields.push('date');
  if (changes.note !== undefined && changes.note !== row.note) fields.push('note');
  return fields;
}

export interface NewExpense {
  readonly id: string;
  readonly walletId: string;
  /** null for a recurring rule's occurrence once the rule's author deleted their account. */
  readonly createdBy: string | null;
  readonly values: ExpenseValues;
  readonly version: number;
  readonly now: string;
  /** The sync client that wrote it; its later edits based on version 0 then count as its own. */
  readonly writer: string | null;
  /** Set when a recurring rule created it (modules/recurring). */
  readonly recurringRuleId?: string | undefined;
}

/** The row of a new expense, stored under `category` (the wallet's spelling of its key). */
export function newExpenseRow(
  input: NewExpense,
  category: { readonly name: string; readonly key: string },
): ExpenseRow {
  return {
    id: input.id,
    wallet_id: input.walletId,
    created_by: input.createdBy,
    amount_minor: input.values.amountMinor,
    category: category.name,
    category_key: category.key,
    date: input.values.date,
    note: input.values.note,
    search_text: searchTextOf(category.name, input.values.note),
    created_at: input.now,
    updated_at: input.now,
    version: input.version,
    deleted_at: null,
    import_fingerprint: null,
    kind: input.values.kind,
    original_amount_minor: input.values.originalAmountMinor,
    original_currency: input.values.originalCurrency,
    rate: input.values.rate,
    recurring_rule_id: input.recurringRuleId ?? null,
  };
}

/** The categories new rows use: per key, the first row's spelling and how many rows. */
function categoryUsesOf(rows: readonly ExpenseRow[]): CategoryUse[] {
  const uses = new Map<string, CategoryUse>();
  for (const row of rows) {
    const use = uses.get(row.category_key);
    uses.set(row.category_key, {
      key: row.category_key,
      name: use?.name ?? row.category,
      count: (use?.count ?? 0) + 1,
    });
  }
  return [...uses.values()];
}

/** The row under the spelling the wallet keeps for its category, if that is not the typed one. */
function withKeptSpelling(row: ExpenseRow, names: ReadonlyMap<string, string>): ExpenseRow {
  const name = names.get(row.category_key) ?? row.category;
  return name === row.category ? row : { ...row, category: name, search_text: searchTextOf(name, row.note) };
}

/**
 * Stores new rows of one wallet, each written with the spelling its author typed, under the spelling
 * the wallet keeps for the category (the first one it used), and counts them in the categories' use
 * and the monthly totals: returns the rows as stored. SQLite runs a statement per table (in-process,
 * they cost no round trip); PostgreSQL one for all three (`insertExpensesCounted`).
 */
export async function storeNewExpenses(trx: Db, walletId: string, typed: readonly ExpenseRow[]): Promise<ExpenseRow[]> {
  if (typed.length === 0) return [];
  const uses = categoryUsesOf(typed);
  const deltas = typed.map((row) => totalsOf(row, 1));
  if (dialectOf(trx) === 'sqlite') {
    const names = await useCategories(trx, walletId, uses);
    const rows = typed.map((row) => withKeptSpelling(row, names));
    await insertExpenses(trx, rows);
    await adjustTotalsMany(trx, deltas);
    return rows;
  }
  const kept = await insertExpensesCounted(trx, walletId, typed, { uses, totals: mergedTotalsRows(deltas) });
  if (kept[0]?.added !== typed.length) throw new Error('Not every new expense was stored with its category');
  const names = new Map(kept.map((use) => [use.key, use.name]));
  const rows = typed.map((row) => withKeptSpelling(row, names));
  // The statement stored the kept spelling with the typed one's search text. The two fold alike
  // unless the kept spelling has surrounding white space (names are stored trimmed), so this is
  // a safeguard that no path takes today.
  for (const [index, row] of rows.entries()) {
    if (row.search_text !== typed[index]?.search_text)
      await updateExpense(trx, row.id, { search_text: row.search_text });
  }
  return rows;
}

export async function insertNewExpense(trx: Db, input: NewExpense): Promise<ExpenseRow> {
  const typed = newExpenseRow(input, { key: categoryKey(input.values.category), name: input.values.category });
  const [row] = await storeNewExpenses(trx, input.walletId, [typed]);
  if (row === undefined) throw new Error('A new expense was not stored');
  if (input.writer !== null) {
    await stampFields(trx, row.id, ['amount', 'category', 'date', 'note'], input.version, input.writer, input.version);
  }
  return row;
}

/**
 * Writes `changes` to a live expense at `version` (the row is rewritten even when nothing
 * differs, as PATCH always did); only fields whose value differs get a new stamp.
 */
export async function updateExpenseValues(
  trx: Db,
  fresh: ExpenseRow,
  changes: Partial<ExpenseValues>,
  version: number,
  now: string,
  writer: string | null,
): Promise<ExpenseRow> {
  const fields = changedFields(fresh, changes);
  const set: Partial<ExpenseRow> = { version, updated_at: now };
  if (changes.amountMinor !== undefined) {
    set.amount_minor = changes.amountMinor;
    Object.assign(set, moneyColumns(changes, fresh.kind));
  }
  if (changes.date !== undefined) set.date = changes.date;
  if (changes.note !== undefined) set.note = changes.note;
  let category = { name: fresh.category, key: fresh.category_key };
  if (fields.includes('category') && changes.category !== undefined) {
    category = await canonicalCategory(trx, fresh.wallet_id, changes.category);
    set.category = category.name;
    set.category_key = category.key;
    await adjustCategoryUsage(trx, fresh.wallet_id, fresh.category_key, fresh.category, -1);
    await adjustCategoryUsage(trx, fresh.wallet_id, category.key, category.name, 1);
  }
  set.search_text = searchTextOf(category.name, set.note !== undefined ? set.note : fresh.note);
  const updated = await updateExpense(trx, fresh.id, set);
  await adjustTotals(trx, totalsOf(fresh, -1));
  await adjustTotals(trx, totalsOf(updated, 1));
  await stampFields(trx, fresh.id, fields, version, writer, fresh.version);
  return updated;
}

/** A tombstone: invisible through the API, kept so other devices learn of the deletion. */
export async function tombstoneExpense(trx: Db, fresh: ExpenseRow, version: number, now: string): Promise<ExpenseRow> {
  const deleted = await updateExpense(trx, fresh.id, { deleted_at: now, updated_at: now, version });
  // Its receipts go with it; the files are removed after the commit (receipt-sweeper.ts).
  await markReceiptsOfExpenseDeleted(trx, fresh.id, now);
  await adjustCategoryUsage(trx, fresh.wallet_id, fresh.category_key, fresh.category, -1);
  await adjustTotals(trx, totalsOf(fresh, -1));
  return deleted;
}

/** Brings a tombstone back to life with `changes` applied; every field is stamped as written now. */
export async function restoreExpense(
  trx: Db,
  tombstone: ExpenseRow,
  changes: Partial<ExpenseValues>,
  version: number,
  now: string,
  writer: string | null,
): Promise<ExpenseRow> {
  const category = await canonicalCategory(trx, tombstone.wallet_id, changes.category ?? tombstone.category);
  const note = changes.note !== undefined ? changes.note : tombstone.note;
  const money = changes.amountMinor !== undefined ? changes : moneyOf(tombstone);
  const restored = await updateExpense(trx, tombstone.id, {
    deleted_at: null,
    updated_at: now,
    version,
    amount_minor: money.amountMinor ?? tombstone.amount_minor,
    ...moneyColumns(money, tombstone.kind),
    category: category.name,
    category_key: category.key,
    date: changes.date ?? tombstone.date,
    note,
    search_text: searchTextOf(category.name, note),
  });
  await adjustCategoryUsage(trx, restored.wallet_id, category.key, category.name, 1);
  await adjustTotals(trx, totalsOf(restored, 1));
  await stampFields(trx, restored.id, ['amount', 'category', 'date', 'note'], version, writer, version);
  return restored;
}
