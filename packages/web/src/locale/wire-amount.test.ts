import { describe, expect, it } from 'vitest';
import { wireToMinor } from './wire-amount.js';

describe('wireToMinor', () => {
  it('reads totals exactly, zero and negatives included', () => {
    expect(wireToMinor('0.30', 'EUR')).toBe(30);
    expect(wireToMinor('0.00', 'EUR')).toBe(0);
    expect(wireToMinor('-12.05', 'EUR')).toBe(-1205);
    expect(wireToMinor('999999999.99', 'EUR')).toBe(99_999_999_999);
  });

  it('follows the currency’s minor digits', () => {
    expect(wireToMinor('1500', 'JPY')).toBe(1500);
    expect(wireToMinor('1.250', 'KWD')).toBe(1250);
    expect(wireToMinor('7', 'EUR')).toBe(700);
  });

  it('throws on text that is not a wire decimal', () => {
    expect(() => wireToMinor('12,50', 'EUR')).toThrow();
    expect(() => wireToMinor('1.005', 'EUR')).toThrow();
  });
});
