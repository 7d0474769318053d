import { type DayOfMonth, minorToDecimal, type RecurringRule } from '@ttm/contract';
import type { WalletRule } from './recurring.repository.js';
import type { Schedule } from './schedule.js';

/** dayOfMonth 'last' is stored as -1. */
const LAST_DAY = -1;

export function dayOfMonthToColumn(day: DayOfMonth | null): number | null {
  return day === 'last' ? LAST_DAY : day;
}

export function dayOfMonthFromColumn(value: number | null): DayOfMonth | null {
  return value === LAST_DAY ? 'last' : value;
}

export function scheduleOf(row: WalletRule): Schedule {
  return {
    startDate: row.start_date,
    frequency: row.frequency,
    interval: row.repeat_interval,
    dayOfMonth: dayOfMonthFromColumn(row.day_of_month),
    endDate: row.end_date,
    endCount: row.end_count,
  };
}

export function toRecurringRule(row: WalletRule): RecurringRule {
  return {
    id: row.id,
    walletId: row.wallet_id,
    amount: minorToDecimal(row.amount_minor, row.currency),
    currency: row.currency,
    category: row.category,
    note: row.note,
    startDate: row.start_date,
    frequency: row.frequency,
    interval: row.repeat_interval,
    dayOfMonth: dayOfMonthFromColumn(row.day_of_month),
    endDate: row.end_date,
    endCount: row.end_count,
    paused: row.paused_at !== null,
    nextDate: row.next_date,
    timeZone: row.time_zone,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
