import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import type { DialectName } from './dialect.js';
import { withNamedStatements } from './pg-named-statements.js';
import { PipelinedConnection } from './pg-pipeline.js';
import type { Database } from './schema.js';
import { immediateSqliteDialect } from './sqlite-dialect.js';
import { type SqliteReadLockKeeper, startReadLockKeeper } from './sqlite-read-lock.js';
import { withStatementCache } from './sqlite-statements.js';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  destroy(): Promise<void>;
}

const PG_INT8 = 20;
const PG_DATE = 1082;
const PG_TIMESTAMP = 1114;
const PG_TIMESTAMPTZ = 1184;

/** Our bigint columns (minor units, versions) stay far below 2^53; fail loudly if one does not. */
function parseInt8(value: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new RangeError(`bigint ${value} exceeds the safe integer range`);
  return number;
}

/** Dates stay the ISO text PostgreSQL sends ('2026-11-22'), as SQLite stores them. */
function parseDate(value: string): string {
  return value;
}

function parseTimestamp(value: string): string {
  return new Date(value).toISOString();
}

const builtinParser = pg.types.getTypeParser.bind(pg.types) as (
  oid: number,
  format?: string,
) => (value: string) => unknown;

const pgTypes = {
  // Asked for every column of every result (node-postgres reads the row description each time),
  // so it hands out the same functions rather than new closures.
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    switch (oid) {
      case PG_INT8:
        return parseInt8;
      case PG_DATE:
        return parseDate;
      case PG_TIMESTAMP:
      case PG_TIMESTAMPTZ:
        return parseTimestamp;
      default:
        return builtinParser(oid, format);
    }
  },
};

/** WAL pages that make a commit checkpoint the WAL back into the database file (see below). */
const WAL_CHECKPOINT_PAGES = 10_000;

function openSqlite(path: string): SQLite.Database {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  // A checkpoint copies every page the WAL holds back into the database file and flushes both to
  // disk, blocking this process's event loop meanwhile (better-sqlite3 is synchronous). The pages
  // writes touch most (a wallet's row, the tails of the expense indexes, the monthly totals) are in
  // every checkpoint however often it runs, so running it every 10,000 pages (a WAL of up to 40 MB)
  // instead of SQLite's 1,000 copies them a tenth as often (the eighth round of docs/performance-log.md).
  sqlite.pragma(`wal_autocheckpoint = ${String(WAL_CHECKPOINT_PAGES)}`);
  return sqlite;
}

/**
 * A database file's connection with a read-lock keeper beside it (`db/sqlite-read-lock.ts`): every
 * query tells the keeper queries are coming, and closing closes both in the keeper's order.
 */
function withReadLockKeeper(database: SqliteDatabase, keeper: SqliteReadLockKeeper): SqliteDatabase {
  return {
    close: () => {
      keeper.close(() => {
        database.close();
      });
    },
    prepare: (sql) => {
      keeper.touch();
      return database.prepare(sql);
    },
  };
}

/** `sqlite:PATH` (or `sqlite::memory:`) selects SQLite, `postgres://...` selects PostgreSQL. */
export function createDatabase(
  url: string,
  options: { poolSize?: number; onConnectionError?: (error: Error) => void } = {},
): DatabaseHandle {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    const statements = withStatementCache(openSqlite(path));
    // An in-memory database is this connection's alone: no other connection could hold its locks.
    const keeper = path === ':memory:' ? null : startReadLockKeeper(path, WAL_CHECKPOINT_PAGES);
    const database = keeper === null ? statements : withReadLockKeeper(statements, keeper);
    const db = new Kysely<Database>({ dialect: immediateSqliteDialect(database) });
    return { db, dialect: 'sqlite', destroy: () => db.destroy() };
  }
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, types: pgTypes });
  // PostgreSQL may end a connection (restart, failover, idle timeout). The pool, and the pipelined
  // connection, replace it on the next query; without a listener the 'error' event would crash
  // the process.
  const onConnectionError =
    options.onConnectionError ??
    ((error: Error) => {
      process.emitWarning(`PostgreSQL closed a connection: ${error.message}`);
    });
  pool.on('error', onConnectionError);
  const pipeline = new PipelinedConnection({ connectionString: url, types: pgTypes }, onConnectionError);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: withNamedStatements(pool, pipeline) }) });
  return { db, dialect: 'postgres', destroy: () => db.destroy() };
}
