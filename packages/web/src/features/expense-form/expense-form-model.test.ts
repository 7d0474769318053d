import { describe, expect, it } from 'vitest';
import type { ExpenseRecord } from '../../local-db/records.js';
import { changedFields, checkExpenseForm, convertedPreview, valuesFromRecord } from './expense-form-model.js';

const VALID = {
  kind: 'expense',
  currency: 'EUR',
  rate: '',
  amount: '12,50',
  category: '  Groceries ',
  date: '2026-11-22',
  note: '',
} as const;
const PLAIN = { kind: 'expense', originalAmountMinor: null, originalCurrency: null, rate: null } as const;

describe('checkExpenseForm', () => {
  it('turns valid input into integer minor units, a trimmed category and a null note', () => {
    expect(checkExpenseForm(VALID, 'EUR', 'de-DE')).toEqual({
      ok: true,
      fields: { amountMinor: 1250, category: 'Groceries', date: '2026-11-22', note: null, ...PLAIN },
    });
  });

  it('converts an amount in another currency with the rate, exactly as the server does', () => {
    expect(checkExpenseForm({ ...VALID, amount: '100', currency: 'usd', rate: '0,92' }, 'EUR', 'de-DE')).toEqual({
      ok: true,
      fields: {
        amountMinor: 9200,
        category: 'Groceries',
        date: '2026-11-22',
        note: null,
        kind: 'expense',
        originalAmountMinor: 10000,
        originalCurrency: 'USD',
        rate: '0.92',
      },
    });
    // 1.500 KWD at 3.25 = 4.875 -> 4.88 EUR (half to even); 12.50 EUR into a JPY wallet at 161.5 = 2019.
    const kwd = checkExpenseForm({ ...VALID, amount: '1.500', currency: 'KWD', rate: '3.25' }, 'EUR', 'en-US');
    expect(kwd.ok && [kwd.fields.amountMinor, kwd.fields.originalAmountMinor]).toEqual([488, 1500]);
    const jpy = checkExpenseForm({ ...VALID, amount: '12.50', currency: 'EUR', rate: '161.5' }, 'JPY', 'en-US');
    expect(jpy.ok && jpy.fields.amountMinor).toBe(2019);
  });

  it('asks for a rate, a known currency, and an amount with the currency digits', () => {
    const noRate = checkExpenseForm({ ...VALID, currency: 'USD' }, 'EUR', 'en-US');
    expect(noRate.ok ? null : noRate.errors.rate).toBe('Enter the rate: EUR for 1 USD');
    const unknown = checkExpenseForm({ ...VALID, currency: 'ABC', rate: '1' }, 'EUR', 'en-US');
    expect(unknown.ok ? null : unknown.errors.currency).toBe('Use an ISO 4217 currency code such as USD');
    const yen = checkExpenseForm({ ...VALID, amount: '1.5', currency: 'JPY', rate: '0.0062' }, 'EUR', 'en-US');
    expect(yen.ok ? null : yen.errors.amount).toBe('JPY amounts have no decimal places');
  });

  it('previews the converted amount from the amount, currency and rate alone', () => {
    expect(convertedPreview({ ...VALID, category: '', amount: '100', currency: 'USD', rate: '0.92' }, 'EUR')).toBe(
      9200,
    );
    expect(convertedPreview({ ...VALID, amount: '100', currency: 'USD', rate: '' }, 'EUR')).toBeNull();
    expect(convertedPreview({ ...VALID, amount: '100', currency: 'EUR', rate: '2' }, 'EUR')).toBeNull();
  });

  it('keeps the kind', () => {
    const income = checkExpenseForm({ ...VALID, kind: 'income' }, 'EUR', 'en-US');
    expect(income.ok && income.fields.kind).toBe('income');
  });

  it('keeps a note byte-for-byte', () => {
    const result = checkExpenseForm({ ...VALID, note: '  two spaces, ünïcödé 🙂 ' }, 'EUR', 'en-US');
    expect(result.ok && result.fields.note).toBe('  two spaces, ünïcödé 🙂 ');
  });

  it('reports every invalid field with the schema messages', () => {
    const result = checkExpenseForm(
      { ...VALID, amount: '0', category: ' ', date: '2026-02-30', note: 'x'.repeat(1001) },
      'EUR',
      'en-US',
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        amount: 'Amount must be greater than 0',
        category: 'Category is required',
        date: 'Must be a real calendar date written as YYYY-MM-DD',
        note: 'Must be at most 1000 characters',
      },
    });
  });

  it('asks for a date when the field is empty', () => {
    const result = checkExpenseForm({ ...VALID, date: '' }, 'EUR', 'en-US');
    expect(result.ok ? null : result.errors.date).toBe('Choose a date');
  });
});

describe('editing', () => {
  const record: ExpenseRecord = {
    id: 'e1',
    walletId: 'w',
    amountMinor: 123456,
    currency: 'EUR',
    category: 'Rent',
    categoryKey: 'rent',
    date: '2026-11-01',
    note: null,
    createdBy: null,
    createdAt: '2026-11-01T10:00:00.000Z',
    updatedAt: '2026-11-01T10:00:00.000Z',
    version: 3,
    pending: false,
    confirmedAt: 0,
  };

  it('shows the stored amount in the locale and reads it back unchanged', () => {
    const values = valuesFromRecord(record, 'de-DE');
    expect(values.amount).toBe('1.234,56');
    const checked = checkExpenseForm(values, 'EUR', 'de-DE');
    expect(checked.ok && changedFields(record, checked.fields)).toEqual({});
  });

  it('shows a foreign amount as typed, and sends the whole money when only the kind changed', () => {
    const foreign = { ...record, amountMinor: 9200, originalAmountMinor: 10000, originalCurrency: 'USD', rate: '0.92' };
    const values = valuesFromRecord(foreign, 'en-US');
    expect([values.amount, values.currency, values.rate]).toEqual(['100.00', 'USD', '0.92']);
    const same = checkExpenseForm(values, 'EUR', 'en-US');
    expect(same.ok && changedFields(foreign, same.fields)).toEqual({});
    const income = checkExpenseForm({ ...values, kind: 'income' }, 'EUR', 'en-US');
    expect(income.ok && changedFields(foreign, income.fields)).toEqual({
      amountMinor: 9200,
      kind: 'income',
      originalAmountMinor: 10000,
      originalCurrency: 'USD',
      rate: '0.92',
    });
  });

  it('sends only the fields that changed', () => {
    expect(changedFields(record, { amountMinor: 123456, category: 'Rent', date: '2026-11-02', note: 'late' })).toEqual({
      date: '2026-11-02',
      note: 'late',
    });
  });
});
