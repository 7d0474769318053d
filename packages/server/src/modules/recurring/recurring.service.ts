import { randomUUID } from 'node:crypto';
import {
  type CreateRecurringRuleBodySchema,
  decimalToMinor,
  type RecurringRule,
  todayInTimeZone,
  type UpdateRecurringRuleBodySchema,
} from '@ttm/contract';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { type Clock, isoAt } from '../../clock.js';
import type { Database } from '../../db/schema.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { requireRole, resolveWallet } from '../wallets/wallet-access.js';
import { dayOfMonthToColumn, scheduleOf, toRecurringRule } from './recurring.mapper.js';
import {
  deleteRule,
  findRuleForMember,
  findRuleForRun,
  insertRule,
  listRulesOfWallet,
  lockRule,
  type RuleRow,
  updateRule,
} from './recurring.repository.js';
import type { RecurringRunner } from './recurring.runner.js';
import { addDays, firstOccurrenceFrom } from './schedule.js';

type CreateBody = z.output<typeof CreateRecurringRuleBodySchema>;
type UpdateBody = z.output<typeof UpdateRecurringRuleBodySchema>;

/** How far back a new rule may start: its past occurrences are created at once. */
const MAX_DAYS_IN_THE_PAST = 366;

function amountToMinor(amount: string, currency: string): number {
  const parsed = decimalToMinor(amount, currency);
  if (!parsed.ok) throw new ValidationError([{ path: 'amount', message: parsed.message }]);
  return parsed.minor;
}

/** The schedule fields of a rule row, after an update is applied. */
type ScheduleColumns = Pick<
  RuleRow,
  'start_date' | 'frequency' | 'repeat_interval' | 'day_of_month' | 'end_date' | 'end_count'
>;

/**
 * The schedule columns an update leads to. Switching the end from a count to a date (or back) drops
 * the other one, and a rule that stops being monthly drops its day of the month, so a client can
 * send only what it changes.
 */
function nextSchedule(current: ScheduleColumns, body: UpdateBody): ScheduleColumns {
  const frequency = body.frequency ?? current.frequency;
  let dayOfMonth = body.dayOfMonth === undefined ? current.day_of_month : dayOfMonthToColumn(body.dayOfMonth);
  if (frequency !== 'monthly') {
    if (body.dayOfMonth != null) {
      throw new ValidationError([{ path: 'dayOfMonth', message: 'A day of the month only applies to monthly rules' }]);
    }
    dayOfMonth = null;
  }
  let endDate = body.endDate === undefined ? current.end_date : body.endDate;
  let endCount = body.endCount === undefined ? current.end_count : body.endCount;
  if (body.endDate != null && body.endCount === undefined) endCount = null;
  if (body.endCount != null && body.endDate === undefined) endDate = null;
  const startDate = body.startDate ?? current.start_date;
  if (endDate !== null && endDate < startDate) {
    throw new ValidationError([{ path: 'endDate', message: 'The end date must not be before the start date' }]);
  }
  return {
    start_date: startDate,
    frequency,
    repeat_interval: body.interval ?? current.repeat_interval,
    day_of_month: dayOfMonth,
    end_date: endDate,
    end_count: endCount,
  };
}

function sameSchedule(a: ScheduleColumns, b: ScheduleColumns): boolean {
  return (
    a.start_date === b.start_date &&
    a.frequency === b.frequency &&
    a.repeat_interval === b.repeat_interval &&
    a.day_of_month === b.day_of_month &&
    a.end_date === b.end_date &&
    a.end_count === b.end_count
  );
}

