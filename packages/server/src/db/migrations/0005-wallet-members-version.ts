import type { Kysely } from 'kysely';

/**
 * A counter bumped by every change to a wallet's member list, so responses that show the members
 * (summaries name each member) can be cached under a key read from the wallet row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('wallets')
    .addColumn('members_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('wallets').dropColumn('members_version').execute();
}
