import { describe, expect, it } from 'vitest';
import { detectDateOrder, parseLooseDate } from './loose-date.js';

describe('parseLooseDate', () => {
  it.each([
    ['2026-11-22', '2026-11-22'],
    ['2026/11/22', '2026-11-22'],
    ['2026.11.22', '2026-11-22'],
    ['2026-1-5', '2026-01-05'],
    ['  2026-11-22  ', '2026-11-22'],
    ['2026-11-22T10:15:00Z', '2026-11-22'],
    ['2026-11-22 10:15:00', '2026-11-22'],
    ['2028-02-29', '2028-02-29'],
  ])('reads ISO-style %j as %s whatever the order', (raw, date) => {
    for (const order of ['ymd', 'dmy', 'mdy', 'ambiguous'] as const) {
      expect(parseLooseDate(raw, order)).toEqual({ ok: true, date });
    }
  });

  it.each([
    ['22.11.2026', 'dmy', '2026-11-22'],
    ['22/11/2026', 'dmy', '2026-11-22'],
    ['03/04/2026', 'dmy', '2026-04-03'],
    ['3-4-2026', 'dmy', '2026-04-03'],
    ['11/22/2026', 'mdy', '2026-11-22'],
    ['03/04/2026', 'mdy', '2026-03-04'],
    ['29.02.2028', 'dmy', '2028-02-29'],
  ] as const)('reads %j with order %s as %s', (raw, order, date) => {
    expect(parseLooseDate(raw, order)).toEqual({ ok: true, date });
  });

  it('reads two-digit years as 20YY', () => {
    expect(parseLooseDate('22.11.26', 'dmy')).toEqual({ ok: true, date: '2026-11-22' });
    expect(parseLooseDate('11/22/26', 'mdy')).toEqual({ ok: true, date: '2026-11-22' });
    expect(parseLooseDate('01/02/00', 'dmy')).toEqual({ ok: true, date: '2000-02-01' });
  });

  it('refuses an ambiguous day/month date without an order and names dateFormat', () => {
    const result = parseLooseDate('03/04/2026', 'ambiguous');
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toMatch(/dateFormat=dmy.*dateFormat=mdy/);
  });

  it('reads a date whose day equals its month without an order, since both readings agree', () => {
    expect(parseLooseDate('04/04/2026', 'ambiguous')).toEqual({ ok: true, date: '2026-04-04' });
  });

  it('refuses a day-first date when the file is ISO (order ymd)', () => {
    const result = parseLooseDate('22.11.2026', 'ymd');
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toContain('YYYY-MM-DD');
  });

  it.each([
    ['2026-02-29', 'ymd'],
    ['2026-13-01', 'ymd'],
    ['2026-00-10', 'ymd'],
    ['31/04/2026', 'dmy'],
    ['30.02.2026', 'dmy'],
    ['13/13/2026', 'mdy'],
    ['02/30/2026', 'mdy'],
  ] as const)('rejects the impossible date %j (order %s)', (raw, order) => {
    expect(parseLooseDate(raw, order)).toEqual({ ok: false, message: `"${raw}" is not a real date` });
  });

  it.each(['', 'yesterday', '22 Nov 2026', '2026-11', '20261122', '1/2/3/4', '22.11.202'])(
    'rejects %j as not a date',
    (raw) => {
      const result = parseLooseDate(raw, 'dmy');
      expect(result.ok).toBe(false);
      expect(result.ok ? '' : result.message).toContain('is not a date');
    },
  );
});

describe('detectDateOrder', () => {
  it('answers ymd for ISO dates and for no dates at all', () => {
    expect(detectDateOrder(['2026-01-02', '2026-12-31'])).toBe('ymd');
    expect(detectDateOrder([])).toBe('ymd');
  });

  it('answers dmy when some first part is over 12', () => {
    expect(detectDateOrder(['01/02/2026', '13/02/2026', '05/06/2026'])).toBe('dmy');
    expect(detectDateOrder(['31.12.25'])).toBe('dmy');
  });

  it('answers mdy when some second part is over 12', () => {
    expect(detectDateOrder(['01/02/2026', '02/13/2026'])).toBe('mdy');
  });

  it('answers ambiguous when every short date fits both orders', () => {
    expect(detectDateOrder(['01/02/2026', '12/11/2026', '2026-05-05'])).toBe('ambiguous');
  });

  it('answers conflict when some dates are clearly day-first and others clearly month-first', () => {
    expect(detectDateOrder(['13/01/2026', '01/13/2026'])).toBe('conflict');
  });

  it('ignores values that are not short dates', () => {
    expect(detectDateOrder(['garbage', '', '25/12/2026'])).toBe('dmy');
  });
});