export function createRecurringService(db: Kysely<Database>, clock: Clock, runner: RecurringRunner) {
  async function current(ruleId: string): Promise<RecurringRule> {
    const row = await findRuleForRun(db, ruleId);
    if (!row) throw new NotFoundError();
    return toRecurringRule(row);
  }

  return {
    async list(userId: string, walletId: string | undefined): Promise<RecurringRule[]> {
      const wallet = await resolveWallet(db, userId, walletId);
      return (await listRulesOfWallet(db, wallet.id)).map(toRecurringRule);
    },

    async get(userId: string, id: string): Promise<RecurringRule> {
      const row = await findRuleForMember(db, id, userId);
      if (!row) throw new NotFoundError();
      return toRecurringRule(row);
    },

    /** A new rule's occurrences from its start date up to today are created before it is answered. */
    async create(userId: string, body: CreateBody): Promise<RecurringRule> {
      const wallet = await resolveWallet(db, userId, body.walletId);
      requireRole(wallet, 'editor');
      const amountMinor = amountToMinor(body.amount, wallet.currency);
      const today = todayInTimeZone(clock(), wallet.time_zone);
      if (body.startDate < addDays(today, -MAX_DAYS_IN_THE_PAST)) {
        throw new ValidationError([{ path: 'startDate', message: 'A rule can start at most a year in the past' }]);
      }
      const now = isoAt(clock());
      const row: RuleRow = {
        id: randomUUID(),
        wallet_id: wallet.id,
        created_by: userId,
        amount_minor: amountMinor,
        category: body.category,
        note: body.note ?? null,
        start_date: body.startDate,
        frequency: body.frequency,
        repeat_interval: body.interval ?? 1,
        day_of_month: body.frequency === 'monthly' ? dayOfMonthToColumn(body.dayOfMonth ?? null) : null,
        end_date: body.endDate ?? null,
        end_count: body.endCount ?? null,
        paused_at: null,
        next_date: null,
        created_at: now,
        updated_at: now,
      };
      row.next_date = firstOccurrenceFrom(
        scheduleOf({ ...row, currency: wallet.currency, time_zone: wallet.time_zone }),
        row.start_date,
      );
      await insertRule(db, row);
      await runner.catchUp(row.id);
      return current(row.id);
    },

    /**
     * Changes apply to occurrences not created yet; those already created are ordinary expenses and
     * stay as they are. A changed schedule, and a resume, continue from today: dates that passed
     * meanwhile (or while paused) are not created.
     */
    async update(userId: string, id: string, body: UpdateBody): Promise<RecurringRule> {
      const found = await findRuleForMember(db, id, userId);
      if (!found) throw new NotFoundError();
      requireRole(found, 'editor');
      const amountMinor = body.amount === undefined ? undefined : amountToMinor(body.amount, found.currency);
      await db.transaction().execute(async (trx) => {
        await lockRule(trx, id);
        const fresh = await findRuleForMember(trx, id, userId);
        if (!fresh) throw new NotFoundError();
        requireRole(fresh, 'editor');
        const schedule = nextSchedule(fresh, body);
        const now = clock();
        const today = todayInTimeZone(now, fresh.time_zone);
        const resuming = body.paused === false && fresh.paused_at !== null;
        let nextDate = fresh.next_date;
        if (!sameSchedule(schedule, fresh) || resuming) {
          nextDate = firstOccurrenceFrom(scheduleOf({ ...fresh, ...schedule }), today);
        }
        const pausedAt =
          body.paused === undefined ? fresh.paused_at : body.paused ? (fresh.paused_at ?? isoAt(now)) : null;
        await updateRule(trx, id, {
          ...schedule,
          ...(amountMinor === undefined ? {} : { amount_minor: amountMinor }),
          ...(body.category === undefined ? {} : { category: body.category }),
          ...(body.note === undefined ? {} : { note: body.note }),
          paused_at: pausedAt,
          next_date: nextDate,
          updated_at: isoAt(now),
        });
      });
      await runner.catchUp(id);
      return current(id);
    },

    /** The rule goes; the expenses it created stay, still marked with its id. */
    async remove(userId: string, id: string): Promise<void> {
      const found = await findRuleForMember(db, id, userId);
      if (!found) throw new NotFoundError();
      requireRole(found, 'editor');
      await db.transaction().execute(async (trx) => {
        await lockRule(trx, id);
        await deleteRule(trx, id);
      });
    },
  };
}

export type RecurringService = ReturnType<typeof createRecurringService>;
