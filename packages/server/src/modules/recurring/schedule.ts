import type { DayOfMonth, RecurringFrequency } from '@ttm/contract';

/**
 * When a recurring rule falls due: pure arithmetic on calendar dates (YYYY-MM-DD strings, counted
 * as whole days, no clock and no time zone). The caller decides what "today" is in the wallet's
 * time zone; this module only lists the dates of a schedule.
 *
 * Occurrence k of a schedule is computed from the start date each time, never from the previous
 * occurrence, so a monthly rule on the 31st falls on 28 or 29 February and is back on the 31st in
 * March, and a yearly rule started on 29 February falls on 28 February in common years and on the
 * 29th in leap years.
 */
export interface Schedule {
  readonly startDate: string;
  readonly frequency: RecurringFrequency;
  readonly interval: number;
  /** Monthly rules only: a day (a shorter month uses its last day), 'last', or null for the start date's day. */
  readonly dayOfMonth: DayOfMonth | null;
  /** Last possible occurrence, inclusive. */
  readonly endDate: string | null;
  /** Number of occurrences, counted from the start date. */
  readonly endCount: number | null;
}

const DAY_MS = 86_400_000;
const LAST_YEAR = 9999;

interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function parse(date: string): CalendarDate {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

function format({ year, month, day }: CalendarDate): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function dayNumber(date: string): number {
  const { year, month, day } = parse(date);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function fromDayNumber(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The date `days` days after (or before, when negative) `date`. */
export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

function monthIndex(date: string): number {
  const { year, month } = parse(date);
  return year * 12 + month - 1;
}

/** Months between two occurrences (0 for daily and weekly schedules). */
function monthStep(schedule: Schedule): number {
  if (schedule.frequency === 'monthly') return schedule.interval;
  if (schedule.frequency === 'yearly') return schedule.interval * 12;
  return 0;
}

function dayStep(schedule: Schedule): number {
  return schedule.frequency === 'weekly' ? schedule.interval * 7 : schedule.interval;
}

/**
 * Candidate k of the schedule, or null past year 9999. Only candidate 0 of a monthly rule with
 * its own day of the month can fall before the start date (the 10th when the rule starts on the
 * 15th); it is then not an occurrence.
 */
function candidate(schedule: Schedule, k: number): string | null {
  const step = monthStep(schedule);
  if (step === 0) {
    const date = fromDayNumber(dayNumber(schedule.startDate) + k * dayStep(schedule));
    return parse(date).year > LAST_YEAR ? null : date;
  }
  const index = monthIndex(schedule.startDate) + k * step;
  const year = Math.floor(index / 12);
  if (year > LAST_YEAR) return null;
  const month = (index % 12) + 1;
  const length = daysInMonth(year, month);
  const wanted = schedule.frequency === 'monthly' ? schedule.dayOfMonth : null;
  const day = wanted === 'last' ? length : Math.min(wanted ?? parse(schedule.startDate).day, length);
  return format({ year, month, day });
}

/** 1 when candidate 0 lies before the start date (so candidate k is occurrence number k - 1). */
function skippedFirst(schedule: Schedule): number {
  const first = candidate(schedule, 0);
  return first !== null && first < schedule.startDate ? 1 : 0;
}

/** The smallest k whose candidate is on or after `date` (a lower bound; the caller walks on). */
function firstCandidateIndex(schedule: Schedule, date: string): number {
  const step = monthStep(schedule);
  if (step === 0) {
    const behind = dayNumber(date) - dayNumber(schedule.startDate);
    return Math.max(0, Math.ceil(behind / dayStep(schedule)));
  }
  return Math.max(0, Math.floor((monthIndex(date) - monthIndex(schedule.startDate)) / step));
}

/**
 * The occurrences on or after `from` and on or before `to`, oldest first, at most `limit` of them.
 * The schedule's start date, end date and count bound them too.
 */
export function occurrencesBetween(schedule: Schedule, from: string, to: string, limit: number): string[] {
  const out: string[] = [];
  const lower = from > schedule.startDate ? from : schedule.startDate;
  const upper = schedule.endDate !== null && schedule.endDate < to ? schedule.endDate : to;
  if (lower > upper) return out;
  const skipped = skippedFirst(schedule);
  for (let k = firstCandidateIndex(schedule, lower); out.length < limit; k += 1) {
    if (schedule.endCount !== null && k - skipped >= schedule.endCount) break;
    const date = candidate(schedule, k);
    if (date === null || date > upper) break;
    if (date >= lower) out.push(date);
  }
  return out;
}

/** The first occurrence on or after `date`, or null when the schedule has ended by then. */
export function firstOccurrenceFrom(schedule: Schedule, date: string): string | null {
  return occurrencesBetween(schedule, date, `${String(LAST_YEAR)}-12-31`, 1)[0] ?? null;
}

/** The first occurrence after `date`, or null when the schedule has ended. */
export function occurrenceAfter(schedule: Schedule, date: string): string | null {
  if (date >= `${String(LAST_YEAR)}-12-31`) return null;
  return firstOccurrenceFrom(schedule, addDays(date, 1));
}
