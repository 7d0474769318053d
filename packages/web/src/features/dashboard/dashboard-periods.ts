import { toIsoDate } from '../../locale/local-date.js';

export type PeriodKind = 'this-month' | 'last-month' | 'this-year' | 'custom';

export interface DateRange {
  /** First day, inclusive (YYYY-MM-DD). */
  readonly from: string;
  /** Last day, inclusive (YYYY-MM-DD). */
  readonly to: string;
}

function parts(isoDate: string): [number, number] {
  return [Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7))];
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "2026-11" moved by `delta` months ("2026-01", -1 -> "2025-12"). */
export function shiftMonth(month: string, delta: number): string {
  const [year, index] = parts(`${month}-01`);
  const total = year * 12 + (index - 1) + delta;
  return `${String(Math.floor(total / 12)).padStart(4, '0')}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** The first and last day of a month ("2026-02" -> 2026-02-01 .. 2026-02-28). */
export function monthRange(month: string): DateRange {
  const [year, index] = parts(`${month}-01`);
  return { from: toIsoDate(year, index, 1), to: toIsoDate(year, index, daysIn(year, index)) };
}

/** The months of a range of `count` months ending with the month of `today`, oldest first. */
export function trailingMonths(today: string, count: number): { readonly from: string; readonly to: string } {
  const current = today.slice(0, 7);
  return { from: shiftMonth(current, -(count - 1)), to: current };
}

/** The dates a period covers, seen from `today` (the device's calendar date). */
export function periodRange(kind: PeriodKind, today: string, custom: DateRange): DateRange {
  const month = today.slice(0, 7);
  switch (kind) {
    case 'this-month':
      return monthRange(month);
    case 'last-month':
      return monthRange(shiftMonth(month, -1));
    case 'this-year':
      return { from: `${today.slice(0, 4)}-01-01`, to: `${today.slice(0, 4)}-12-31` };
    case 'custom':
      return custom.from <= custom.to ? custom : { from: custom.to, to: custom.from };
  }
}
