import type { Budget } from '@ttm/contract';
import { useCallback, useEffect, useRef } from 'react';
import { useServices } from '../../session/services-context.js';
import { monthOf, todayLocal } from '../../locale/local-date.js';
import { notices } from '../../shared/notices.js';
import { budgetCrossings, crossingMessage } from './budget-math.js';
import { fetchBudgets } from './budget-queries.js';

/** How long a save waits for the "before" figures of a month it has not fetched yet. */
const BEFORE_TIMEOUT_MS = 1500;

export interface BudgetWatch {
  /** The month's budgets as they are before a write, or null when they cannot be known. */
  readonly before: (date: string) => Promise<readonly Budget[] | null>;
  /** After the server accepted the write: tells the user about any limit it pushed past 80 % or 100 %. */
  readonly after: (before: readonly Budget[] | null, date: string, category: string) => void;
}

/**
 * Warns after adding or editing an expense that crosses a budget threshold. The current
 * month's budgets are fetched when the form opens, so saving does not wait for them.
 */
export function useBudgetWatch(walletId: string, currency: string): BudgetWatch {
  const { api } = useServices();
  const cache = useRef(new Map<string, Promise<Budget[] | null>>());

  const load = useCallback(
    (month: string) => {
      let pending = cache.current.get(month);
      if (!pending) {
        pending = fetchBudgets(api, walletId, month).catch(() => null);
        cache.current.set(month, pending);
      }
      return pending;
    },
    [api, walletId],
  );

  useEffect(() => {
    void load(monthOf(todayLocal()));
  }, [load]);

  const before = useCallback(
    async (date: string) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<null>((resolve) => {
        timer = setTimeout(() => {
          resolve(null);
        }, BEFORE_TIMEOUT_MS);
      });
      const budgets = await Promise.race([load(monthOf(date)), timeout]);
      clearTimeout(timer);
      return budgets;
    },
    [load],
  );

  const after = useCallback(
    (previous: readonly Budget[] | null, date: string, category: string) => {
      // No limits in this wallet (or unknown): nothing can have been crossed.
      if (previous === null || previous.length === 0) return;
      void fetchBudgets(api, walletId, monthOf(date)).then(
        (now) => {
          const crossed = budgetCrossings(previous, now, category);
          if (crossed.length > 0) {
            notices.show(crossed.map((budget) => crossingMessage(budget, currency)).join(' '), { durationMs: 8000 });
          }
        },
        () => undefined,
      );
    },
    [api, walletId, currency],
  );

  return { before, after };
}
