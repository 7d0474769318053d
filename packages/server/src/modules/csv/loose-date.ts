import { isCalendarDate } from '@ttm/contract';

export type DateOrder = 'ymd' | 'dmy' | 'mdy';

const ISO_LIKE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ][\d:.+\-Z]*)?$/;
const DAY_FIRST_OR_MONTH_FIRST = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$/;

export type LooseDate = { readonly ok: true; readonly date: string } | { readonly ok: false; readonly message: string };

function build(year: number, month: number, day: number, raw: string): LooseDate {
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isCalendarDate(date) ? { ok: true, date } : { ok: false, message: `"${raw}" is not a real date` };
}

/** What a set of a/b/year dates allows: 'dmy' if some first part is over 12, 'mdy' if some second is. */
export function detectDateOrder(values: readonly string[]): DateOrder | 'ambiguous' | 'conflict' {
  let dayFirst = false;
  let monthFirst = false;
  let sawShort = false;
  for (const value of values) {
    const match = DAY_FIRST_OR_MONTH_FIRST.exec(value.trim());
    if (!match) continue;
    sawShort = true;
    if (Number(match[1]) > 12) dayFirst = true;
    if (Number(match[2]) > 12) monthFirst = true;
  }
  if (dayFirst && monthFirst) return 'conflict';
  if (dayFirst) return 'dmy';
  if (monthFirst) return 'mdy';
  return sawShort ? 'ambiguous' : 'ymd';
}

/** ISO (2026-11-22, also with / or . and a time part) or day/month/year and month/day/year. */
export function parseLooseDate(raw: string, order: DateOrder | 'ambiguous'): LooseDate {
  const text = raw.trim();
  const iso = ISO_LIKE.exec(text);
  if (iso) return build(Number(iso[1]), Number(iso[2]), Number(iso[3]), raw);
  const short = DAY_FIRST_OR_MONTH_FIRST.exec(text);
  if (!short) return { ok: false, message: `"${raw}" is not a date (use YYYY-MM-DD, DD/MM/YYYY or MM/DD/YYYY)` };
  if (order === 'ymd') return { ok: false, message: `"${raw}" is not written as YYYY-MM-DD` };
  const [a, b] = [Number(short[1]), Number(short[2])];
  const yearText = short[3] ?? '';
  const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
  if (order === 'ambiguous' && a !== b) {
    return { ok: false, message: `"${raw}" could be day/month or month/day: pass dateFormat=dmy or dateFormat=mdy` };
  }
  return order === 'mdy' ? build(year, a, b, raw) : build(year, b, a, raw);
}
