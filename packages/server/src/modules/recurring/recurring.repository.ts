import { sql } from 'kysely';
import { dialectOf } from '../../db/dialect.js';
import type { RecurringRulesTable } from '../../db/tables/recurring.table.js';
import type { Db } from '../../db/types.js';

export type RuleRow = RecurringRulesTable;

/** A rule with what its wallet contributes: currency and time zone. */
const RULE_COLUMNS = [
  'recurring_rules.id',
  'recurring_rules.wallet_id',
  'recurring_rules.created_by',
  'recurring_rules.amount_minor',
  'recurring_rules.category',
  'recurring_rules.note',
  'recurring_rules.start_date',
  'recurring_rules.frequency',
  'recurring_rules.repeat_interval',
  'recurring_rules.day_of_month',
  'recurring_rules.end_date',
  'recurring_rules.end_count',
  'recurring_rules.paused_at',
  'recurring_rules.next_date',
  'recurring_rules.created_at',
  'recurring_rules.updated_at',
  'wallets.currency',
  'wallets.time_zone',
] as const;

export async function insertRule(db: Db, row: RuleRow): Promise<void> {
  await db.insertInto('recurring_rules').values(row).execute();
}

/** A rule in a wallet the user is a member of, with the user's role; undefined otherwise. */
export function findRuleForMember(db: Db, id: string, userId: string) {
  return db
    .selectFrom('recurring_rules')
    .innerJoin('wallets', 'wallets.id', 'recurring_rules.wallet_id')
    .innerJoin('wallet_members', (join) =>
      join
        .onRef('wallet_members.wallet_id', '=', 'recurring_rules.wallet_id')
        .on('wallet_members.user_id', '=', userId),
    )
    .select([...RULE_COLUMNS, 'wallet_members.role'])
    .where('recurring_rules.id', '=', id)
    .executeTakeFirst();
}

export type MemberRule = NonNullable<Awaited<ReturnType<typeof findRuleForMember>>>;

/** A rule with its wallet's currency and time zone, for the runner (no caller involved). */
export function findRuleForRun(db: Db, id: string) {
  return db
    .selectFrom('recurring_rules')
    .innerJoin('wallets', 'wallets.id', 'recurring_rules.wallet_id')
    .select(RULE_COLUMNS)
    .where('recurring_rules.id', '=', id)
    .executeTakeFirst();
}

export type WalletRule = NonNullable<Awaited<ReturnType<typeof findRuleForRun>>>;

/** A wallet's rules, the next due first, ended ones last. */
export function listRulesOfWallet(db: Db, walletId: string) {
  return db
    .selectFrom('recurring_rules')
    .innerJoin('wallets', 'wallets.id', 'recurring_rules.wallet_id')
    .select(RULE_COLUMNS)
    .where('recurring_rules.wallet_id', '=', walletId)
    .orderBy(sql`case when recurring_rules.next_date is null then 1 else 0 end`)
    .orderBy('recurring_rules.next_date')
    .orderBy('recurring_rules.created_at')
    .orderBy('recurring_rules.id')
    .execute();
}

/**
 * Holds the rule's row until the transaction ends (PostgreSQL; SQLite has one writer anyway), so a
 * run and an edit of the same rule, in this process or another, take turns.
 */
export async function lockRule(db: Db, id: string): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`select id from recurring_rules where id = ${id} for update`.execute(db);
  }
}

export async function updateRule(db: Db, id: string, changes: Partial<Omit<RuleRow, 'id' | 'wallet_id'>>) {
  await db.updateTable('recurring_rules').set(changes).where('id', '=', id).execute();
}

export async function deleteRule(db: Db, id: string): Promise<void> {
  await db.deleteFrom('recurring_rules').where('id', '=', id).execute();
}

export interface DueCursor {
  readonly nextDate: string;
  readonly id: string;
}

/**
 * Rules not paused whose next occurrence is on or before `upTo`, in (next_date, id) order after
 * `after`: the runner pages through all of them, so rules due later never hide those due now.
 */
export function listDueRules(db: Db, upTo: string, after: DueCursor | null, limit: number) {
  let query = db
    .selectFrom('recurring_rules')
    .select(['id', 'next_date'])
    .where('next_date', 'is not', null)
    .where('next_date', '<=', upTo)
    .where('paused_at', 'is', null);
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('next_date', '>', after.nextDate),
        eb.and([eb('next_date', '=', after.nextDate), eb('id', '>', after.id)]),
      ]),
    );
  }
  return query.orderBy('next_date').orderBy('id').limit(limit).execute();
}

/**
 * Claims one occurrence of a rule: true when this call created the (rule, date) row, false when it
 * already existed. The primary key makes a second claim, by a restart or another server process,
 * do nothing.
 */
export async function claimOccurrence(
  db: Db,
  row: { rule_id: string; occurrence_date: string; expense_id: string; created_at: string },
): Promise<boolean> {
  const result = await db
    .insertInto('recurring_occurrences')
    .values(row)
    .onConflict((oc) => oc.columns(['rule_id', 'occurrence_date']).doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}
