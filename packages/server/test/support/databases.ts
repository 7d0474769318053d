import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrator.js';

export type DatabaseKind = 'sqlite' | 'postgres';

const postgresUrl = process.env['TEST_DATABASE_URL'];

if (process.env['CI'] === 'true' && !postgresUrl) {
  throw new Error('CI must run the integration tests on PostgreSQL too: set TEST_DATABASE_URL');
}

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (and always in CI). */
export const DATABASE_KINDS: readonly DatabaseKind[] = postgresUrl ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDatabase extends DatabaseHandle {
  readonly kind: DatabaseKind;
  /** Closes connections and drops the database. */
  dispose(): Promise<void>;
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database of the given kind, used by one test file. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const handle = createDatabase('sqlite::memory:');
    await migrateToLatest(handle.db);
    return { ...handle, kind, dispose: () => handle.destroy() };
  }
  if (!postgresUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `ttm_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  const handle = createDatabase(url.toString(), { poolSize: 12 });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    kind,
    async dispose() {
      await handle.destroy();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}
