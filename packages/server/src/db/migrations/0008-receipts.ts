import { type Kysely, sql } from 'kysely';
import { columnTypes } from '../dialect.js';

/**
 * Receipts attached to expenses. The file lives under DATA_DIR/receipts/<wallet_id>/<id>; a row
 * is written only after its file is complete and renamed into place. Rows follow their expense
 * and wallet on hard deletes (ON DELETE CASCADE); a deleted expense's receipts are marked with
 * `deleted_at` in the deleting transaction and their files are removed by the receipt sweeper.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('receipts')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('expense_id', 'varchar(36)', (c) => c.notNull().references('expenses.id').onDelete('cascade'))
    .addColumn('wallet_id', 'varchar(36)', (c) => c.notNull().references('wallets.id').onDelete('cascade'))
    .addColumn('content_type', 'varchar(64)', (c) => c.notNull())
    .addColumn('byte_size', t.bigint, (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('deleted_at', t.timestamp)
    .execute();
  await db.schema.createIndex('receipts_expense_idx').on('receipts').columns(['expense_id', 'created_at']).execute();
  await db.schema.createIndex('receipts_wallet_idx').on('receipts').columns(['wallet_id', 'created_at']).execute();
  // The sweeper finds receipts waiting for their file to be removed without scanning the rest.
  await db.schema
    .createIndex('receipts_deleted_idx')
    .on('receipts')
    .column('deleted_at')
    .where(sql.ref('deleted_at'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('receipts').execute();
}
