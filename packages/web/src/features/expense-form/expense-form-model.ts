import { CreateExpenseBodySchema, minorToDecimal } from '@ttm/contract';
import { parseAmount } from '../../locale/amount-parse.js';
import { formatAmountForInput } from '../../locale/money-format.js';
import type { ExpenseFields, ExpenseRecord } from '../../local-db/records.js';
import { zodFieldErrors, type FieldErrors } from '../../shared/field-errors.js';

export type FormField = 'amount' | 'category' | 'date' | 'note';
export const FORM_FIELDS: readonly FormField[] = ['amount', 'category', 'date', 'note'];

/** What the user typed, kept as text until it is checked. */
export interface ExpenseFormValues {
  readonly amount: string;
  readonly category: string;
  readonly date: string;
  readonly note: string;
}

export type CheckResult =
  | { readonly ok: true; readonly fields: ExpenseFields }
  | { readonly ok: false; readonly errors: FieldErrors<FormField> };

/**
 * Checks the form with the locale-aware amount reader, then with the same zod schema the
 * server validates requests with, so the messages match what the server would say.
 */
export function checkExpenseForm(values: ExpenseFormValues, currency: string, locale?: string): CheckResult {
  const amount = parseAmount(values.amount, currency, locale);
  const note = values.note.trim() === '' ? null : values.note;
  const parsed = CreateExpenseBodySchema.safeParse({
    amount: amount.ok ? minorToDecimal(amount.minor, currency) : '1',
    category: values.category,
    date: values.date,
    note,
  });
  const errors: FieldErrors<FormField> = parsed.success ? {} : zodFieldErrors(parsed.error, FORM_FIELDS);
  if (!amount.ok) errors.amount = amount.message;
  if (values.date === '') errors.date = 'Choose a date';
  if (!amount.ok || !parsed.success || errors.date) return { ok: false, errors };
  return {
    ok: true,
    fields: { amountMinor: amount.minor, category: parsed.data.category, date: parsed.data.date, note },
  };
}

export function valuesFromRecord(record: ExpenseRecord, locale?: string): ExpenseFormValues {
  return {
    amount: formatAmountForInput(record.amountMinor, record.currency, locale),
    category: record.category,
    date: record.date,
    note: record.note ?? '',
  };
}

/** Only the fields that differ from the stored expense: a PATCH sends nothing else. */
export function changedFields(record: ExpenseRecord, fields: ExpenseFields): Partial<ExpenseFields> {
  const changes: { -readonly [K in keyof ExpenseFields]?: ExpenseFields[K] } = {};
  if (fields.amountMinor !== record.amountMinor) changes.amountMinor = fields.amountMinor;
  if (fields.category !== record.category) changes.category = fields.category;
  if (fields.date !== record.date) changes.date = fields.date;
  if (fields.note !== record.note) changes.note = fields.note;
  return changes;
}
