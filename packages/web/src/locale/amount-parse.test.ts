import { currencyDigits, minorToDecimal } from '@ttm/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAmount } from './amount-parse.js';
import { formatAmountForInput } from './money-format.js';

function minor(input: string, currency = 'EUR', locale = 'en-US'): number | string {
  const result = parseAmount(input, currency, locale);
  return result.ok ? result.minor : result.message;
}

describe('parseAmount', () => {
  it('reads a comma or a dot as the decimal mark when fewer or more than three digits follow', () => {
    expect(minor('12,50')).toBe(1250);
    expect(minor('12.50')).toBe(1250);
    expect(minor('12,5', 'EUR', 'de-DE')).toBe(1250);
    expect(minor('0.07')).toBe(7);
    expect(minor(',5')).toBe(50);
    expect(minor('12.')).toBe(1200);
  });

  it('reads grouped thousands in both notations', () => {
    expect(minor('1.234,56')).toBe(123456);
    expect(minor('1,234.56', 'EUR', 'de-DE')).toBe(123456);
    expect(minor('1 234,56', 'EUR', 'fr-FR')).toBe(123456);
    expect(minor('1\u202f234,56', 'EUR', 'fr-FR')).toBe(123456);
    expect(minor("1'234.56", 'CHF', 'de-CH')).toBe(123456);
    expect(minor('1.234.567', 'EUR', 'de-DE')).toBe(123456700);
    expect(minor('1,234,567.89')).toBe(123456789);
  });

  it('lets the browser locale decide a lone separator followed by three digits', () => {
    expect(minor('1,234', 'EUR', 'en-US')).toBe(123400);
    expect(minor('1.234', 'EUR', 'de-DE')).toBe(123400);
    expect(minor('1.234', 'KWD', 'en-US')).toBe(1234);
    expect(minor('12,500', 'EUR', 'de-DE')).toBe(1250);
  });

  it('keeps the currency minor digits: none for JPY, three for KWD', () => {
    expect(minor('1500', 'JPY')).toBe(1500);
    expect(minor('15.5', 'JPY')).toBe('JPY amounts have no decimal places');
    expect(minor('1.005', 'KWD')).toBe(1005);
    expect(minor('12.345', 'EUR', 'en-US')).toBe('EUR amounts have at most 2 decimal places');
  });

  it('refuses empty, zero, negative, over-limit and non-numeric input with a message', () => {
    expect(minor('')).toBe('Enter an amount');
    expect(minor('   ')).toBe('Enter an amount');
    expect(minor('0,00')).toBe('Amount must be greater than 0');
    expect(minor('-5')).toBe('Amount must be greater than 0');
    expect(minor('1000000000')).toBe('Amount must be at most 999999999.99');
    expect(minor('12a')).toBe('Amount must be a number like 12.50');
    expect(minor('1.2.3,4,5')).toBe('Amount must be a number like 12.50');
    expect(minor('1e5')).toBe('Amount must be a number like 12.50');
  });

  const currencies = fc.constantFrom('EUR', 'USD', 'JPY', 'KWD', 'CHF', 'INR');
  const locales = fc.constantFrom(
    'en-US',
    'en-GB',
    'de-DE',
    'fr-FR',
    'de-CH',
    'es-ES',
    'it-IT',
    'en-IN',
    'pt-BR',
    'nl-NL',
  );
  const amounts = (currency: string) =>
    fc.integer({ min: 1, max: Math.floor((99_999_999_999 * 10 ** currencyDigits(currency)) / 100) });

  it('reads back what Intl writes for every locale and currency (property)', () => {
    fc.assert(
      fc.property(
        currencies.chain((currency) => fc.tuple(fc.constant(currency), amounts(currency))),
        locales,
        ([currency, value], locale) => {
          const written = formatAmountForInput(value, currency, locale);
          expect(parseAmount(written, currency, locale)).toEqual({ ok: true, minor: value });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads back the wire decimal in every locale (property)', () => {
    fc.assert(
      fc.property(
        currencies.chain((currency) => fc.tuple(fc.constant(currency), amounts(currency))),
        locales,
        ([currency, value], locale) => {
          const wire = minorToDecimal(value, currency);
          // A lone dot with three digits after it is a decimal mark only where the locale says so.
          fc.pre(!/^\d{1,3}\.\d{3}$/.test(wire));
          expect(parseAmount(wire, currency, locale)).toEqual({ ok: true, minor: value });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads the comma form of any two-decimal amount whatever the locale (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999_999_999 }), locales, (value, locale) => {
        const commaForm = minorToDecimal(value, 'EUR').replace('.', ',');
        expect(parseAmount(commaForm, 'EUR', locale)).toEqual({ ok: true, minor: value });
      }),
      { numRuns: 1000 },
    );
  });
});
