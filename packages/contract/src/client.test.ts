import { describe, expect, it } from 'vitest';
import { retryAfterSeconds } from './client.js';

describe('retryAfterSeconds', () => {
  const now = Date.parse('2026-12-06T12:00:00Z');

  it('reads a number of seconds', () => {
    expect(retryAfterSeconds('42', now)).toBe(42);
    expect(retryAfterSeconds(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date as the seconds left until it, never below zero', () => {
    expect(retryAfterSeconds('Sun, 06 Dec 2026 12:01:30 GMT', now)).toBe(90);
    expect(retryAfterSeconds('Sun, 06 Dec 2026 11:59:00 GMT', now)).toBe(0);
  });

  it('ignores what is neither', () => {
    expect(retryAfterSeconds(null, now)).toBeUndefined();
    expect(retryAfterSeconds('soon', now)).toBeUndefined();
    expect(retryAfterSeconds('-5', now)).toBeUndefined();
  });
});
