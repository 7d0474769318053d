import { MutationSchema } from '@ttm/contract';
import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../local-db/records.js';
import { toWireMutation } from './push.js';

const base = {
  mutationId: 'm1',
  expenseId: '00000000-0000-4000-8000-000000000e01',
  walletId: '00000000-0000-4000-8000-000000000001',
  currency: 'EUR',
  previous: null,
  notBefore: 0,
  createdAt: 0,
} as const;

const fields = { category: 'Trip', date: '2026-11-20', note: null } as const;

describe('toWireMutation: income and amounts in another currency', () => {
  it('sends a foreign amount as typed, with its currency and rate, and the kind', () => {
    const entry: OutboxEntry = {
      ...base,
      mutation: {
        kind: 'create',
        fields: {
          ...fields,
          amountMinor: 9200,
          kind: 'expense',
          originalAmountMinor: 10000,
          originalCurrency: 'USD',
          rate: '0.92',
        },
      },
    };
    const wire = toWireMutation(entry);
    expect(wire).toMatchObject({
      op: 'create',
      fields: { amount: '100.00', currency: 'USD', rate: '0.92', kind: 'expense' },
    });
    expect(MutationSchema.safeParse(wire).success).toBe(true);
  });

  it('sends an edit back to the wallet currency with that currency, so the server clears the original', () => {
    const entry: OutboxEntry = {
      ...base,
      mutation: {
        kind: 'update',
        baseVersion: 3,
        changes: { amountMinor: 4400, kind: 'income', originalAmountMinor: null, originalCurrency: null, rate: null },
      },
    };
    expect(toWireMutation(entry)).toMatchObject({
      op: 'update',
      fields: { amount: '44.00', currency: 'EUR', kind: 'income' },
    });
  });

  it('leaves the money out of an edit that does not change it, and sends an old queued create as before', () => {
    const edit: OutboxEntry = { ...base, mutation: { kind: 'update', baseVersion: 3, changes: { note: 'x' } } };
    expect(toWireMutation(edit)).toMatchObject({ fields: { note: 'x' } });
    expect(Object.keys(toWireMutation(edit).fields ?? {})).toEqual(['note']);
    // Queued before income and currencies existed: no kind, no original.
    const old: OutboxEntry = { ...base, mutation: { kind: 'create', fields: { ...fields, amountMinor: 1250 } } };
    expect(toWireMutation(old)).toMatchObject({ fields: { amount: '12.50', category: 'Trip' } });
    expect(MutationSchema.safeParse(toWireMutation(old)).success).toBe(true);
    expect(Object.keys(toWireMutation(old).fields ?? {})).not.toContain('currency');
  });
});
