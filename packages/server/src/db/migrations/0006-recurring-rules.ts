import type { Kysely } from 'kysely';
import { columnTypes } from '../dialect.js';

/**
 * Recurring expenses: a rule per wallet, one occurrence row per (rule, due date) that the server
 * has created (the unique key that makes creating an occurrence idempotent across restarts and
 * server processes), a marker on the expenses a rule created, and the wallet's time zone that due
 * dates follow.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .alterTable('wallets')
    .addColumn('time_zone', 'varchar(64)', (c) => c.notNull().defaultTo('UTC'))
    .execute();

  await db.schema
    .createTable('recurring_rules')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('wallet_id', 'varchar(36)', (c) => c.notNull().references('wallets.id').onDelete('cascade'))
    .addColumn('created_by', 'varchar(36)', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('amount_minor', t.bigint, (c) => c.notNull())
    .addColumn('category', 'varchar(64)', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('start_date', t.date, (c) => c.notNull())
    .addColumn('frequency', 'varchar(8)', (c) => c.notNull())
    .addColumn('repeat_interval', 'integer', (c) => c.notNull())
    .addColumn('day_of_month', 'integer')
    .addColumn('end_date', t.date)
    .addColumn('end_count', 'integer')
    .addColumn('paused_at', t.timestamp)
    .addColumn('next_date', t.date)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recurring_rules_wallet_idx').on('recurring_rules').column('wallet_id').execute();
  // The runner's scan: rules with an occurrence due, oldest first.
  await db.schema.createIndex('recurring_rules_next_idx').on('recurring_rules').column('next_date').execute();

  await db.schema
    .createTable('recurring_occurrences')
    .addColumn('rule_id', 'varchar(36)', (c) => c.notNull().references('recurring_rules.id').onDelete('cascade'))
    .addColumn('occurrence_date', t.date, (c) => c.notNull())
    .addColumn('expense_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('recurring_occurrences_pk', ['rule_id', 'occurrence_date'])
    .execute();

  await db.schema.alterTable('expenses').addColumn('recurring_rule_id', 'varchar(36)').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('expenses').dropColumn('recurring_rule_id').execute();
  await db.schema.dropTable('recurring_occurrences').execute();
  await db.schema.dropTable('recurring_rules').execute();
  await db.schema.alterTable('wallets').dropColumn('time_zone').execute();
}
