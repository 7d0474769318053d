import { describe, expect, it } from 'vitest';
import { isCalendarDate } from '../dates.js';
import { decimalToMinor } from '../money.js';
import { categoryKey } from '../text.js';
import { CreateExpenseBodySchema, UpdateExpenseBodySchema } from './expenses.js';
import { RegisterBodySchema } from './auth.js';

describe('calendar dates', () => {
  it('accepts real dates only', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2026-12-31')).toBe(true);
    for (const bad of [
      '2026-02-30',
      '2025-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-1-1',
      '20260101',
      '2026-01-01T00:00',
    ])
      expect(isCalendarDate(bad), bad).toBe(false);
  });
});

describe('CreateExpenseBodySchema', () => {
  it('normalises numbers to decimal strings and trims the category', () => {
    const parsed = CreateExpenseBodySchema.parse({ amount: 12.5, category: '  Food ', date: '2026-11-22' });
    expect(parsed).toEqual({ amount: '12.5', category: 'Food', date: '2026-11-22' });
  });

  it('rejects unknown fields, float noise and NUL characters', () => {
    expect(
      CreateExpenseBodySchema.safeParse({ amount: '1', category: 'a', date: '2026-01-01', extra: 1 }).success,
    ).toBe(false);
    // Float noise passes the shape check but can never become a currency amount.
    const noisy = CreateExpenseBodySchema.parse({ amount: 0.1 + 0.2, category: 'a', date: '2026-01-01' });
    expect(decimalToMinor(noisy.amount, 'EUR').ok).toBe(false);
    expect(CreateExpenseBodySchema.safeParse({ amount: '1,50', category: 'a', date: '2026-01-01' }).success).toBe(
      false,
    );
    expect(CreateExpenseBodySchema.safeParse({ amount: '1', category: 'a\u0000', date: '2026-01-01' }).success).toBe(
      false,
    );
    expect(
      CreateExpenseBodySchema.safeParse({ amount: '1', category: 'a', date: '2026-01-01', note: '\ud800' }).success,
    ).toBe(false);
  });

  it('requires at least one field in an update', () => {
    expect(UpdateExpenseBodySchema.safeParse({}).success).toBe(false);
    expect(UpdateExpenseBodySchema.safeParse({ note: null }).success).toBe(true);
  });
});

describe('identity rules', () => {
  it('treats categories case- and space-insensitively and emails trimmed lower-case', () => {
    expect(categoryKey(' Food')).toBe(categoryKey('food'));
    expect(RegisterBodySchema.parse({ email: ' A@B.CO ', password: '12345678x' }).email).toBe('a@b.co');
  });
});
