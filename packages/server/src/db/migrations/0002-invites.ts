import { type Kysely, sql } from 'kysely';
import { columnTypes } from '../dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('invites')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('wallet_id', 'varchar(36)', (c) => c.notNull().references('wallets.id').onDelete('cascade'))
    .addColumn('email', 'varchar(254)', (c) => c.notNull())
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('invited_by', 'varchar(36)', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .addColumn('accepted_at', t.timestamp)
    .addColumn('accepted_by', 'varchar(36)', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('declined_at', t.timestamp)
    .addColumn('revoked_at', t.timestamp)
    .execute();
  // "My pending invites" looks up by email; a wallet's pending invites by wallet.
  await db.schema
    .createIndex('invites_pending_email_idx')
    .on('invites')
    .columns(['email', 'expires_at'])
    .where(sql.ref('accepted_at'), 'is', null)
    .execute();
  await db.schema.createIndex('invites_wallet_idx').on('invites').columns(['wallet_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('invites').execute();
}
