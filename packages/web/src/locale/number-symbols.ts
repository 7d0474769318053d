export interface NumberSymbols {
  readonly decimal: string;
  readonly group: string;
}

const cache = new Map<string, NumberSymbols>();

/** The decimal and grouping separators a locale writes numbers with. */
export function numberSymbols(locale: string | undefined): NumberSymbols {
  const cacheKey = locale ?? '';
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const parts = new Intl.NumberFormat(locale, { useGrouping: true }).formatToParts(1234567.5);
  const symbols: NumberSymbols = {
    decimal: parts.find((part) => part.type === 'decimal')?.value ?? '.',
    group: parts.find((part) => part.type === 'group')?.value ?? ',',
  };
  cache.set(cacheKey, symbols);
  return symbols;
}
