import { CSV_HEADER, type ImportQuerySchema, type ImportResult, isStorableText } from '@ttm/contract';
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
  const ownExport = header.length === CSV_HEADER.length && header.every((name, i) => name === CSV_HEADER[i]);
  const decimalSeparator = query.decimalSeparator ?? (ownExport ? '.' : undefined);
  const dateIndex = findColumn(header, query.dateColumn, DETECT.date, 'date', errors);
  const amountIndex = findColumn(header, query.amountColumn, DETECT.amount, 'amount', errors);
  const categoryIndex = findColumn(header, query.categoryColumn, DETECT.category, 'category', errors);
  const noteIndex = findColumn(header, query.noteColumn, DETECT.note, 'note', errors);
  const currencyIndex = header.findIndex((name) => /^currency$/i.test(name.trim()));
  const idIndex = header.findIndex((name) => /^id$/i.test(name.trim()));
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
      });
    }
  }
  return { columns, rows, errors };
}
