import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RETRY_BASE_MS, RETRY_MAX_MS, retryDelay } from './backoff.js';

describe('retryDelay', () => {
  it('waits between half and all of a ceiling that doubles per failure and stops at the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (failures, random) => {
          const ceiling = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (failures - 1));
          const delay = retryDelay(failures, random);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
          expect(delay).toBeLessThanOrEqual(ceiling);
          expect(retryDelay(failures + 1, random)).toBeGreaterThanOrEqual(delay);
        },
      ),
    );
  });

  it('starts at about a second and reaches the 5-minute cap after ten failures', () => {
    expect(retryDelay(1, 0)).toBe(500);
    expect(retryDelay(1, 0.999)).toBe(1000);
    expect(retryDelay(9, 0)).toBe(128_000);
    expect(retryDelay(10, 0)).toBe(RETRY_MAX_MS / 2);
    expect(retryDelay(50, 0)).toBe(RETRY_MAX_MS / 2);
  });
});
