/**
 * Amounts entered in another currency than the wallet's. The rate is an exact decimal string
 * (wallet currency units per one unit of the entered currency); conversion is integer arithmetic
 * on BigInt, rounded half to even, never a float.
 */
import { type AmountParseResult, currencyDigits, decimalToMinor } from './money.js';

/** Up to 12 integer and 12 fractional digits: enough for JPY->KWD and back. */
const RATE = /^(\d{1,12})(?:\.(\d{1,12}))?$/;

/** Largest amount accepted, in hundredths of a major unit (999,999,999.99), as in money.ts. */
const MAX_AMOUNT_HUNDREDTHS = 99_999_999_999n;

export type RateParseResult =
  { readonly ok: true; readonly rate: string } | { readonly ok: false; readonly message: string };

/**
 * Checks a rate and returns its canonical spelling (no leading zeros, no trailing fractional zeros:
 * "0.9200" -> "0.92", "01" -> "1"), so equal rates compare equal as strings.
 */
export function normalizeRate(rate: string): RateParseResult {
  const match = RATE.exec(rate.trim());
  if (!match) {
    return { ok: false, message: 'Rate must be a decimal number like 0.92 (at most 12 digits after the point)' };
  }
  const whole = (match[1] ?? '0').replace(/^0+(?=\d)/, '');
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (/^0*$/.test(whole + fraction)) return { ok: false, message: 'Rate must be greater than 0' };
  return { ok: true, rate: fraction === '' ? whole : `${whole}.${fraction}` };
}

/** Integer quotient num / den (both positive) rounded half to even. */
function divideHalfEven(num: bigint, den: bigint): bigint {
  const quotient = num / den;
  const twiceRemainder = (num % den) * 2n;
  if (twiceRemainder > den) return quotient + 1n;
  if (twiceRemainder === den && quotient % 2n === 1n) return quotient + 1n;
  return quotient;
}

/**
 * Converts `originalMinor` minor units of `from` into minor units of `to` at `rate` (a normalized
 * or at least valid rate string): original × rate × 10^(digits(to) − digits(from)), rounded half to
 * even. Exact for every input: the only rounding is the final one.
 */
export function convertMinor(originalMinor: number | bigint, from: string, to: string, rate: string): bigint {
  const match = RATE.exec(rate.trim());
  if (!match) throw new RangeError(`Not a rate: ${rate}`);
  const fraction = match[2] ?? '';
  const rateUnits = BigInt((match[1] ?? '0') + fraction);
  const num = BigInt(originalMinor) * rateUnits * 10n ** BigInt(currencyDigits(to));
  const den = 10n ** BigInt(fraction.length + currencyDigits(from));
  return divideHalfEven(num, den);
}

/** The wallet-currency amount must be a valid amount too: more than 0 and at most 999,999,999.99. */
export function checkConvertedMinor(minor: bigint, currency: string): AmountParseResult {
  if (minor <= 0n) return { ok: false, message: `The amount converts to 0 ${currency}; check the rate` };
  if (minor * 100n > MAX_AMOUNT_HUNDREDTHS * 10n ** BigInt(currencyDigits(currency))) {
    return { ok: false, message: `The amount converts to more than 999999999.99 ${currency}` };
  }
  return { ok: true, minor: Number(minor) };
}

export interface ConvertedAmount {
  readonly amountMinor: number;
  readonly originalMinor: number;
  readonly rate: string;
}

export type ConversionResult =
  | ({ readonly ok: true } & ConvertedAmount)
  | { readonly ok: false; readonly path: 'amount' | 'rate'; readonly message: string };

/**
 * An amount typed in `from` (decimal string) at `rate`, converted to the wallet's currency `to`:
 * checks the amount against `from`'s digits, the rate, and the converted amount against `to`.
 */
export function convertDecimal(amount: string, from: string, to: string, rate: string): ConversionResult {
  const original = decimalToMinor(amount, from);
  if (!original.ok) return { ok: false, path: 'amount', message: original.message };
  const normalized = normalizeRate(rate);
  if (!normalized.ok) return { ok: false, path: 'rate', message: normalized.message };
  const converted = checkConvertedMinor(convertMinor(original.minor, from, to, normalized.rate), to);
  if (!converted.ok) return { ok: false, path: 'rate', message: converted.message };
  return { ok: true, amountMinor: converted.minor, originalMinor: original.minor, rate: normalized.rate };
}
