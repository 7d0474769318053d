const percentFormats = new Map<string, Intl.NumberFormat>();

/** "42 %" style shares for labels; anything above zero but under half a percent reads "<1%". */
export function formatShare(share: number, locale?: string): string {
  const key = locale ?? '';
  let format = percentFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
    percentFormats.set(key, format);
  }
  if (share > 0 && share < 0.005) return `<${format.format(0.01)}`;
  return format.format(share);
}
