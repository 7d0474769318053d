import type { Budget } from '@ttm/contract';
import { describe, expect, it } from 'vitest';
import {
  budgetCrossings,
  budgetFor,
  crossingMessage,
  remainingText,
  sortBudgets,
  spentOfLimit,
} from './budget-math.js';

function budget(category: string, spent: string, limit: string, status: Budget['status'], ratio: number): Budget {
  return { category, spent, monthlyLimit: limit, remaining: '0.00', ratio, status };
}

describe('budgetCrossings', () => {
  const before = [budget('Groceries', '150.00', '200.00', 'ok', 0.75), budget('*', '700.00', '1000.00', 'ok', 0.7)];

  it('reports a category that reached 80 % and the overall limit that went over', () => {
    const after = [
      budget('Groceries', '170.00', '200.00', 'warning', 0.85),
      budget('*', '1020.00', '1000.00', 'over', 1.02),
    ];
    expect(budgetCrossings(before, after, 'groceries').map((b) => b.category)).toEqual(['*', 'Groceries']);
  });

  it('says nothing when the status did not get worse or another category was written', () => {
    const warned = [budget('Groceries', '170.00', '200.00', 'warning', 0.85)];
    expect(budgetCrossings(warned, warned, 'Groceries')).toEqual([]);
    expect(budgetCrossings(before, [budget('Groceries', '170.00', '200.00', 'warning', 0.85)], 'Transport')).toEqual(
      [],
    );
  });

  it('reports warning -> over', () => {
    const warned = [budget('Groceries', '170.00', '200.00', 'warning', 0.85)];
    const over = [budget('Groceries', '210.00', '200.00', 'over', 1.05)];
    expect(budgetCrossings(warned, over, 'Groceries')).toHaveLength(1);
  });
});

describe('budget figures', () => {
  it('matches categories the way the server does and orders the overall limit first', () => {
    const list = [
      budget('Transport', '1.00', '10.00', 'ok', 0.1),
      budget('Food', '9.00', '10.00', 'warning', 0.9),
      budget('*', '1.00', '10.00', 'ok', 0.1),
    ];
    expect(budgetFor(list, ' food ')?.category).toBe('Food');
    expect(sortBudgets(list).map((b) => b.category)).toEqual(['*', 'Food', 'Transport']);
  });

  it('writes exact amounts, what is left and what is over', () => {
    const over = { ...budget('Food', '0.30', '0.20', 'over', 1.5), remaining: '-0.10' };
    expect(spentOfLimit(over, 'EUR')).toBe('€0.30 of €0.20');
    expect(remainingText(over, 'EUR')).toBe('€0.10 over');
    expect(remainingText({ ...over, remaining: '12.05' }, 'EUR')).toBe('€12.05 left');
    expect(crossingMessage(over, 'EUR')).toBe('Food budget is over its limit: €0.30 of €0.20.');
    expect(crossingMessage(budget('*', '85.00', '100.00', 'warning', 0.85), 'EUR')).toBe(
      'Your monthly budget is at 85%: €85.00 of €100.00.',
    );
  });
});
