import { budgetEndpoints, type Budget } from '@ttm/contract';
import type { ApiCaller } from '../../api/api-caller.js';

/** The wallet's limits with what was spent in `month` (YYYY-MM) and their status. */
export function fetchBudgets(api: ApiCaller, walletId: string, month: string, signal?: AbortSignal): Promise<Budget[]> {
  return api.call(budgetEndpoints.list, { query: { walletId, month } }, signal ? { signal } : undefined);
}
