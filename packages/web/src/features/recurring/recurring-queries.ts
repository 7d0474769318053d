import {
  ApiError,
  NetworkError,
  recurringEndpoints,
  walletEndpoints,
  type RecurringRule,
  type Wallet,
} from '@ttm/contract';
import type { ApiCaller } from '../../api/api-caller.js';
import { SessionExpiredError } from '../../api/session-errors.js';
import type { RuleBody } from './rule-form-model.js';

/**
 * Rules are read and changed on the server only (they are not queued for later like expenses): the
 * server creates their expenses, which reach every device through the ordinary sync.
 */
export function fetchRules(api: ApiCaller, walletId: string, signal?: AbortSignal): Promise<RecurringRule[]> {
  return api.call(recurringEndpoints.list, { query: { walletId } }, signal ? { signal } : undefined);
}

export function createRule(api: ApiCaller, walletId: string, body: RuleBody): Promise<RecurringRule> {
  return api.call(recurringEndpoints.create, { body: { ...body, walletId } });
}

export function updateRule(
  api: ApiCaller,
  id: string,
  body: Partial<RuleBody> & { readonly paused?: boolean },
): Promise<RecurringRule> {
  return api.call(recurringEndpoints.update, { params: { id }, body });
}

export function deleteRule(api: ApiCaller, id: string): Promise<void> {
  return api.call(recurringEndpoints.delete, { params: { id } });
}

export function setWalletTimeZone(api: ApiCaller, walletId: string, timeZone: string): Promise<Wallet> {
  return api.call(walletEndpoints.update, { params: { id: walletId }, body: { timeZone } });
}

/** What to tell the user when a rule could not be read or saved. */
export function describeRuleError(error: unknown): string {
  if (error instanceof NetworkError || !navigator.onLine) {
    return 'You are offline. Recurring expenses are managed online; the expenses they create still reach this device when it syncs.';
  }
  if (error instanceof SessionExpiredError) return 'Your session has ended. Sign in again.';
  if (error instanceof ApiError) return error.problem.detail;
  return 'Something went wrong. Please try again.';
}
