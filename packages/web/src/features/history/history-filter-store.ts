import { useCallback, useSyncExternalStore } from 'react';
import type { HistoryFilters } from '../../local-db/expense-queries.js';

const NONE: HistoryFilters = {};

/**
 * The history's filters per wallet, kept outside the screen so they survive switching screens,
 * other screens can open the history with filters set (a tap on the dashboard) and the CSV
 * export can follow what the history shows.
 */
class HistoryFilterStore {
  readonly #byWallet = new Map<string, HistoryFilters>();
  readonly #listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  get(walletId: string): HistoryFilters {
    return this.#byWallet.get(walletId) ?? NONE;
  }

  set(walletId: string, filters: HistoryFilters): void {
    this.#byWallet.set(walletId, filters);
    for (const listener of this.#listeners) listener();
  }
}

export const historyFilters = new HistoryFilterStore();

export function useHistoryFilters(walletId: string): [HistoryFilters, (filters: HistoryFilters) => void] {
  const filters = useSyncExternalStore(historyFilters.subscribe, () => historyFilters.get(walletId));
  const set = useCallback(
    (next: HistoryFilters) => {
      historyFilters.set(walletId, next);
    },
    [walletId],
  );
  return [filters, set];
}
