import {
  checkConvertedMinor,
  convertMinor,
  CreateExpenseBodySchema,
  type ExpenseKind,
  isKnownCurrency,
  minorToDecimal,
  normalizeRate,
} from '@ttm/contract';
import { parseAmount } from '../../locale/amount-parse.js';
import { formatAmountForInput } from '../../locale/money-format.js';
import type { ExpenseFields, ExpenseRecord } from '../../local-db/records.js';
import { zodFieldErrors, type FieldErrors } from '../../shared/field-errors.js';

export type FormField = 'amount' | 'category' | 'date' | 'note' | 'currency' | 'rate';
export const FORM_FIELDS: readonly FormField[] = ['amount', 'category', 'date', 'note', 'currency', 'rate'];

/** What the user typed, kept as text until it is checked. */
export interface ExpenseFormValues {
  readonly kind: ExpenseKind;
  /** Currency of the typed amount; the wallet's unless the user picked another. */
  readonly currency: string;
  /** Wallet-currency units per one unit of `currency`, as typed; used only for another currency. */
  readonly rate: string;
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
  const entered = values.currency.trim().toUpperCase() || currency;
  if (entered !== currency) return checkForeign(values, entered, currency, locale);
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
    fields: {
      amountMinor: amount.minor,
      category: parsed.data.category,
      date: parsed.data.date,
      note,
      ...plainMoney(values.kind),
    },
  };
}

function plainMoney(kind: ExpenseKind) {
  return { kind, originalAmountMinor: null, originalCurrency: null, rate: null };
}

/**
 * An amount typed in another currency: checked against that currency's digits, with the rate,
 * and converted exactly as the server converts it (half to even, BigInt), so the history shows
 * the same wallet amount before and after the sync.
 */
function checkForeign(
  values: ExpenseFormValues,
  entered: string,
  walletCurrency: string,
  locale?: string,
): CheckResult {
  const errors: FieldErrors<FormField> = {};
  if (!isKnownCurrency(entered)) {
    errors.currency = 'Use an ISO 4217 currency code such as USD';
    return { ok: false, errors };
  }
  const plain = checkExpenseForm({ ...values, currency: walletCurrency, amount: '1' }, walletCurrency, locale);
  if (!plain.ok) Object.assign(errors, plain.errors);
  const amount = parseAmount(values.amount, entered, locale);
  if (!amount.ok) errors.amount = amount.message;
  const rate = normalizeRate(values.rate.replace(',', '.'));
  if (!rate.ok)
    errors.rate = values.rate.trim() === '' ? `Enter the rate: ${walletCurrency} for 1 ${entered}` : rate.message;
  if (!amount.ok || !rate.ok || !plain.ok) return { ok: false, errors };
  const converted = checkConvertedMinor(convertMinor(amount.minor, entered, walletCurrency, rate.rate), walletCurrency);
  if (!converted.ok) return { ok: false, errors: { rate: converted.message } };
  return {
    ok: true,
    fields: {
      ...plain.fields,
      kind: values.kind,
      amountMinor: converted.minor,
      originalAmountMinor: amount.minor,
      originalCurrency: entered,
      rate: rate.rate,
    },
  };
}

/** The wallet-currency amount the typed foreign amount and rate make, for the form to show; null until both read. */
export function convertedPreview(values: ExpenseFormValues, walletCurrency: string, locale?: string): number | null {
  const entered = values.currency.trim().toUpperCase();
  if (entered === '' || entered === walletCurrency || !isKnownCurrency(entered)) return null;
  const amount = parseAmount(values.amount, entered, locale);
  const rate = normalizeRate(values.rate.replace(',', '.'));
  if (!amount.ok || !rate.ok) return null;
  const converted = checkConvertedMinor(convertMinor(amount.minor, entered, walletCurrency, rate.rate), walletCurrency);
  return converted.ok ? converted.minor : null;
}

export function valuesFromRecord(record: ExpenseRecord, locale?: string): ExpenseFormValues {
  const foreign = record.originalCurrency != null && record.originalAmountMinor != null && record.rate != null;
  return {
    kind: record.kind ?? 'expense',
    currency: foreign ? (record.originalCurrency ?? record.currency) : record.currency,
    rate: foreign ? (record.rate ?? '') : '',
    amount: foreign
      ? formatAmountForInput(record.originalAmountMinor ?? 0, record.originalCurrency ?? record.currency, locale)
      : formatAmountForInput(record.amountMinor, record.currency, locale),
    category: record.category,
    date: record.date,
    note: record.note ?? '',
  };
}

/** Only the fields that differ from the stored expense: a PATCH sends nothing else. */
export function changedFields(record: ExpenseRecord, fields: ExpenseFields): Partial<ExpenseFields> {
  const changes: { -readonly [K in keyof ExpenseFields]?: ExpenseFields[K] } = {};
  const moneyChanged =
    fields.amountMinor !== record.amountMinor ||
    (fields.kind ?? 'expense') !== (record.kind ?? 'expense') ||
    (fields.originalAmountMinor ?? null) !== (record.originalAmountMinor ?? null) ||
    (fields.originalCurrency ?? null) !== (record.originalCurrency ?? null) ||
    (fields.rate ?? null) !== (record.rate ?? null);
  // The money is one unit (the server merges it as one field): send all of it or none.
  if (moneyChanged) {
    changes.amountMinor = fields.amountMinor;
    changes.kind = fields.kind ?? 'expense';
    changes.originalAmountMinor = fields.originalAmountMinor ?? null;
    changes.originalCurrency = fields.originalCurrency ?? null;
    changes.rate = fields.rate ?? null;
  }
  if (fields.category !== record.category) changes.category = fields.category;
  if (fields.date !== record.date) changes.date = fields.date;
  if (fields.note !== record.note) changes.note = fields.note;
  return changes;
}
