import { describe, expect, it } from 'vitest';
import { parseLooseAmount } from './loose-amount.js';

describe('parseLooseAmount', () => {
  it.each([
    ['1,234.56', 123456, false],
    ['1.234,56', 123456, false],
    ['-12.50 €', 1250, true],
    ['€12.50', 1250, false],
    ['€ 12.50', 1250, false],
    ['(12.50)', 1250, true],
    ["1'234.50", 123450, false],
    ['12.50-', 1250, true],
    ['−12,50', 1250, true],
    ['+12.50', 1250, false],
    ['12,5', 1250, false],
    ['0.10', 10, false],
    ['  7  ', 700, false],
    ['1 234,56', 123456, false],
    ['1\u00a0234,56', 123456, false],
    ['1,234,567.89', 123456789, false],
    ['1.234.567,89', 123456789, false],
    ['12.50 EUR', 1250, false],
  ])('reads %j in EUR as %i minor units (negative: %s)', (raw, minor, negative) => {
    expect(parseLooseAmount(raw, 'EUR')).toEqual({ ok: true, minor, negative });
  });

  it('reads a single separator followed by exactly three digits as a thousands separator when not told otherwise', () => {
    expect(parseLooseAmount('1,234', 'EUR')).toEqual({ ok: true, minor: 123400, negative: false });
    expect(parseLooseAmount('1.234', 'EUR')).toEqual({ ok: true, minor: 123400, negative: false });
  });

  it('follows a given decimal separator over detection', () => {
    expect(parseLooseAmount('1.234', 'KWD', '.')).toEqual({ ok: true, minor: 1234, negative: false });
    expect(parseLooseAmount('1,234', 'KWD', ',')).toEqual({ ok: true, minor: 1234, negative: false });
    expect(parseLooseAmount('1.234', 'EUR', ',')).toEqual({ ok: true, minor: 123400, negative: false });
    expect(parseLooseAmount('12,50', 'EUR', ',')).toEqual({ ok: true, minor: 1250, negative: false });
    expect(parseLooseAmount('1,250', 'EUR', '.')).toEqual({ ok: true, minor: 125000, negative: false });
  });

  it('reads JPY amounts without minor digits and rejects JPY amounts with decimals', () => {
    expect(parseLooseAmount('1500', 'JPY')).toEqual({ ok: true, minor: 1500, negative: false });
    expect(parseLooseAmount('1,500', 'JPY')).toEqual({ ok: true, minor: 1500, negative: false });
    expect(parseLooseAmount('-¥1,500', 'JPY')).toEqual({ ok: true, minor: 1500, negative: true });
    const decimals = parseLooseAmount('12.5', 'JPY');
    expect(decimals.ok).toBe(false);
    expect(decimals.ok ? '' : decimals.message).toContain('JPY amounts have no decimal places');
  });

  it('reads KWD amounts with three minor digits and rejects a fourth', () => {
    expect(parseLooseAmount('1.5', 'KWD')).toEqual({ ok: true, minor: 1500, negative: false });
    expect(parseLooseAmount('1,234.567', 'KWD')).toEqual({ ok: true, minor: 1234567, negative: false });
    expect(parseLooseAmount('1.2345', 'KWD').ok).toBe(false);
  });

  it('reads "0.500" as a decimal, since a thousands group never follows a lone zero', () => {
    expect(parseLooseAmount('0.500', 'KWD')).toEqual({ ok: true, minor: 500, negative: false });
    expect(parseLooseAmount('0,250', 'KWD')).toEqual({ ok: true, minor: 250, negative: false });
  });

  it('rejects more decimals than the currency has', () => {
    const result = parseLooseAmount('12.505', 'EUR', '.');
    expect(result).toEqual({ ok: false, message: '"12.505": EUR amounts have at most 2 decimal places' });
  });

  it.each(['', '   ', 'abc', '€', '--', '()', 'twelve', '.', ',', 'n/a'])('rejects %j as not an amount', (raw) => {
    const result = parseLooseAmount(raw, 'EUR');
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toContain(`"${raw}"`);
  });

  it('rejects zero and amounts above 999,999,999.99', () => {
    expect(parseLooseAmount('0.00', 'EUR').ok).toBe(false);
    expect(parseLooseAmount('-0,00 €', 'EUR').ok).toBe(false);
    expect(parseLooseAmount('1,000,000,000.00', 'EUR').ok).toBe(false);
    expect(parseLooseAmount('999,999,999.99', 'EUR')).toEqual({ ok: true, minor: 99999999999, negative: false });
  });

  it('rejects two decimal separators after the thousands are removed', () => {
    expect(parseLooseAmount('1.234,56,78', 'EUR').ok).toBe(false);
  });
});
