import type { RecurringRule } from '@ttm/contract';
import { describe, expect, it } from 'vitest';
import { describeEnd, describeRepeat, emptyRuleForm, readRuleForm, ruleFormFrom } from './rule-form-model.js';

const rule: RecurringRule = {
  id: '00000000-0000-4000-8000-000000000a01',
  walletId: '00000000-0000-4000-8000-000000000001',
  amount: '850.00',
  currency: 'EUR',
  category: 'Rent',
  note: null,
  startDate: '2026-01-31',
  frequency: 'monthly',
  interval: 1,
  dayOfMonth: null,
  endDate: null,
  endCount: 12,
  paused: false,
  nextDate: '2026-02-28',
  timeZone: 'Europe/Paris',
  createdBy: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('readRuleForm', () => {
  it('turns a typed form into the wire body, amount as an exact decimal and the day only for monthly rules', () => {
    const values = { ...emptyRuleForm('2026-11-22'), amount: '1.234,5', category: ' Rent ', dayOfMonth: 'last' };
    expect(readRuleForm(values, 'EUR')).toEqual({
      ok: true,
      body: {
        amount: '1234.50',
        category: 'Rent',
        note: null,
        startDate: '2026-11-22',
        frequency: 'monthly',
        interval: 1,
        dayOfMonth: 'last',
        endDate: null,
        endCount: null,
      },
    });
    const weekly = readRuleForm({ ...values, frequency: 'weekly', interval: '2' }, 'EUR');
    expect(weekly.ok && weekly.body).toMatchObject({ frequency: 'weekly', interval: 2, dayOfMonth: null });
  });

  it('sends only the chosen end: a date or a count', () => {
    const base = { ...emptyRuleForm('2026-11-22'), amount: '5', category: 'Gym', endDate: '2027-01-01', endCount: '3' };
    const byDate = readRuleForm({ ...base, end: 'date' }, 'EUR');
    expect(byDate.ok && [byDate.body.endDate, byDate.body.endCount]).toEqual(['2027-01-01', null]);
    const byCount = readRuleForm({ ...base, end: 'count' }, 'EUR');
    expect(byCount.ok && [byCount.body.endDate, byCount.body.endCount]).toEqual([null, 3]);
  });

  it('names every field that is wrong', () => {
    const result = readRuleForm(
      {
        ...emptyRuleForm('not a date'),
        amount: '1.005',
        interval: '0',
        end: 'count',
        endCount: 'many',
      },
      'EUR',
    );
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : Object.keys(result.errors).sort()).toEqual([
      'amount',
      'category',
      'endCount',
      'interval',
      'startDate',
    ]);
    const early = readRuleForm(
      { ...emptyRuleForm('2026-11-22'), amount: '1', category: 'X', end: 'date', endDate: '2026-11-21' },
      'EUR',
    );
    expect(early.ok ? null : early.errors.endDate).toBe('The end must not be before the start');
  });

  it('reads back a stored rule unchanged', () => {
    const values = ruleFormFrom(rule);
    expect(values).toMatchObject({ amount: '850.00', end: 'count', endCount: '12', dayOfMonth: '' });
    const read = readRuleForm(values, 'EUR');
    expect(read.ok && read.body).toMatchObject({ amount: '850.00', endCount: 12, startDate: '2026-01-31' });
  });
});

describe('describeRepeat and describeEnd', () => {
  it('says when a rule repeats, mentioning the last-day fallback for days some months lack', () => {
    expect(describeRepeat(rule)).toBe("Every month on the 31st (or the month's last day)");
    expect(describeRepeat({ ...rule, dayOfMonth: 2 })).toBe('Every month on the 2nd');
    expect(describeRepeat({ ...rule, dayOfMonth: 'last', interval: 3 })).toBe('Every 3 months on the last day');
    expect(describeRepeat({ ...rule, frequency: 'weekly', interval: 2 })).toBe('Every 2 weeks');
    expect(describeRepeat({ ...rule, frequency: 'yearly' })).toBe('Every year');
    expect(describeRepeat({ ...rule, dayOfMonth: 11 })).toBe('Every month on the 11th');
  });

  it('says how a rule ends', () => {
    expect(describeEnd(rule, (date) => date)).toBe('12 times');
    expect(describeEnd({ endDate: '2027-01-01', endCount: null }, (date) => `on ${date}`)).toBe('until on 2027-01-01');
    expect(describeEnd({ endDate: null, endCount: null }, (date) => date)).toBeNull();
  });
});
