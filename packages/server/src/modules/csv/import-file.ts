import {
  CSV_HEADER,
  decimalToMinor,
  type ExpenseKind,
  type ImportQuerySchema,
  type ImportResult,
  isKnownCurrency,
  isStorableText,
  normalizeRate,
} from '@ttm/contract';
import { parse } from 'csv-parse/sync';
import type { z } from 'zod';
import { unneutralise } from './csv-cells.js';
import { parseLooseAmount } from './loose-amount.js';
import { detectDateOrder, parseLooseDate } from './loose-date.js';

type ImportQuery = z.output<typeof ImportQuerySchema>;
export type LineError = ImportResult['errors'][number];
export type ImportColumns = ImportResult['columns'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const DETECT = {
  date: /^(date|datum|fecha|data|booking ?date|transaction ?date|value ?date|buchungstag|valuta)$/i,
  amount: /^(amount|betrag|importe|montant|value|sum|debit ?\/ ?credit|amount \(.*\))$/i,
  category: /^(category|kategorie|categoría|categorie|type)$/i,
  note: /^(note|notes|description|memo|payee|details|text|verwendungszweck|reference|narrative|beschreibung)$/i,
} as const;

/** One valid line of an import file, amounts in minor units of the wallet's currency. */
export interface ImportRow {
  readonly line: number;
  readonly date: string;
  readonly minor: number;
  /** The file wrote the amount negative (a debit, in bank exports). */
  readonly negative: boolean;
  readonly category: string;
  readonly note: string | null;
  /** Id column of our own export, when present. */
  readonly id: string | null;
  /** Kind column of our own export; null when the file has none (the sign decides). */
  readonly kind: ExpenseKind | null;
  /** Amount as entered in another currency (our own export's original* and rate columns). */
  readonly original: { readonly minor: number; readonly currency: string; readonly rate: string } | null;
}

/** Exports before 0007 wrote the first seven columns of today's header. */
const OLD_EXPORT_COLUMNS = 7;

function columnIndex(header: readonly string[], name: string): number {
  return header.findIndex((cell) => cell.trim().toLowerCase() === name.toLowerCase());
}

export interface ImportFile {
  readonly columns: ImportColumns;
  readonly rows: readonly ImportRow[];
  readonly errors: readonly LineError[];
}

const NO_COLUMNS: ImportColumns = { date: '', amount: '', category: null, note: null };

function findColumn(
  header: readonly string[],
  given: string | undefined,
  pattern: RegExp,
  what: string,
  errors: LineError[],
): number {
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

interface ParsedRecord {
  readonly record: string[];
  readonly raw: string;
  readonly info: { readonly lines: number };
}

function parseRecords(text: string): ParsedRecord[] {
  return parse(text, {
    delimiter: detectDelimiter(text),
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    raw: true,
  }) as unknown as ParsedRecord[];
}

/** csv-parse reports the line a record ends on; a quoted field may span lines, so count back. */
function startLine({ raw, info }: ParsedRecord): number {
  const content = raw.replace(/^[\r\n]+/, '').replace(/\r?\n$/, '');
  return info.lines - (content.split('\n').length - 1);
}

/** The line where the field that broke the syntax starts (csv-parse gives its byte offset). */
function errorLine(text: string, error: unknown): number {
  const { bytes_records: offset, lines } = error as { bytes_records?: unknown; lines?: unknown };
  if (typeof offset === 'number') {
    const before = Buffer.from(text).subarray(0, offset).toString('utf8');
    return before.split('\n').length;
  }
  return typeof lines === 'number' ? lines : 1;
}

/**
 * Reads an import file: CSV syntax, the header's columns (detected or named), and every line's
 * date, amount, category and note. Pure: no database, every problem reported with its line.
 */
export function readImportFile(input: string, currency: string, query: ImportQuery): ImportFile {
  const text = input.replace(/^\uFEFF/, '');
  const errors: LineError[] = [];
  let records: ReturnType<typeof parseRecords>;
  try {
    records = parseRecords(text);
  } catch (error) {
    errors.push({ line: errorLine(text, error), message: `Not valid CSV: ${(error as Error).message}` });
    return { columns: NO_COLUMNS, rows: [], errors };
  }
  const [headerRecord, ...body] = records;
  if (!headerRecord) return { columns: NO_COLUMNS, rows: [], errors: [{ line: 1, message: 'The file is empty' }] };

  const header = headerRecord.record;
  // Our own export always writes plain decimals with a dot.
  const ownExport =
    (header.length === CSV_HEADER.length || header.length === OLD_EXPORT_COLUMNS) &&
    header.every((name, i) => name === CSV_HEADER[i]);
  const decimalSeparator = query.decimalSeparator ?? (ownExport ? '.' : undefined);
  const dateIndex = findColumn(header, query.dateColumn, DETECT.date, 'date', errors);
  const amountIndex = findColumn(header, query.amountColumn, DETECT.amount, 'amount', errors);
  const categoryIndex = findColumn(header, query.categoryColumn, DETECT.category, 'category', errors);
  const noteIndex = findColumn(header, query.noteColumn, DETECT.note, 'note', errors);
  const currencyIndex = header.findIndex((name) => /^currency$/i.test(name.trim()));
  const idIndex = header.findIndex((name) => /^id$/i.test(name.trim()));
  // Only our own export's kind and currency columns are read: another file's "Kind" may be a category.
  const ownColumn = (name: string) =>
    header.length === CSV_HEADER.length && ownExport ? columnIndex(header, name) : -1;
  const kindIndex = ownColumn('kind');
  const originalAmountIndex = ownColumn('originalAmount');
  const originalCurrencyIndex = ownColumn('originalCurrency');
  const rateIndex = ownColumn('rate');
  if (dateIndex < 0 && query.dateColumn === undefined)
    errors.push({ line: 1, message: 'No date column found: name it with dateColumn' });
  if (amountIndex < 0 && query.amountColumn === undefined) {
    errors.push({ line: 1, message: 'No amount column found: name it with amountColumn' });
  }
  const columns: ImportColumns = {
    date: header[dateIndex] ?? '',
    amount: header[amountIndex] ?? '',
    category: categoryIndex >= 0 ? (header[categoryIndex] ?? null) : null,
    note: noteIndex >= 0 ? (header[noteIndex] ?? null) : null,
  };
  if (errors.length > 0) return { columns, rows: [], errors };

  const order = query.dateFormat ?? detectDateOrder(body.map(({ record }) => record[dateIndex] ?? ''));
  if (order === 'conflict') {
    return {
      columns,
      rows: [],
      errors: [{ line: 1, message: 'Dates are written both day-first and month-first; pass dateFormat' }],
    };
  }

  const rows: ImportRow[] = [];
  for (const parsed of body) {
    const { record } = parsed;
    const line = startLine(parsed);
    const fail = (message: string) => errors.push({ line, message });
    if (record.length !== header.length) {
      fail(`Expected ${String(header.length)} columns, found ${String(record.length)}`);
      continue;
    }
    const cell = (index: number) => (index >= 0 ? (record[index] ?? '') : '');
    const date = parseLooseDate(cell(dateIndex), order);
    const amount = parseLooseAmount(cell(amountIndex), currency, decimalSeparator);
    const category = unneutralise(cell(categoryIndex).trim()) || query.defaultCategory;
    const note = unneutralise(cell(noteIndex));
    const rowCurrency = cell(currencyIndex).trim().toUpperCase();
    const id = UUID.test(cell(idIndex).trim()) ? cell(idIndex).trim().toLowerCase() : null;
    const kindCell = cell(kindIndex).trim().toLowerCase();
    const kind = kindCell === 'income' || kindCell === 'expense' ? kindCell : null;
    if (kindCell !== '' && kind === null) fail(`Kind must be expense or income, not "${cell(kindIndex)}"`);
    const original = readOriginal(cell(originalAmountIndex), cell(originalCurrencyIndex), cell(rateIndex), fail);
    if (!date.ok) fail(date.message);
    if (!amount.ok) fail(amount.message);
    if (rowCurrency && rowCurrency !== currency)
      fail(`Currency ${rowCurrency} does not match the wallet's ${currency}`);
    if (category.length > 64) fail('Category must be at most 64 characters');
    if (note.length > 1000) fail('Note must be at most 1000 characters');
    if (!isStorableText(category) || !isStorableText(note))
      fail('Text must not contain NUL characters or invalid Unicode');
    if (date.ok && amount.ok) {
      rows.push({
        line,
        date: date.date,
        minor: amount.minor,
        negative: amount.negative,
        category,
        note: note === '' ? null : note,
        id,
        kind,
        original,
      });
    }
  }
  return { columns, rows, errors };
}

/** The original amount, currency and rate cells of our own export: all three or none. */
function readOriginal(
  amountCell: string,
  currencyCell: string,
  rateCell: string,
  fail: (message: string) => void,
): ImportRow['original'] {
  const currency = currencyCell.trim().toUpperCase();
  if (amountCell.trim() === '' && currency === '' && rateCell.trim() === '') return null;
  if (!isKnownCurrency(currency)) {
    fail(`Original currency "${currencyCell}" is not an ISO 4217 code`);
    return null;
  }
  const minor = decimalToMinor(amountCell.trim(), currency);
  if (!minor.ok) fail(`Original amount: ${minor.message}`);
  const rate = normalizeRate(rateCell);
  if (!rate.ok) fail(rate.message);
  return minor.ok && rate.ok ? { minor: minor.minor, currency, rate: rate.rate } : null;
}
