import { createHash, randomUUID } from 'node:crypto';
import {
  categoryKey,
  type ImportQuerySchema,
  type ImportResult,
  isStorableText,
  searchFold,
} from '@ttm/contract';
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { type Clock, isoAt } from '../../clock.js';
import type { Database } from '../../db/schema.js';
import type { Db } from '../../db/types.js';
import { adjustCategoryUsage } from '../categories/categories.repository.js';
import { totalsOf } from '../expenses/expenses.service.js';
import type { ExpenseRow } from '../expenses/expenses.repository.js';
import { adjustTotals, type TotalsDelta } from '../summaries/totals.repository.js';
import { requireRole, resolveWallet } from '../wallets/wallet-access.js';
import { bumpWalletVersionBy } from '../wallets/wallets.repository.js';
import { unneutralise } from './csv-cells.js';
import { parseLooseAmount } from './loose-amount.js';
import { detectDateOrder, parseLooseDate } from './loose-date.js';

type ImportQuery = z.output<typeof ImportQuerySchema>;
type LineError = ImportResult['errors'][number];

const MAX_ERRORS = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const DETECT = {
  date: /^(date|datum|fecha|data|booking ?date|transaction ?date|value ?date|buchungstag|valuta)$/i,
  amount: /^(amount|betrag|importe|montant|value|sum|debit ?\/ ?credit|amount \(.*\))$/i,
  category: /^(category|kategorie|categoría|categorie|type)$/i,
  note: /^(note|notes|description|memo|payee|details|text|verwendungszweck|reference|narrative|beschreibung)$/i,
} as const;

interface ParsedRow {
  readonly line: number;
  readonly date: string;
  readonly minor: number;
  readonly category: string;
  readonly note: string | null;
  readonly id: string | null;
  readonly credit: boolean;
}

function findColumn(header: readonly string[], given: string | undefined, pattern: RegExp, what: string, errors: LineError[]): number {
  if (given !== undefined) {
    const index = header.findIndex((name) => name.trim().toLowerCase() === given.trim().toLowerCase());
    if (index < 0) errors.push({ line: 1, message: `Column "${given}" (${what}) is not in the header` });
    return index;
  }
  return header.findIndex((name) => pattern.test(name.trim()));
}

function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => ({ d, n: firstLine.split(d).length - 1 }));
  return counts.reduce((best, c) => (c.n > best.n ? c : best)).d;
}

/** Stable identity of a row: same content and same occurrence number within its file. */
function fingerprint(row: ParsedRow, occurrence: number): string {
  return createHash('sha256')
    .update(JSON.stringify([row.date, row.minor, categoryKey(row.category), row.note ?? '', occurrence]))
    .digest('hex');
}

async function existingFingerprints(db: Db, walletId: string, candidates: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < candidates.length; i += 500) {
    const rows = await db
      .selectFrom('expenses')
      .select('import_fingerprint')
      .where('wallet_id', '=', walletId)
      .where('import_fingerprint', 'in', candidates.slice(i, i + 500))
      .execute();
    for (const row of rows) if (row.import_fingerprint) found.add(row.import_fingerprint);
  }
  return found;
}

/** Ids of our own export that already exist in this wallet (the same file imported back). */
async function existingIds(db: Db, walletId: string, candidates: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < candidates.length; i += 500) {
    const rows = await db
      .selectFrom('expenses')
      .select('id')
      .where('wallet_id', '=', walletId)
      .where('id', 'in', candidates.slice(i, i + 500))
      .execute();
    for (const row of rows) found.add(row.id);
  }
  return found;
}

