import { describe, expect, it } from 'vitest';
import { formatShare } from '../../locale/share-format.js';
import {
  averageMinor,
  barFraction,
  donutSlices,
  formatCompactMoney,
  niceScale,
  OTHER_KEY,
  ringSegmentPath,
} from './chart-geometry.js';

describe('niceScale', () => {
  it('covers the largest value with round steps in whole currency units', () => {
    expect(niceScale(123_456, 'EUR')).toEqual({ top: 150_000, ticks: [0, 50_000, 100_000, 150_000] });
    expect(niceScale(100_000, 'EUR')).toEqual({ top: 100_000, ticks: [0, 25_000, 50_000, 75_000, 100_000] });
  });

  it('handles an empty chart and tiny amounts', () => {
    expect(niceScale(0, 'EUR')).toEqual({ top: 0, ticks: [0] });
    expect(niceScale(30, 'EUR').top).toBeGreaterThanOrEqual(30);
    expect(niceScale(30, 'EUR').ticks[0]).toBe(0);
  });

  it('works for currencies without minor units', () => {
    expect(niceScale(12_345, 'JPY')).toEqual({ top: 15_000, ticks: [0, 5000, 10_000, 15_000] });
  });
});

describe('averageMinor', () => {
  it('averages minor units and rounds half up to a whole cent', () => {
    expect(averageMinor([10, 20])).toBe(15);
    expect(averageMinor([1, 2])).toBe(2);
    expect(averageMinor([1, 1, 2])).toBe(1);
    expect(averageMinor([])).toBe(0);
  });
});

describe('barFraction', () => {
  it('scales to the axis top and keeps small non-zero bars visible', () => {
    expect(barFraction(50, 100)).toBe(0.5);
    expect(barFraction(0, 100)).toBe(0);
    expect(barFraction(1, 1_000_000)).toBe(0.01);
    expect(barFraction(10, 0)).toBe(0);
  });
});

describe('donutSlices', () => {
  it('orders slices by amount, shares add up to one and angles close the circle', () => {
    const slices = donutSlices([
      { key: 'a', label: 'A', minor: 10 },
      { key: 'b', label: 'B', minor: 30 },
      { key: 'c', label: 'C', minor: 0 },
    ]);
    expect(slices.map((slice) => slice.key)).toEqual(['b', 'a']);
    expect(slices.map((slice) => slice.share)).toEqual([0.75, 0.25]);
    expect(slices[0]?.start).toBe(0);
    expect(slices.at(-1)?.end).toBeCloseTo(2 * Math.PI);
  });

  it('gathers the smallest categories into one Other slice', () => {
    const items = Array.from({ length: 10 }, (_, i) => ({
      key: `k${String(i)}`,
      label: `K${String(i)}`,
      minor: 100 - i,
    }));
    const slices = donutSlices(items, 7);
    expect(slices).toHaveLength(7);
    const other = slices.at(-1);
    expect(other?.key).toBe(OTHER_KEY);
    expect(other?.label).toBe('Other (4)');
    expect(other?.minor).toBe(94 + 93 + 92 + 91);
    expect(other?.colour).toBe(7);
  });

  it('gives nothing for a period without spending', () => {
    expect(donutSlices([{ key: 'a', label: 'A', minor: 0 }])).toEqual([]);
  });
});

describe('ringSegmentPath', () => {
  it('draws a quarter ring from 12 to 3 o’clock', () => {
    expect(ringSegmentPath(100, 100, 90, 60, 0, Math.PI / 2)).toBe(
      'M 100.000 10.000 A 90 90 0 0 1 190.000 100.000 L 160.000 100.000 A 60 60 0 0 0 100.000 40.000 Z',
    );
  });

  it('uses the large-arc flag past half a turn and splits a full turn in two', () => {
    expect(ringSegmentPath(100, 100, 90, 60, 0, 1.5 * Math.PI)).toContain('A 90 90 0 1 1');
    const full = ringSegmentPath(100, 100, 90, 60, 0, 2 * Math.PI);
    expect(full.match(/M /g)).toHaveLength(2);
  });
});

describe('labels', () => {
  it('formats shares as whole percentages, slivers as <1%', () => {
    expect(formatShare(0.4234, 'en-US')).toBe('42%');
    expect(formatShare(0.001, 'en-US')).toBe('<1%');
    expect(formatShare(0, 'en-US')).toBe('0%');
  });

  it('formats axis amounts compactly', () => {
    expect(formatCompactMoney(150_000, 'EUR', 'en-US')).toBe('€1.5K');
    expect(formatCompactMoney(25_000, 'EUR', 'en-US')).toBe('€250');
  });
});
