import { currencyDigits, decimalToMinor } from '@ttm/contract';

export type LooseAmount =
  | { readonly ok: true; readonly minor: number; readonly negative: boolean }
  | { readonly ok: false; readonly message: string };

/**
 * Reads the amount styles banks and spreadsheets write: "1,234.56", "1.234,56", "-12.50 €",
 * "€ 12.50", "(12.50)", "1'234.50", "12.50-". The decimal separator is detected per value unless
 * given; a single separator followed by exactly three digits is read as a thousands separator.
 */
export function parseLooseAmount(raw: string, currency: string, decimalSeparator?: '.' | ','): LooseAmount {
  let text = raw.trim();
  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1).trim();
  }
  if (/^[-−]/.test(text) || /[-−]$/.test(text)) negative = true;
  const stripped = text.replace(/[-−+]/g, '').replace(/[\s\u00a0\u202f']/g, '');
  const numeric = stripped.replace(/^[^\d.,]+|[^\d.,]+$/g, '');
  if (!/^[\d.,]+$/.test(numeric) || !/\d/.test(numeric)) {
    return { ok: false, message: `"${raw}" is not an amount` };
  }
  let separator = decimalSeparator;
  if (separator === undefined) {
    const lastDot = numeric.lastIndexOf('.');
    const lastComma = numeric.lastIndexOf(',');
    if (lastDot >= 0 && lastComma >= 0) separator = lastDot > lastComma ? '.' : ',';
    else if (lastDot >= 0 || lastComma >= 0) {
      const mark = lastDot >= 0 ? '.' : ',';
      const occurrences = numeric.split(mark).length - 1;
      const digitsAfter = numeric.length - numeric.lastIndexOf(mark) - 1;
      // "1,234" is a thousand and 234 in 2-digit currencies; "0.500" and 3-digit currencies are decimals.
      const looksDecimal = digitsAfter !== 3 || currencyDigits(currency) === 3 || /^0?[.,]/.test(numeric);
      separator = occurrences === 1 && looksDecimal ? mark : mark === '.' ? ',' : '.';
    } else separator = '.';
  }
  const thousands = separator === '.' ? ',' : '.';
  const parts = numeric.replaceAll(thousands, '').split(separator);
  if (parts.length > 2) return { ok: false, message: `"${raw}" is not an amount` };
  const decimal = parts.length === 2 ? `${parts[0] || '0'}.${parts[1] ?? ''}` : (parts[0] ?? '');
  const parsed = decimalToMinor(decimal.replace(/\.$/, ''), currency);
  return parsed.ok
    ? { ok: true, minor: parsed.minor, negative }
    : { ok: false, message: `"${raw}": ${parsed.message}` };
}