export function createImportService(db: Kysely<Database>, clock: Clock) {
  return {
    /** All or nothing: any error line means nothing is written; a dry run never writes. */
    async importCsv(userId: string, query: ImportQuery, text: string): Promise<ImportResult> {
      const wallet = await resolveWallet(db, userId, query.walletId);
      requireRole(wallet, 'editor');
      const errors: LineError[] = [];
      const result = (partial: Partial<ImportResult>, columns: ImportResult['columns']): ImportResult => ({
        dryRun: query.dryRun,
        imported: 0,
        duplicates: 0,
        skippedCredits: 0,
        errors: errors.slice(0, MAX_ERRORS),
        columns,
        ...partial,
      });
      const noColumns = { date: '', amount: '', category: null, note: null };

      let records: { record: string[]; info: { lines: number } }[];
      try {
        records = parse(text.replace(/^\uFEFF/, ''), {
          delimiter: detectDelimiter(text.replace(/^\uFEFF/, '')),
          relax_column_count: true,
          skip_empty_lines: true,
          info: true,
        }) as unknown as { record: string[]; info: { lines: number } }[];
      } catch (error) {
        const lines = (error as { lines?: number }).lines;
        errors.push({ line: typeof lines === 'number' ? lines : 1, message: `Not valid CSV: ${(error as Error).message}` });
        return result({}, noColumns);
      }
      const [headerRecord, ...body] = records;
      if (!headerRecord) {
        errors.push({ line: 1, message: 'The file is empty' });
        return result({}, noColumns);
      }
      const header = headerRecord.record;
      const dateIndex = findColumn(header, query.dateColumn, DETECT.date, 'date', errors);
      const amountIndex = findColumn(header, query.amountColumn, DETECT.amount, 'amount', errors);
      const categoryIndex = findColumn(header, query.categoryColumn, DETECT.category, 'category', errors);
      const noteIndex = findColumn(header, query.noteColumn, DETECT.note, 'note', errors);
      const currencyIndex = header.findIndex((name) => /^currency$/i.test(name.trim()));
      const idIndex = header.findIndex((name) => /^id$/i.test(name.trim()));
      if (dateIndex < 0 && query.dateColumn === undefined) errors.push({ line: 1, message: 'No date column found: name it with dateColumn' });
      if (amountIndex < 0 && query.amountColumn === undefined) errors.push({ line: 1, message: 'No amount column found: name it with amountColumn' });
      const columns = {
        date: header[dateIndex] ?? '',
        amount: header[amountIndex] ?? '',
        category: categoryIndex >= 0 ? (header[categoryIndex] ?? null) : null,
        note: noteIndex >= 0 ? (header[noteIndex] ?? null) : null,
      };
      if (errors.length > 0) return result({}, columns);

      const order = query.dateFormat ?? detectDateOrder(body.map(({ record }) => record[dateIndex] ?? ''));
      if (order === 'conflict') {
        errors.push({ line: 1, message: 'Dates are written both day-first and month-first; pass dateFormat' });
        return result({}, columns);
      }

      const rows: (ParsedRow & { rawNegative: boolean })[] = [];
      for (const { record, info } of body) {
        const line = info.lines;
        const fail = (message: string) => errors.push({ line, message });
        if (record.length !== header.length) {
          fail(`Expected ${String(header.length)} columns, found ${String(record.length)}`);
          continue;
        }
        const date = parseLooseDate(record[dateIndex] ?? '', order);
        const amount = parseLooseAmount(record[amountIndex] ?? '', wallet.currency, query.decimalSeparator);
        const category = unneutralise((categoryIndex >= 0 ? (record[categoryIndex] ?? '') : '').trim()) || query.defaultCategory;
        const noteText = noteIndex >= 0 ? unneutralise(record[noteIndex] ?? '') : '';
        const currency = currencyIndex >= 0 ? (record[currencyIndex] ?? '').trim().toUpperCase() : '';
        const id = idIndex >= 0 && UUID.test((record[idIndex] ?? '').trim()) ? (record[idIndex] ?? '').trim().toLowerCase() : null;
        if (!date.ok) fail(date.message);
        if (!amount.ok) fail(amount.message);
        if (currency && currency !== wallet.currency) fail(`Currency ${currency} does not match the wallet's ${wallet.currency}`);
        if (category.length > 64) fail('Category must be at most 64 characters');
        if (noteText.length > 1000) fail('Note must be at most 1000 characters');
        if (!isStorableText(category) || !isStorableText(noteText)) fail('Text must not contain NUL characters or invalid Unicode');
        if (date.ok && amount.ok) {
          rows.push({
            line,
            date: date.date,
            minor: amount.minor,
            category,
            note: noteText === '' ? null : noteText,
            id,
            credit: false,
            rawNegative: amount.negative,
          });
        }
      }
      if (errors.length > 0) return result({}, columns);

      // Bank exports sign debits negative: then positives are credits (incoming money).
      const bankStyle = rows.some((row) => row.rawNegative);
      const occurrences = new Map<string, number>();
      let skippedCredits = 0;
      const candidates: (ParsedRow & { fingerprint: string })[] = [];
      for (const row of rows) {
        if (bankStyle && !row.rawNegative && !query.includeCredits) {
          skippedCredits += 1;
          continue;
        }
        const base = fingerprint(row, 0);
        const occurrence = occurrences.get(base) ?? 0;
        occurrences.set(base, occurrence + 1);
        candidates.push({ ...row, fingerprint: fingerprint(row, occurrence) });
      }

      const knownPrints = await existingFingerprints(db, wallet.id, candidates.map((c) => c.fingerprint));
      const knownIds = await existingIds(db, wallet.id, candidates.flatMap((c) => (c.id ? [c.id] : [])));
      const fresh = candidates.filter((c) => !knownPrints.has(c.fingerprint) && !(c.id && knownIds.has(c.id)));
      const duplicates = candidates.length - fresh.length;
      if (query.dryRun || fresh.length === 0) return result({ imported: fresh.length, duplicates, skippedCredits }, columns);

      await db.transaction().execute(async (trx) => {
        const lastVersion = await bumpWalletVersionBy(trx, wallet.id, fresh.length);
        const names = new Map<string, string>();
        for (const row of await trx.selectFrom('categories').select(['key', 'name']).where('wallet_id', '=', wallet.id).execute()) {
          names.set(row.key, row.name);
        }
        const start = clock();
        const expenseRows: ExpenseRow[] = fresh.map((row, index) => {
          const key = categoryKey(row.category);
          const name = names.get(key) ?? row.category;
          names.set(key, name);
          const at = isoAt(start + index);
          return {
            id: randomUUID(),
            wallet_id: wallet.id,
            created_by: userId,
            amount_minor: row.minor,
            category: name,
            category_key: key,
            date: row.date,
            note: row.note,
            search_text: searchFold(`${name}\n${row.note ?? ''}`),
            created_at: at,
            updated_at: at,
            version: lastVersion - fresh.length + index + 1,
            deleted_at: null,
            import_fingerprint: row.fingerprint,
          };
        });
        for (let i = 0; i < expenseRows.length; i += 500) {
          await trx.insertInto('expenses').values(expenseRows.slice(i, i + 500)).execute();
        }
        const usage = new Map<string, number>();
        const totals = new Map<string, TotalsDelta>();
        for (const row of expenseRows) {
          usage.set(row.category_key, (usage.get(row.category_key) ?? 0) + 1);
          const delta = totalsOf(row, 1);
          const bucket = `${row.date.slice(0, 7)}\u0000${row.category_key}`;
          const current = totals.get(bucket);
          totals.set(bucket, current ? { ...current, amountMinor: current.amountMinor + delta.amountMinor, count: current.count + 1 } : delta);
        }
        for (const [key, count] of usage) await adjustCategoryUsage(trx, wallet.id, key, names.get(key) ?? key, count);
        for (const delta of totals.values()) await adjustTotals(trx, delta);
      });
      return result({ imported: fresh.length, duplicates, skippedCredits }, columns);
    },
  };
}

export type ImportService = ReturnType<typeof createImportService>;
