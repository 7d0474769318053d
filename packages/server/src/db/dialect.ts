import { type Kysely, PostgresAdapter } from 'kysely';

/** Everything that differs between SQLite and PostgreSQL lives here. */
export type DialectName = 'sqlite' | 'postgres';

export function dialectOf(db: { getExecutor(): { readonly adapter: unknown } }): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Column types for migrations: real timestamp/date types on PostgreSQL, ISO text on SQLite. */
export function columnTypes<DB>(db: Kysely<DB>) {
  const postgres = dialectOf(db) === 'postgres';
  return {
    timestamp: postgres ? ('timestamptz' as const) : ('text' as const),
    date: postgres ? ('date' as const) : ('text' as const),
    bigint: 'bigint' as const,
  };
}

export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const code = error.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Escapes LIKE wildcards so user text matches literally (used with ESCAPE '\'). */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}
