import { randomUUID } from 'node:crypto';
import { todayInTimeZone } from '@ttm/contract';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { type Clock, isoAt } from '../../clock.js';
import type { Database } from '../../db/schema.js';
import { insertNewExpense } from '../expenses/expense-writes.js';
import { bumpWalletVersion } from '../wallets/wallets.repository.js';
import { scheduleOf } from './recurring.mapper.js';
import {
  claimOccurrence,
  type DueCursor,
  findRuleForRun,
  listDueRules,
  lockRule,
  updateRule,
} from './recurring.repository.js';
import { occurrenceAfter, occurrencesBetween } from './schedule.js';

/**
 * Occurrences one rule gets in one run. A server that was down for a long time catches up in
 * steps of this size (the run goes on with another round at once), so no transaction grows with
 * the length of the outage.
 */
export const MAX_OCCURRENCES_PER_RUN = 100;
/** Rounds of one run: a daily rule that missed 1,000 days is caught up within one run. */
const MAX_ROUNDS = 20;
const PAGE = 200;
const EVERY_MS = 15 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

export interface RuleRunResult {
  readonly created: number;
  /** True when the rule had more due occurrences than one run creates. */
  readonly more: boolean;
}

export function createRecurringRunner(db: Kysely<Database>, clock: Clock) {
  /**
   * Creates the rule's occurrences due up to today in its wallet's time zone, oldest first, through
   * the expense write path (wallet version, totals, categories: devices receive them through sync
   * pulls). The rule's row is locked first; each (rule, date) is claimed once by its unique key,
   * so a restart or a second server process never creates an occurrence twice.
   */
  async function materialise(ruleId: string): Promise<RuleRunResult> {
    return db.transaction().execute(async (trx) => {
      await lockRule(trx, ruleId);
      const rule = await findRuleForRun(trx, ruleId);
      if (!rule || rule.paused_at !== null || rule.next_date === null) return { created: 0, more: false };
      const now = clock();
      const today = todayInTimeZone(now, rule.time_zone);
      const schedule = scheduleOf(rule);
      const due = occurrencesBetween(schedule, rule.next_date, today, MAX_OCCURRENCES_PER_RUN + 1);
      const batch = due.slice(0, MAX_OCCURRENCES_PER_RUN);
      const last = batch.at(-1);
      if (last === undefined) return { created: 0, more: false };
      let created = 0;
      for (const date of batch) {
        const expenseId = randomUUID();
        const claimed = await claimOccurrence(trx, {
          rule_id: rule.id,
          occurrence_date: date,
          expense_id: expenseId,
          created_at: isoAt(now),
        });
        if (!claimed) continue;
        // One version per expense: a pull pages by version (see clearAuthor).
        const version = await bumpWalletVersion(trx, rule.wallet_id);
        await insertNewExpense(trx, {
          id: expenseId,
          walletId: rule.wallet_id,
          createdBy: rule.created_by,
          values: {
            kind: 'expense',
            amountMinor: rule.amount_minor,
            originalAmountMinor: null,
            originalCurrency: null,
            rate: null,
            category: rule.category,
            date,
            note: rule.note,
          },
          version,
          now: isoAt(now),
          writer: null,
          recurringRuleId: rule.id,
        });
        created += 1;
      }
      await updateRule(trx, rule.id, { next_date: occurrenceAfter(schedule, last) });
      return { created, more: due.length > batch.length };
    });
  }

  /** One rule until it is caught up (at most MAX_ROUNDS steps): after it is created or edited. */
  async function catchUp(ruleId: string): Promise<number> {
    let created = 0;
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const result = await materialise(ruleId);
      created += result.created;
      if (!result.more) break;
    }
    return created;
  }

  /**
   * Every rule with an occurrence due, in every wallet. A rule is a candidate when its next date has
   * begun somewhere on Earth (UTC+14); materialise then checks the wallet's own time zone.
   */
  async function runDue(): Promise<number> {
    const latestToday = todayInTimeZone(clock() + 14 * HOUR_MS, 'UTC');
    let created = 0;
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      let more = false;
      let after: DueCursor | null = null;
      for (;;) {
        const page = await listDueRules(db, latestToday, after, PAGE);
        for (const rule of page) {
          const result = await materialise(rule.id);
          created += result.created;
          more ||= result.more;
        }
        const tail = page.at(-1);
        if (page.length < PAGE || tail?.next_date == null) break;
        after = { nextDate: tail.next_date, id: tail.id };
      }
      if (!more) break;
    }
    return created;
  }

  return { materialise, catchUp, runDue };
}

export type RecurringRunner = ReturnType<typeof createRecurringRunner>;

/**
 * Runs the due rules before the server starts answering (occurrences missed while it was down),
 * then every 15 minutes; a run in progress finishes before close. A failed run is logged and the
 * next one tries again: nothing is lost, because rules only move on when their occurrences commit.
 */
export function scheduleRecurringRuns(app: FastifyInstance, runner: RecurringRunner): void {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const run = (): Promise<void> => {
    running = running.then(() =>
      runner.runDue().then(
        (created) => {
          if (created > 0) app.log.info({ created }, 'recurring expenses created');
        },
        (error: unknown) => {
          app.log.error({ err: error }, 'recurring expenses run failed');
        },
      ),
    );
    return running;
  };
  app.addHook('onReady', async () => {
    await run();
    timer = setInterval(() => void run(), EVERY_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await running;
  });
}
