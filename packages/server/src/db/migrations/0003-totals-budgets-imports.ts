import { type Kysely, sql } from 'kysely';
import { columnTypes, dialectOf } from '../dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('expense_totals')
    .addColumn('wallet_id', 'varchar(36)', (c) => c.notNull().references('wallets.id').onDelete('cascade'))
    .addColumn('month', 'varchar(7)', (c) => c.notNull())
    .addColumn('category_key', 'varchar(256)', (c) => c.notNull())
    .addColumn('author_key', 'varchar(36)', (c) => c.notNull())
    .addColumn('total_minor', t.bigint, (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('expense_totals_pk', ['wallet_id', 'month', 'category_key', 'author_key'])
    .execute();

  await db.schema
    .createTable('budgets')
    .addColumn('wallet_id', 'varchar(36)', (c) => c.notNull().references('wallets.id').onDelete('cascade'))
    .addColumn('category_key', 'varchar(256)', (c) => c.notNull())
    .addColumn('monthly_limit_minor', t.bigint, (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('budgets_pk', ['wallet_id', 'category_key'])
    .execute();

  // Stable identity of an imported CSV row, so importing a file twice adds nothing.
  await db.schema.alterTable('expenses').addColumn('import_fingerprint', 'varchar(64)').execute();
  await db.schema
    .createIndex('expenses_import_fingerprint_idx')
    .on('expenses')
    .columns(['wallet_id', 'import_fingerprint'])
    .unique()
    .where(sql.ref('import_fingerprint'), 'is not', null)
    .execute();

  const month = dialectOf(db) === 'postgres' ? sql`to_char(date, 'YYYY-MM')` : sql`substr(date, 1, 7)`;
  await sql`
    insert into expense_totals (wallet_id, month, category_key, author_key, total_minor, count)
    select wallet_id, ${month}, category_key, coalesce(created_by, ''), sum(amount_minor), count(*)
    from expenses where deleted_at is null
    group by wallet_id, ${month}, category_key, coalesce(created_by, '')
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('expenses_import_fingerprint_idx').execute();
  await db.schema.alterTable('expenses').dropColumn('import_fingerprint').execute();
  await db.schema.dropTable('budgets').execute();
  await db.schema.dropTable('expense_totals').execute();
}
