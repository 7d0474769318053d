import { currencyDigits } from '@ttm/contract';

const WIRE_DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * A decimal string from the server ("12.50", "0.00", "-3.10": totals, limits, what remains)
 * as integer minor units. The contract's decimalToMinor takes only positive input amounts;
 * this one reads zero and negatives too, and never goes through a float.
 */
export function wireToMinor(decimal: string, currency: string): number {
  const match = WIRE_DECIMAL.exec(decimal);
  if (!match) throw new Error(`Not a decimal amount: ${decimal}`);
  const digits = currencyDigits(currency);
  const fraction = (match[3] ?? '').padEnd(digits, '0');
  if (fraction.length > digits) throw new Error(`${decimal} has more than ${String(digits)} decimals`);
  const minor = BigInt(match[2] ?? '0') * 10n ** BigInt(digits) + BigInt(fraction || '0');
  return Number(match[1] ? -minor : minor);
}
