import type { Conflict } from '@ttm/contract';
import { describe, expect, it } from 'vitest';
import { conflictView, formatConflictValue } from './conflict-view.js';

const ME = '00000000-0000-4000-8000-0000000000aa';
const SOMEONE = '00000000-0000-4000-8000-0000000000bb';

function conflict(overrides: Partial<Conflict>): Conflict {
  return {
    id: '00000000-0000-4000-8000-000000000c01',
    walletId: '00000000-0000-4000-8000-000000000001',
    expenseId: '00000000-0000-4000-8000-000000000e01',
    kind: 'field',
    fields: ['amount', 'note'],
    server: { amount: '30.00', note: 'Theirs' },
    client: { amount: '20.00', note: null },
    expense: {
      id: '00000000-0000-4000-8000-000000000e01',
      walletId: '00000000-0000-4000-8000-000000000001',
      amount: '30.00',
      currency: 'EUR',
      category: 'Lunch',
      date: '2026-11-10',
      note: 'Theirs',
      createdBy: ME,
      createdAt: '2026-11-10T10:00:00.000Z',
      updatedAt: '2026-11-10T10:00:00.000Z',
      version: 4,
      kind: 'expense',
      originalAmount: null,
      originalCurrency: null,
      rate: null,
      recurringRuleId: null,
    },
    createdBy: ME,
    createdAt: '2026-11-10T10:00:00.000Z',
    resolvedAt: null,
    resolvedBy: null,
    resolution: null,
    ...overrides,
  };
}

describe('conflictView', () => {
  it('shows my losing values as "Mine" against the kept ones as "Theirs", field by field', () => {
    const view = conflictView(conflict({}), ME, 'EUR');
    expect(view.left).toEqual({ heading: 'Mine', button: 'Keep mine', choice: 'client' });
    expect(view.right).toEqual({ heading: 'Theirs', button: 'Keep theirs', choice: 'server' });
    expect(view.rows).toEqual([
      { field: 'amount', label: 'Amount', left: '€20.00', right: '€30.00' },
      { field: 'note', label: 'Note', left: '(no note)', right: 'Theirs' },
    ]);
    expect(view.title).toContain('Lunch');
  });

  it('names the sides neutrally when someone else’s change lost', () => {
    const view = conflictView(conflict({ createdBy: SOMEONE }), ME, 'EUR');
    expect([view.left.heading, view.right.heading]).toEqual(['Other change', 'Saved']);
    expect([view.left.button, view.right.button]).toEqual(['Keep other change', 'Keep saved']);
  });

  it('shows a deletion as "Deleted" on its side: an edit that met a deletion can be kept', () => {
    const view = conflictView(
      conflict({ kind: 'edit_deleted', fields: ['note'], server: null, client: { note: 'late edit' }, expense: null }),
      ME,
      'EUR',
    );
    expect(view.rows).toEqual([{ field: 'note', label: 'Note', left: 'late edit', right: 'Deleted' }]);
    expect(view.title).toBe('Expense');
    expect(view.explanation).toContain('deleted');
  });

  it('shows my deletion against the changes it discarded', () => {
    const view = conflictView(
      conflict({ kind: 'delete_edited', fields: ['amount'], server: { amount: '7.50' }, client: null, expense: null }),
      ME,
      'EUR',
    );
    expect(view.rows).toEqual([{ field: 'amount', label: 'Amount', left: 'Deleted', right: '€7.50' }]);
  });
});

describe('formatConflictValue', () => {
  it('shows the kind and the amount as entered in another currency with its rate', () => {
    const money = {
      amount: '92.00',
      kind: 'income',
      originalAmount: '100.00',
      originalCurrency: 'USD',
      rate: '0.92',
    } as const;
    const shown = formatConflictValue('amount', money, 'EUR');
    expect(shown.startsWith('Income ')).toBe(true);
    expect(shown.endsWith(' (100.00 USD @ 0.92)')).toBe(true);
    expect(formatConflictValue('amount', { amount: '5.00' }, 'EUR')).not.toContain('@');
  });
});
