import { describe, expect, it, vi } from 'vitest';
import { historyFilters } from './history-filter-store.js';

describe('historyFilters', () => {
  it('keeps filters per wallet and tells subscribers when they change', () => {
    const listener = vi.fn();
    const unsubscribe = historyFilters.subscribe(listener);
    historyFilters.set('wallet-a', { from: '2026-10-01', to: '2026-10-31', category: 'Rent' });
    expect(historyFilters.get('wallet-a')).toEqual({ from: '2026-10-01', to: '2026-10-31', category: 'Rent' });
    expect(historyFilters.get('wallet-b')).toEqual({});
    expect(listener).toHaveBeenCalledTimes(1);
    unsubscribe();
    historyFilters.set('wallet-a', {});
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('returns the same object until the filters change, as useSyncExternalStore needs', () => {
    expect(historyFilters.get('wallet-c')).toBe(historyFilters.get('wallet-c'));
  });
});
