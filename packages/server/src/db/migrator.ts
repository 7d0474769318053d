import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as m0001 from './migrations/0001-initial.js';
import * as m0002 from './migrations/0002-invites.js';
import * as m0003 from './migrations/0003-totals-budgets-imports.js';
import * as m0004 from './migrations/0004-sync.js';
import * as m0005 from './migrations/0005-wallet-members-version.js';
import * as m0006 from './migrations/0006-recurring-rules.js';
import * as m0007 from './migrations/0007-income-and-currencies.js';
import * as m0008 from './migrations/0008-receipts.js';
import * as m0009 from './migrations/0009-import-fingerprint-first.js';

/** Explicit registry: a migration runs only if it is listed here. Never edit a landed one. */
const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial': m0001,
  '0002-invites': m0002,
  '0003-totals-budgets-imports': m0003,
  '0004-sync': m0004,
  '0005-wallet-members-version': m0005,
  '0006-recurring-rules': m0006,
  '0007-income-and-currencies': m0007,
  '0008-receipts': m0008,
  '0009-import-fingerprint-first': m0009,
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(MIGRATIONS) };

export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({ db: db as Kysely<unknown>, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error('Migration failed', { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
