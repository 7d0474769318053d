import {
  type CreateRecurringRuleBody,
  isCalendarDate,
  MAX_RECURRING_COUNT,
  MAX_RECURRING_INTERVAL,
  minorToDecimal,
  type RecurringFrequency,
  type RecurringRule,
} from '@ttm/contract';
import { parseAmount } from '../../locale/amount-parse.js';
import { formatAmountForInput } from '../../locale/money-format.js';
import { wireToMinor } from '../../locale/wire-amount.js';

export type RuleEnd = 'never' | 'date' | 'count';

/** The rule form as typed: every field a string, checked and converted by `readRuleForm`. */
export interface RuleFormValues {
  readonly amount: string;
  readonly category: string;
  readonly note: string;
  readonly startDate: string;
  readonly frequency: RecurringFrequency;
  readonly interval: string;
  /** '' = the start date's day, '1'..'31', or 'last' (monthly rules only). */
  readonly dayOfMonth: string;
  readonly end: RuleEnd;
  readonly endDate: string;
  readonly endCount: string;
}

export type RuleFormField = 'amount' | 'category' | 'startDate' | 'interval' | 'endDate' | 'endCount';
export type RuleFormErrors = Partial<Record<RuleFormField, string>>;

/** The fields a rule is created or edited with (a PATCH sends them all: the server keeps what did not change). */
export type RuleBody = Omit<CreateRecurringRuleBody, 'walletId'> & {
  readonly amount: string;
  readonly note: string | null;
};

export function emptyRuleForm(today: string): RuleFormValues {
  return {
    amount: '',
    category: '',
    note: '',
    startDate: today,
    frequency: 'monthly',
    interval: '1',
    dayOfMonth: '',
    end: 'never',
    endDate: '',
    endCount: '',
  };
}

export function ruleFormFrom(rule: RecurringRule): RuleFormValues {
  return {
    amount: formatAmountForInput(wireToMinor(rule.amount, rule.currency), rule.currency),
    category: rule.category,
    note: rule.note ?? '',
    startDate: rule.startDate,
    frequency: rule.frequency,
    interval: String(rule.interval),
    dayOfMonth: rule.dayOfMonth === null ? '' : String(rule.dayOfMonth),
    end: rule.endDate !== null ? 'date' : rule.endCount !== null ? 'count' : 'never',
    endDate: rule.endDate ?? '',
    endCount: rule.endCount === null ? '' : String(rule.endCount),
  };
}

function wholeNumber(text: string, min: number, max: number): number | null {
  if (!/^\d{1,6}$/.test(text.trim())) return null;
  const value = Number(text.trim());
  return value >= min && value <= max ? value : null;
}

/** Checks the form the way the server will, so most mistakes are shown before anything is sent. */
export function readRuleForm(
  values: RuleFormValues,
  currency: string,
): { readonly ok: true; readonly body: RuleBody } | { readonly ok: false; readonly errors: RuleFormErrors } {
  const errors: RuleFormErrors = {};
  const amount = parseAmount(values.amount, currency);
  if (!amount.ok) errors.amount = amount.message;
  const category = values.category.trim();
  if (category === '') errors.category = 'Choose a category';
  if (!isCalendarDate(values.startDate)) errors.startDate = 'Choose the first date';
  const interval = wholeNumber(values.interval, 1, MAX_RECURRING_INTERVAL);
  if (interval === null) errors.interval = `A whole number from 1 to ${String(MAX_RECURRING_INTERVAL)}`;
  let endDate: string | null = null;
  let endCount: number | null = null;
  if (values.end === 'date') {
    if (!isCalendarDate(values.endDate)) errors.endDate = 'Choose the last date';
    else if (values.endDate < values.startDate) errors.endDate = 'The end must not be before the start';
    else endDate = values.endDate;
  }
  if (values.end === 'count') {
    endCount = wholeNumber(values.endCount, 1, MAX_RECURRING_COUNT);
    if (endCount === null) errors.endCount = `A whole number from 1 to ${String(MAX_RECURRING_COUNT)}`;
  }
  if (!amount.ok || interval === null || Object.keys(errors).length > 0) return { ok: false, errors };
  const monthly = values.frequency === 'monthly';
  return {
    ok: true,
    body: {
      amount: minorToDecimal(amount.minor, currency),
      category,
      note: values.note.trim() === '' ? null : values.note,
      startDate: values.startDate,
      frequency: values.frequency,
      interval,
      dayOfMonth:
        !monthly || values.dayOfMonth === '' ? null : values.dayOfMonth === 'last' ? 'last' : Number(values.dayOfMonth),
      endDate,
      endCount,
    },
  };
}

const UNITS: Readonly<Record<RecurringFrequency, readonly [string, string]>> = {
  daily: ['day', 'days'],
  weekly: ['week', 'weeks'],
  monthly: ['month', 'months'],
  yearly: ['year', 'years'],
};

function ordinal(day: number): string {
  const tens = day % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][day % 10] ?? 'th');
  return `${String(day)}${suffix}`;
}

/** "Every month on the 31st", "Every 2 weeks", "Every month on the last day". */
export function describeRepeat(
  rule: Pick<RecurringRule, 'frequency' | 'interval' | 'dayOfMonth' | 'startDate'>,
): string {
  const [one, many] = UNITS[rule.frequency];
  const every = rule.interval === 1 ? `Every ${one}` : `Every ${String(rule.interval)} ${many}`;
  if (rule.frequency !== 'monthly') return every;
  const day = rule.dayOfMonth ?? Number(rule.startDate.slice(8, 10));
  if (day === 'last') return `${every} on the last day`;
  return day > 28 ? `${every} on the ${ordinal(day)} (or the month's last day)` : `${every} on the ${ordinal(day)}`;
}

/** How a rule ends, in words; null when it does not. */
export function describeEnd(rule: Pick<RecurringRule, 'endDate' | 'endCount'>, formatDay: (date: string) => string) {
  if (rule.endDate !== null) return `until ${formatDay(rule.endDate)}`;
  if (rule.endCount !== null) return rule.endCount === 1 ? 'once' : `${String(rule.endCount)} times`;
  return null;
}
