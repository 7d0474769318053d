import { type Kysely, sql } from 'kysely';
import { columnTypes } from '../dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('users')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('email', 'varchar(254)', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .addColumn('revoked_at', t.timestamp)
    .addColumn('user_agent', 'varchar(256)')
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('refresh_tokens')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('session_id', 'varchar(36)', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .addColumn('used_at', t.timestamp)
    .execute();
  await db.schema.createIndex('refresh_tokens_session_idx').on('refresh_tokens').column('session_id').execute();

  await db.schema
    .createTable('wallets')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('currency', 'varchar(3)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('version', t.bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('wallet_members')
    .addColumn('wallet_id', 'varchar(36)', (c) => c.notNull().references('wallets.id').onDelete('cascade'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('joined_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('wallet_members_pk', ['wallet_id', 'user_id'])
    .execute();
  await db.schema.createIndex('wallet_members_user_idx').on('wallet_members').column('user_id').execute();

  await db.schema
    .createTable('expenses')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('wallet_id', 'varchar(36)', (c) => c.notNull().references('wallets.id').onDelete('cascade'))
    .addColumn('created_by', 'varchar(36)', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('amount_minor', t.bigint, (c) => c.notNull())
    .addColumn('category', 'varchar(64)', (c) => c.notNull())
    .addColumn('category_key', 'varchar(256)', (c) => c.notNull())
    .addColumn('date', t.date, (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('version', t.bigint, (c) => c.notNull())
    .addColumn('deleted_at', t.timestamp)
    .execute();
  // History: newest date first within a wallet, live rows only (the keyset cursor walks this).
  await db.schema
    .createIndex('expenses_history_idx')
    .on('expenses')
    .columns(['wallet_id', 'date', 'created_at', 'id'])
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('expenses_category_idx')
    .on('expenses')
    .columns(['wallet_id', 'category_key', 'date'])
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
  // Sync pulls "everything in this wallet after version N", tombstones included.
  await db.schema.createIndex('expenses_version_idx').on('expenses').columns(['wallet_id', 'version']).execute();
  await db.schema.createIndex('expenses_created_by_idx').on('expenses').column('created_by').execute();

  await db.schema
    .createTable('categories')
    .addColumn('wallet_id', 'varchar(36)', (c) => c.notNull().references('wallets.id').onDelete('cascade'))
    .addColumn('key', 'varchar(256)', (c) => c.notNull())
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('usage_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('categories_pk', ['wallet_id', 'key'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['categories', 'expenses', 'wallet_members', 'wallets', 'refresh_tokens', 'sessions', 'users']) {
    await db.schema.dropTable(table).execute();
  }
}
