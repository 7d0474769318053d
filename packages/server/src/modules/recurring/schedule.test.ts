import { describe, expect, it } from 'vitest';
import { addDays, firstOccurrenceFrom, occurrenceAfter, occurrencesBetween, type Schedule } from './schedule.js';

function schedule(overrides: Partial<Schedule>): Schedule {
  return {
    startDate: '2026-01-31',
    frequency: 'monthly',
    interval: 1,
    dayOfMonth: null,
    endDate: null,
    endCount: null,
    ...overrides,
  };
}

const all = (rule: Schedule, from: string, to: string) => occurrencesBetween(rule, from, to, 1000);

describe('occurrencesBetween', () => {
  it('puts a monthly rule started on the 31st on the last day of shorter months and back on the 31st after', () => {
    expect(all(schedule({}), '2026-01-01', '2026-05-31')).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
    ]);
  });

  it('falls on 29 February in a leap year for a monthly rule on the 30th', () => {
    expect(all(schedule({ startDate: '2028-01-30' }), '2028-01-01', '2028-03-31')).toEqual([
      '2028-01-30',
      '2028-02-29',
      '2028-03-30',
    ]);
  });

  it('keeps a yearly rule started on a leap day on 28 February in common years and 29 February in leap years', () => {
    expect(all(schedule({ startDate: '2024-02-29', frequency: 'yearly' }), '2024-01-01', '2029-12-31')).toEqual([
      '2024-02-29',
      '2025-02-28',
      '2026-02-28',
      '2027-02-28',
      '2028-02-29',
      '2029-02-28',
    ]);
  });

  it('uses the last day of every month for dayOfMonth "last", and skips a chosen day that falls before the start', () => {
    expect(all(schedule({ startDate: '2026-02-10', dayOfMonth: 'last' }), '2026-01-01', '2026-04-30')).toEqual([
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
    ]);
    expect(all(schedule({ startDate: '2026-02-15', dayOfMonth: 10 }), '2026-01-01', '2026-04-30')).toEqual([
      '2026-03-10',
      '2026-04-10',
    ]);
  });

  it('counts occurrences from the start date, so a count of 3 ends after the third wherever the window starts', () => {
    const rule = schedule({ startDate: '2026-02-15', dayOfMonth: 10, endCount: 3 });
    expect(all(rule, '2026-01-01', '2027-12-31')).toEqual(['2026-03-10', '2026-04-10', '2026-05-10']);
    expect(all(rule, '2026-05-01', '2027-12-31')).toEqual(['2026-05-10']);
    expect(occurrenceAfter(rule, '2026-05-10')).toBeNull();
  });

  it('steps daily and weekly rules by their interval, up to an inclusive end date', () => {
    expect(
      all(schedule({ startDate: '2026-12-30', frequency: 'daily', interval: 2 }), '2026-12-30', '2027-01-05'),
    ).toEqual(['2026-12-30', '2027-01-01', '2027-01-03', '2027-01-05']);
    expect(
      all(
        schedule({ startDate: '2026-11-02', frequency: 'weekly', interval: 1, endDate: '2026-11-23' }),
        '2026-11-01',
        '2026-12-31',
      ),
    ).toEqual(['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23']);
  });

  it('starts a window in the middle of a long schedule without walking from the start', () => {
    const rule = schedule({ startDate: '2000-01-01', frequency: 'daily', interval: 3 });
    // 2026-11-22 is 9,822 days (a multiple of 3) after 2000-01-01.
    expect(all(rule, '2026-11-20', '2026-11-28')).toEqual(['2026-11-22', '2026-11-25', '2026-11-28']);
    // 2026-01 is 310 months (62 steps of 5) after 2000-03.
    expect(all(schedule({ startDate: '2000-03-31', interval: 5 }), '2026-01-01', '2026-12-31')).toEqual([
      '2026-01-31',
      '2026-06-30',
      '2026-11-30',
    ]);
  });

  it('returns at most `limit` dates, oldest first', () => {
    expect(occurrencesBetween(schedule({ frequency: 'daily' }), '2026-01-31', '2026-12-31', 3)).toEqual([
      '2026-01-31',
      '2026-02-01',
      '2026-02-02',
    ]);
  });

  it('is empty before the start date and after the end date', () => {
    expect(all(schedule({ startDate: '2026-06-01' }), '2026-01-01', '2026-05-31')).toEqual([]);
    expect(all(schedule({ endDate: '2026-03-01' }), '2026-04-01', '2026-12-31')).toEqual([]);
  });
});

describe('firstOccurrenceFrom and occurrenceAfter', () => {
  it('finds the next occurrence on or after a date, and null once the schedule has ended', () => {
    const rule = schedule({ endDate: '2026-04-30' });
    expect(firstOccurrenceFrom(rule, '2026-02-01')).toBe('2026-02-28');
    expect(firstOccurrenceFrom(rule, '2026-02-28')).toBe('2026-02-28');
    expect(occurrenceAfter(rule, '2026-02-28')).toBe('2026-03-31');
    expect(occurrenceAfter(rule, '2026-04-30')).toBeNull();
    expect(occurrenceAfter(schedule({ frequency: 'yearly', startDate: '9999-12-31' }), '9999-12-31')).toBeNull();
  });
});

describe('addDays', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
