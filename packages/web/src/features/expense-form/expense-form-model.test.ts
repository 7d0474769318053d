import { describe, expect, it } from 'vitest';
import type { ExpenseRecord } from '../../local-db/records.js';
import { changedFields, checkExpenseForm, valuesFromRecord } from './expense-form-model.js';

const VALID = { amount: '12,50', category: '  Groceries ', date: '2026-11-22', note: '' };

describe('checkExpenseForm', () => {
  it('turns valid input into integer minor units, a trimmed category and a null note', () => {
    expect(checkExpenseForm(VALID, 'EUR', 'de-DE')).toEqual({
      ok: true,
      fields: { amountMinor: 1250, category: 'Groceries', date: '2026-11-22', note: null },
    });
  });

  it('keeps a note byte-for-byte', () => {
    const result = checkExpenseForm({ ...VALID, note: '  two spaces, ünïcödé 🙂 ' }, 'EUR', 'en-US');
    expect(result.ok && result.fields.note).toBe('  two spaces, ünïcödé 🙂 ');
  });

  it('reports every invalid field with the schema messages', () => {
    const result = checkExpenseForm(
      { amount: '0', category: ' ', date: '2026-02-30', note: 'x'.repeat(1001) },
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

  it('sends only the fields that changed', () => {
    expect(changedFields(record, { amountMinor: 123456, category: 'Rent', date: '2026-11-02', note: 'late' })).toEqual({
      date: '2026-11-02',
      note: 'late',
    });
  });
});
