import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { columnTypes } from '../dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);

  // Per-field version stamps: which wallet version last changed each field, and which sync client
  // wrote it (null for the REST endpoints). The merge rule reads them; no row means every field
  // was last written at the expense's own version.
  await db.schema
    .createTable('expense_field_versions')
    .addColumn('expense_id', 'varchar(36)', (c) => c.primaryKey().references('expenses.id').onDelete('cascade'))
    .addColumn('amount_version', t.bigint, (c) => c.notNull())
    .addColumn('amount_client', 'varchar(64)')
    .addColumn('category_version', t.bigint, (c) => c.notNull())
    .addColumn('category_client', 'varchar(64)')
    .addColumn('date_version', t.bigint, (c) => c.notNull())
    .addColumn('date_client', 'varchar(64)')
    .addColumn('note_version', t.bigint, (c) => c.notNull())
    .addColumn('note_client', 'varchar(64)')
    .execute();

  // Stored results of pushed mutations: a retry with the same (client, mutation) id replays them.
  await db.schema
    .createTable('sync_mutations')
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('client_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('mutation_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('request_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_mutations_pk', ['user_id', 'client_id', 'mutation_id'])
    .execute();
  await db.schema.createIndex('sync_mutations_created_idx').on('sync_mutations').column('created_at').execute();

  await db.schema
    .createTable('sync_conflicts')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('wallet_id', 'varchar(36)', (c) => c.notNull().references('wallets.id').onDelete('cascade'))
    .addColumn('expense_id', 'varchar(36)', (c) => c.notNull().references('expenses.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('server_values', 'text')
    .addColumn('client_values', 'text')
    .addColumn('base_version', t.bigint, (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('client_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('resolved_at', t.timestamp)
    .addColumn('resolved_by', 'varchar(36)', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('resolution', 'varchar(16)')
    .execute();
  await db.schema
    .createIndex('sync_conflicts_open_idx')
    .on('sync_conflicts')
    .columns(['wallet_id', 'created_at'])
    .where(sql.ref('resolved_at'), 'is', null)
    .execute();
  await db.schema.createIndex('sync_conflicts_expense_idx').on('sync_conflicts').column('expense_id').execute();

  // Highest version of a tombstone compacted away per wallet: older cursors must reset.
  await db.schema
    .createTable('sync_horizons')
    .addColumn('wallet_id', 'varchar(36)', (c) => c.primaryKey().references('wallets.id').onDelete('cascade'))
    .addColumn('purged_version', t.bigint, (c) => c.notNull())
    .execute();

  // Identity of this database's version history, carried in every cursor.
  await db.schema
    .createTable('sync_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('epoch', 'varchar(36)', (c) => c.notNull())
    .execute();
  await sql`insert into sync_state (id, epoch) values (1, ${randomUUID()})`.execute(db);

  // Compaction finds old tombstones without scanning live rows.
  await db.schema
    .createIndex('expenses_tombstone_idx')
    .on('expenses')
    .column('deleted_at')
    .where(sql.ref('deleted_at'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('expenses_tombstone_idx').execute();
  for (const table of ['sync_state', 'sync_horizons', 'sync_conflicts', 'sync_mutations', 'expense_field_versions']) {
    await db.schema.dropTable(table).execute();
  }
}
