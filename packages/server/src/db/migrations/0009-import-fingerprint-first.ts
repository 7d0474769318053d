import { type Kysely, sql } from 'kysely';

/** A unique index over the two columns in the given order, for rows that carry a fingerprint. */
async function createImportIndex(
  db: Kysely<unknown>,
  name: string,
  columns: readonly ['import_fingerprint', 'wallet_id'] | readonly ['wallet_id', 'import_fingerprint'],
): Promise<void> {
  await db.schema
    .createIndex(name)
    .on('expenses')
    .columns([...columns])
    .unique()
    .where(sql.ref('import_fingerprint'), 'is not', null)
    .execute();
}

/**
 * The import fingerprint's unique index leads with the fingerprint, `(import_fingerprint,
 * wallet_id)` instead of `(wallet_id, import_fingerprint)`: the same rule (a row of a file is in a
 * wallet once), but an import's duplicate check can now look a fingerprint up without a condition
 * on the wallet that the planner could answer from the wallet's other indexes instead
 * (modules/csv/existing-values.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await createImportIndex(db, 'expenses_import_key_idx', ['import_fingerprint', 'wallet_id']);
  await db.schema.dropIndex('expenses_import_fingerprint_idx').execute();
}

/** Back to migration 0003's index (copied, not imported: a landed migration never changes). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await createImportIndex(db, 'expenses_import_fingerprint_idx', ['wallet_id', 'import_fingerprint']);
  await db.schema.dropIndex('expenses_import_key_idx').execute();
}
