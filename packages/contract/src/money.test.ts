import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyDigits, decimalToMinor, minorToDecimal } from './money.js';

describe('currencyDigits', () => {
  it('follows ISO 4217 via Intl: EUR 2, JPY 0, KWD 3', () => {
    expect(currencyDigits('EUR')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('KWD')).toBe(3);
  });
});

describe('decimalToMinor', () => {
  it('converts decimal strings to integer minor units without floats', () => {
    expect(decimalToMinor('12.5', 'EUR')).toEqual({ ok: true, minor: 1250 });
    expect(decimalToMinor('0.10', 'EUR')).toEqual({ ok: true, minor: 10 });
    expect(decimalToMinor('999999999.99', 'EUR')).toEqual({ ok: true, minor: 99_999_999_999 });
    expect(decimalToMinor('1500', 'JPY')).toEqual({ ok: true, minor: 1500 });
    expect(decimalToMinor('1.5', 'KWD')).toEqual({ ok: true, minor: 1500 });
  });

  it('rejects zero, negatives, too many decimals, too large and non-decimal text', () => {
    for (const [value, currency] of [
      ['0', 'EUR'],
      ['0.00', 'EUR'],
      ['-1', 'EUR'],
      ['1.234', 'EUR'],
      ['1.5', 'JPY'],
      ['1000000000', 'EUR'],
      ['999999999.991', 'KWD'],
      ['1e3', 'EUR'],
      ['12,50', 'EUR'],
      ['', 'EUR'],
      [' 1', 'EUR'],
      ['0x10', 'EUR'],
    ] as const) {
      expect(decimalToMinor(value, currency).ok, `${value} ${currency}`).toBe(false);
    }
  });
});

describe('money properties', () => {
  const currency = fc.constantFrom('EUR', 'USD', 'JPY', 'KWD', 'CHF');

  it('minorToDecimal and decimalToMinor round-trip every valid amount', () => {
    fc.assert(
      fc.property(currency, fc.integer({ min: 1, max: 99_999_999_999 }), (code, hundredths) => {
        const digits = currencyDigits(code);
        // Scale the bound to the currency: at most 999,999,999.99 in every currency.
        const minor = digits >= 2 ? hundredths * 10 ** (digits - 2) : Math.max(1, Math.floor(hundredths / 100));
        const decimal = minorToDecimal(minor, code);
        expect(decimal.split('.')[1]?.length ?? 0).toBe(digits);
        expect(decimalToMinor(decimal, code)).toEqual({ ok: true, minor });
      }),
    );
  });

  it('sums of minor units are exact where float sums drift (0.10 + 0.20)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1_000_000 }), { maxLength: 200 }), (cents) => {
        const total = cents.reduce((sum, c) => sum + c, 0);
        const viaDecimals = cents
          .map((c) => minorToDecimal(c, 'EUR'))
          .reduce((sum, d) => {
            const parsed = decimalToMinor(d, 'EUR');
            return parsed.ok ? sum + parsed.minor : Number.NaN;
          }, 0);
        expect(viaDecimals).toBe(total);
        expect(minorToDecimal(total, 'EUR')).toBe(total === 0 ? '0.00' : minorToDecimal(total, 'EUR'));
      }),
    );
    expect(minorToDecimal(10 + 20, 'EUR')).toBe('0.30');
  });
});
