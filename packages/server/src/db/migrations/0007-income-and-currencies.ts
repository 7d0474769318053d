import { type Kysely, sql } from 'kysely';
import { columnTypes } from '../dialect.js';

/**
 * Income entries and amounts entered in another currency. Every change is a column with a
 * constant default or a nullable one, so it is instant on a table of any size (PostgreSQL 11+
 * stores the default in the catalogue; SQLite's ADD COLUMN never rewrites rows): rows written
 * before are expenses in the wallet's currency, which is what the defaults say, and nothing needs
 * a backfill. The totals keep spending in `total_minor`/`count` as before and income beside it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .alterTable('expenses')
    .addColumn('kind', 'varchar(8)', (c) => c.notNull().defaultTo('expense'))
    .execute();
  // The amount as typed and its currency; amount_minor holds it converted to the wallet's currency.
  await db.schema.alterTable('expenses').addColumn('original_amount_minor', t.bigint).execute();
  await db.schema.alterTable('expenses').addColumn('original_currency', 'varchar(3)').execute();
  // Exact decimal string, never a float: wallet-currency units per one original_currency unit.
  await db.schema.alterTable('expenses').addColumn('rate', 'varchar(32)').execute();
  // "The last rate used for that pair in the wallet": a partial index holds only foreign rows.
  await db.schema
    .createIndex('expenses_rate_idx')
    .on('expenses')
    .columns(['wallet_id', 'original_currency', 'version'])
    .where(sql.ref('original_currency'), 'is not', null)
    .execute();

  await db.schema
    .alterTable('expense_totals')
    .addColumn('income_minor', t.bigint, (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('expense_totals')
    .addColumn('income_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('expense_totals').dropColumn('income_count').execute();
  await db.schema.alterTable('expense_totals').dropColumn('income_minor').execute();
  await db.schema.dropIndex('expenses_rate_idx').execute();
  await db.schema.alterTable('expenses').dropColumn('rate').execute();
  await db.schema.alterTable('expenses').dropColumn('original_currency').execute();
  await db.schema.alterTable('expenses').dropColumn('original_amount_minor').execute();
  await db.schema.alterTable('expenses').dropColumn('kind').execute();
}
