import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertDecimal, convertMinor, normalizeRate } from './currency-conversion.js';
import { currencyDigits, minorToDecimal } from './money.js';

const currency = fc.constantFrom('JPY', 'EUR', 'USD', 'KWD', 'BHD');
const rateDigits = fc.tuple(fc.bigInt({ min: 1n, max: 999_999_999_999n }), fc.integer({ min: 0, max: 12 }));
const rateOf = ([units, scale]: [bigint, number]) => {
  const text = units.toString().padStart(scale + 1, '0');
  return scale === 0 ? text : `${text.slice(0, -scale)}.${text.slice(-scale)}`;
};

describe('normalizeRate', () => {
  it('returns the canonical spelling of valid rates', () => {
    expect(normalizeRate('0.9200')).toEqual({ ok: true, rate: '0.92' });
    expect(normalizeRate('001')).toEqual({ ok: true, rate: '1' });
    expect(normalizeRate('150.0')).toEqual({ ok: true, rate: '150' });
    expect(normalizeRate(' 0.000123 ')).toEqual({ ok: true, rate: '0.000123' });
  });

  it('refuses zero, negatives, exponents, commas and more than 12 decimals', () => {
    for (const rate of ['0', '0.000', '-1', '1e3', '0,92', '', '.5', '1.0000000000001', 'abc']) {
      expect(normalizeRate(rate).ok, rate).toBe(false);
    }
  });
});

describe('convertMinor', () => {
  it('scales between currencies with 0, 2 and 3 decimals', () => {
    // 1,000 JPY at 0.0062 EUR/JPY = 6.20 EUR
    expect(convertMinor(1000, 'JPY', 'EUR', '0.0062')).toBe(620n);
    // 12.50 EUR at 161.5 JPY/EUR = 2018.75 -> 2019 JPY (half to even: 2018.75 is not a tie)
    expect(convertMinor(1250, 'EUR', 'JPY', '161.5')).toBe(2019n);
    // 1.500 KWD at 3.25 USD/KWD = 4.875 USD -> 4.88 (tie, 7 is odd so up)
    expect(convertMinor(1500, 'KWD', 'USD', '3.25')).toBe(488n);
    // 10.00 EUR at 0.3385 KWD/EUR = 3.385 KWD exactly
    expect(convertMinor(1000, 'EUR', 'KWD', '0.3385')).toBe(3385n);
  });

  it('rounds ties half to even', () => {
    // 0.25 EUR at 0.1 = 0.025 -> 0.02; 0.35 EUR at 0.1 = 0.035 -> 0.04
    expect(convertMinor(25, 'EUR', 'USD', '0.1')).toBe(2n);
    expect(convertMinor(35, 'EUR', 'USD', '0.1')).toBe(4n);
    // 5 JPY at 0.5 = 2.5 -> 2; 7 JPY at 0.5 = 3.5 -> 4
    expect(convertMinor(5, 'JPY', 'JPY', '0.5')).toBe(2n);
    expect(convertMinor(7, 'JPY', 'JPY', '0.5')).toBe(4n);
  });

  it('is the exact product rounded half to even, for any amount, rate and pair', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 999_999_999_999n }),
        rateDigits,
        currency,
        currency,
        (minor, rate, from, to) => {
          const [units, scale] = rate;
          const converted = convertMinor(minor, from, to, rateOf(rate));
          // Exact value = minor × units × 10^to / 10^(scale + from), compared in integers.
          const num = minor * units * 10n ** BigInt(currencyDigits(to));
          const den = 10n ** BigInt(scale + currencyDigits(from));
          const distance = converted * den - num;
          const twice = 2n * (distance < 0n ? -distance : distance);
          expect(twice <= den).toBe(true);
          if (twice === den) expect(converted % 2n).toBe(0n);
        },
      ),
    );
  });

  it('is the identity at rate 1 between currencies with the same decimals, and monotonic in the amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000_000 }),
        fc.integer({ min: 1, max: 1000 }),
        rateDigits,
        (a, step, rate) => {
          expect(convertMinor(a, 'EUR', 'USD', '1')).toBe(BigInt(a));
          expect(convertMinor(a, 'KWD', 'BHD', '1.000')).toBe(BigInt(a));
          const r = rateOf(rate);
          expect(convertMinor(a + step, 'JPY', 'KWD', r) >= convertMinor(a, 'JPY', 'KWD', r)).toBe(true);
        },
      ),
    );
  });

  it('moves the decimal point exactly at rate 1 between 0, 2 and 3 decimal currencies', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999_999 }), (major) => {
        expect(convertMinor(major, 'JPY', 'EUR', '1')).toBe(BigInt(major) * 100n);
        expect(convertMinor(major * 100, 'EUR', 'KWD', '1')).toBe(BigInt(major) * 1000n);
        expect(convertMinor(major * 1000, 'BHD', 'JPY', '1')).toBe(BigInt(major));
        expect(minorToDecimal(convertMinor(major, 'JPY', 'KWD', '1'), 'KWD')).toBe(`${String(major)}.000`);
      }),
    );
  });
});

describe('convertDecimal', () => {
  it('checks the amount against the entered currency and the result against the wallet currency', () => {
    expect(convertDecimal('100', 'USD', 'EUR', '0.92')).toEqual({
      ok: true,
      amountMinor: 9200,
      originalMinor: 10000,
      rate: '0.92',
    });
    expect(convertDecimal('1.5', 'JPY', 'EUR', '0.0062')).toMatchObject({ ok: false, path: 'amount' });
    expect(convertDecimal('1', 'JPY', 'EUR', '0.001')).toMatchObject({ ok: false, path: 'rate' });
    expect(convertDecimal('999999999', 'EUR', 'JPY', '160')).toMatchObject({ ok: false, path: 'rate' });
    expect(convertDecimal('10', 'USD', 'EUR', '0')).toMatchObject({ ok: false, path: 'rate' });
  });
});
