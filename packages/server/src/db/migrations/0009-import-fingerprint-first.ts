import { type Kysely, sql } from 'kysely';

/**
 * The import fingerprint's unique index leads with the fingerprint, `(import_fingerprint,
 * wallet_id)` instead of `(wallet_id, import_fingerprint)`: the same rule (a row of a file is in a
 * wallet once), but an import's duplicate check can now look a fingerprint up without a condition
 * on the wallet that the planner could answer from the wallet's other indexes instead
 * (modules/csv/existing-values.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('expenses_import_key_idx')
    .on('expenses')
    .columns(['import_fingerprint', 'wallet_id'])
    .unique()
    .where(sql.ref('import_fingerprint'), 'is not', null)
    .execute();
  await db.schema.dropIndex('expenses_import_fingerprint_idx').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('expenses_import_fingerprint_idx')
    .on('expenses')
    .columns(['wallet_id', 'import_fingerprint'])
    .unique()
    .where(sql.ref('import_fingerprint'), 'is not', null)
    .execute();
  await db.schema.dropIndex('expenses_import_key_idx').execute();
}
