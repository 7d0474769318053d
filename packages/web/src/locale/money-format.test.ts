import { describe, expect, it } from 'vitest';
import { currencySymbol, formatMoney } from './money-format.js';
import { formatDay, formatMonth } from './date-format.js';
import { todayLocal } from './local-date.js';

describe('formatMoney', () => {
  it('formats minor units with the currency and the locale conventions', () => {
    expect(formatMoney(123456, 'EUR', 'en-US')).toBe('€1,234.56');
    expect(formatMoney(123456, 'EUR', 'de-DE')).toBe('1.234,56\u00a0€');
    expect(formatMoney(1500, 'JPY', 'ja-JP')).toBe('￥1,500');
    expect(formatMoney(1005, 'KWD', 'en-US')).toBe('KWD\u00a01.005');
    expect(formatMoney(5, 'USD', 'en-US')).toBe('$0.05');
  });

  it('is exact for amounts beyond float precision of cents', () => {
    expect(formatMoney(99_999_999_999, 'EUR', 'en-US')).toBe('€999,999,999.99');
    expect(formatMoney(4_503_599_627_370_497, 'EUR', 'en-US')).toBe('€45,035,996,273,704.97');
  });

  it('shows the symbol of the currency for the amount field', () => {
    expect(currencySymbol('EUR', 'en-US')).toBe('€');
    expect(currencySymbol('USD', 'en-US')).toBe('$');
  });
});

describe('dates', () => {
  it('formats calendar dates without shifting them by the time zone', () => {
    expect(formatMonth('2026-11', 'en-US')).toBe('November 2026');
    expect(formatDay('2026-11-01', 'en-US')).toBe('Sun, Nov 1');
  });

  it('takes today from the local calendar, not UTC', () => {
    expect(todayLocal(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
    expect(todayLocal(new Date(2026, 11, 31, 0, 1))).toBe('2026-12-31');
  });
});
