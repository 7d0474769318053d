/**
 * Money helpers shared by the server and the clients. Amounts are integer minor units
 * (cents) in storage and arithmetic, decimal strings with exactly the currency's minor
 * digits on the wire. No floats are ever used for money.
 */

/** Largest amount accepted, in major units: 999,999,999.99. */
const MAX_AMOUNT_HUNDREDTHS = 99_999_999_999n;

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

const digitsCache = new Map<string, number>();

/** ISO 4217 codes the runtime's Intl knows; used to validate wallet currencies. */
export function isKnownCurrency(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  const supported = Intl.supportedValuesOf('currency');
  return supported.includes(code);
}

/** Number of minor digits of a currency (2 for EUR, 0 for JPY, 3 for KWD), from Intl. */
export function currencyDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, digits);
  }
  return digits;
}

export type AmountParseResult =
  { readonly ok: true; readonly minor: number } | { readonly ok: false; readonly message: string };

/**
 * Converts a plain decimal string ("12.5", "0.10") into minor units of `currency`.
 * Rejects zero, more decimals than the currency has, and amounts above the maximum.
 */
export function decimalToMinor(decimal: string, currency: string): AmountParseResult {
  if (/^-\d/.test(decimal)) return { ok: false, message: 'Amount must be greater than 0' };
  const match = DECIMAL.exec(decimal);
  if (!match) return { ok: false, message: 'Amount must be a positive decimal number like 12.50' };
  const digits = currencyDigits(currency);
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  if (fraction.length > digits) {
    return {
      ok: false,
      message:
        digits === 0
          ? `${currency} amounts have no decimal places`
          : `${currency} amounts have at most ${String(digits)} decimal places`,
    };
  }
  const minor = BigInt(whole) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0');
  if (minor <= 0n) return { ok: false, message: 'Amount must be greater than 0' };
  // Compare in hundredths scaled to the currency so the limit is the same for every currency.
  if (minor * 100n > MAX_AMOUNT_HUNDREDTHS * 10n ** BigInt(digits)) {
    return { ok: false, message: 'Amount must be at most 999999999.99' };
  }
  return { ok: true, minor: Number(minor) };
}

/** Formats minor units as a wire decimal string with exactly the currency's digits. */
export function minorToDecimal(minor: number | bigint, currency: string): string {
  const digits = currencyDigits(currency);
  const value = BigInt(minor);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const scale = 10n ** BigInt(digits);
  const whole = (abs / scale).toString();
  const sign = negative ? '-' : '';
  if (digits === 0) return sign + whole;
  const fraction = (abs % scale).toString().padStart(digits, '0');
  return `${sign}${whole}.${fraction}`;
}

/**
 * Turns a JSON number into the decimal string it was written as. `12.5` -> "12.5".
 * Numbers that only print in exponent form (1e21, 1e-7) come out as such and fail
 * validation, which is what we want: nobody types money like that.
 */
export function numberToDecimal(value: number): string {
  return String(value);
}
