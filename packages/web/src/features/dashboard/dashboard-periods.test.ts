import { describe, expect, it } from 'vitest';
import { monthRange, periodRange, shiftMonth, trailingMonths } from './dashboard-periods.js';

const NONE = { from: '2026-01-01', to: '2026-01-31' };

describe('dashboard periods', () => {
  it('moves across year boundaries in both directions', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2025-12', 1)).toBe('2026-01');
    expect(shiftMonth('2026-11', -11)).toBe('2025-12');
    expect(shiftMonth('2026-03', -27)).toBe('2023-12');
  });

  it('ends months on their real last day, leap years included', () => {
    expect(monthRange('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(monthRange('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(monthRange('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });

  it('gives the last 12 months ending with the current one', () => {
    expect(trailingMonths('2026-11-22', 12)).toEqual({ from: '2025-12', to: '2026-11' });
    expect(trailingMonths('2026-01-01', 12)).toEqual({ from: '2025-02', to: '2026-01' });
  });

  it('turns each period choice into dates, last month in January being December', () => {
    expect(periodRange('this-month', '2026-11-22', NONE)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(periodRange('last-month', '2026-01-15', NONE)).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(periodRange('this-year', '2026-11-22', NONE)).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(periodRange('custom', '2026-11-22', { from: '2026-03-10', to: '2026-02-01' })).toEqual({
      from: '2026-02-01',
      to: '2026-03-10',
    });
  });
});
