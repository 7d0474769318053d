const monthFormatters = new Map<string, Intl.DateTimeFormat>();
const dayFormatters = new Map<string, Intl.DateTimeFormat>();

function cached(
  map: Map<string, Intl.DateTimeFormat>,
  locale: string | undefined,
  options: Intl.DateTimeFormatOptions,
) {
  const key = locale ?? '';
  let value = map.get(key);
  if (!value) {
    // Calendar dates carry no time zone; formatting them in UTC keeps the day what it says.
    value = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
    map.set(key, value);
  }
  return value;
}

function utc(isoDate: string): Date {
  const [year, month, day] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1));
}

/** "November 2026" for the month key "2026-11". */
export function formatMonth(monthKey: string, locale?: string): string {
  return cached(monthFormatters, locale, { month: 'long', year: 'numeric' }).format(utc(`${monthKey}-01`));
}

/** "Sun, Nov 22" for "2026-11-22". */
export function formatDay(isoDate: string, locale?: string): string {
  return cached(dayFormatters, locale, { weekday: 'short', month: 'short', day: 'numeric' }).format(utc(isoDate));
}
