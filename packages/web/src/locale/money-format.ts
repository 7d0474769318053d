import { currencyDigits, minorToDecimal } from '@ttm/contract';

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: string | undefined, currency: string, style: 'currency' | 'decimal'): Intl.NumberFormat {
  const key = `${locale ?? ''}|${currency}|${style}`;
  let cached = formatters.get(key);
  if (!cached) {
    const digits = currencyDigits(currency);
    cached = new Intl.NumberFormat(locale, {
      style,
      currency: style === 'currency' ? currency : undefined,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatters.set(key, cached);
  }
  return cached;
}

/**
 * Formats integer minor units for display ("€1,234.50", "1.234,50 €"). The value is handed
 * to Intl as an exact decimal string, so no float ever touches the amount.
 */
export function formatMoney(minor: number, currency: string, locale?: string): string {
  return formatter(locale, currency, 'currency').format(minorToDecimal(minor, currency) as `${number}`);
}

/** Formats minor units the way the amount field shows them for editing ("1,234.50"). */
export function formatAmountForInput(minor: number, currency: string, locale?: string): string {
  return formatter(locale, currency, 'decimal').format(minorToDecimal(minor, currency) as `${number}`);
}

/** The symbol a locale writes for a currency ("€", "US$", "¥"), shown beside the amount field. */
export function currencySymbol(currency: string, locale?: string): string {
  const parts = formatter(locale, currency, 'currency').formatToParts(0);
  return parts.find((part) => part.type === 'currency')?.value ?? currency;
}
