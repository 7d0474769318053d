import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  SqliteDialect,
  SqliteDriver,
  type SqliteDatabase,
} from 'kysely';

/**
 * SQLite transactions that take the write lock when they begin (BEGIN IMMEDIATE). With several
 * processes on one file (worker processes, a second instance), a deferred transaction that reads
 * and then writes fails at once with SQLITE_BUSY_SNAPSHOT when another process committed in
 * between; waiting for the lock at BEGIN instead goes through the busy timeout like any other
 * wait. In one process it changes nothing: Kysely runs one transaction at a time on the
 * connection anyway.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

export function immediateSqliteDialect(database: SqliteDatabase): Dialect {
  const base = new SqliteDialect({ database });
  return {
    createAdapter: () => base.createAdapter(),
    createDriver: () => new ImmediateSqliteDriver({ database }),
    createIntrospector: (db) => base.createIntrospector(db),
    createQueryCompiler: () => base.createQueryCompiler(),
  };
}
