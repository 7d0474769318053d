import { describe, expect, it } from 'vitest';
import type { FieldStamps } from '../expenses/field-versions.repository.js';
import { fieldsChangedByOthers, mergeFields } from './merge.js';

const current = {
  kind: 'expense' as const,
  amountMinor: 1000,
  originalAmountMinor: null,
  originalCurrency: null,
  rate: null,
  category: 'Food',
  date: '2026-01-02',
  note: 'server',
};
const at = (version: number, client: string | null = null) => ({ version, client });
const stamps = (overrides: Partial<Record<keyof FieldStamps, ReturnType<typeof at>>> = {}): FieldStamps => ({
  amount: at(5),
  category: at(5),
  date: at(5),
  note: at(5),
  ...overrides,
});

describe('mergeFields', () => {
  it('writes fields nobody else changed since the base version', () => {
    expect(
      mergeFields({ current, stamps: stamps(), baseVersion: 5, clientId: 'a', proposed: { amountMinor: 2000 } }),
    ).toEqual({ write: ['amount'], conflicts: [], serverAhead: false });
  });

  it('merges when others changed a different field, and reports that the server is ahead', () => {
    const merge = mergeFields({
      current,
      stamps: stamps({ note: at(7) }),
      baseVersion: 5,
      clientId: 'a',
      proposed: { amountMinor: 2000 },
    });
    expect(merge).toEqual({ write: ['amount'], conflicts: [], serverAhead: true });
  });

  it('keeps the server value of a field both sides changed, and writes the rest', () => {
    const merge = mergeFields({
      current,
      stamps: stamps({ amount: at(7, 'b') }),
      baseVersion: 5,
      clientId: 'a',
      proposed: { amountMinor: 2000, date: '2026-02-02' },
    });
    expect(merge).toEqual({ write: ['date'], conflicts: ['amount'], serverAhead: false });
  });

  it("never conflicts with the device's own earlier writes", () => {
    const merge = mergeFields({
      current,
      stamps: stamps({ amount: at(7, 'a') }),
      baseVersion: 0,
      clientId: 'a',
      proposed: { amountMinor: 3000 },
    });
    expect(merge.conflicts).toEqual([]);
    expect(merge.write).toEqual(['amount']);
  });

  it('treats the same value on both sides, categories compared case-insensitively, as agreement', () => {
    const merge = mergeFields({
      current,
      stamps: stamps({ category: at(9, 'b'), note: at(9, 'b') }),
      baseVersion: 5,
      clientId: 'a',
      proposed: { category: ' food', note: 'server' },
    });
    expect(merge).toEqual({ write: [], conflicts: [], serverAhead: false });
  });

  it('distinguishes clearing a note (null) from leaving it alone', () => {
    const merge = mergeFields({ current, stamps: stamps(), baseVersion: 5, clientId: 'a', proposed: { note: null } });
    expect(merge.write).toEqual(['note']);
  });
});

describe('fieldsChangedByOthers', () => {
  it('lists what a deletion from this device would discard', () => {
    expect(fieldsChangedByOthers(stamps({ note: at(8), date: at(9, 'a') }), 5, 'a')).toEqual(['note']);
  });
});
