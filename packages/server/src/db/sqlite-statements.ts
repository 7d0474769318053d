import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { type CachedStatement, rowsAsObjects } from './sqlite-rows.js';

/** Distinct query shapes the app runs are a few hundred; this bounds a pathological caller. */
const DEFAULT_CAPACITY = 1000;

/**
 * Hands Kysely a prepared statement per distinct SQL text, reused across requests, instead of
 * letting better-sqlite3 prepare (parse and plan) the same text again on every query. A statement
 * still being iterated by a stream is busy and cannot run twice at once, so that caller gets a
 * fresh one. Least recently used statements are dropped past `capacity`.
 */
export function withStatementCache(sqlite: SQLite.Database, capacity = DEFAULT_CAPACITY): SqliteDatabase {
  const statements = new Map<string, CachedStatement>();
  return {
    close: () => {
      statements.clear();
      sqlite.close();
    },
    prepare(sql: string): SqliteStatement {
      const cached = statements.get(sql);
      if (cached !== undefined) {
        if (cached.busy) return rowsAsObjects(sqlite.prepare(sql));
        // Re-inserting moves the entry to the end: Map order is the recency order.
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const statement = rowsAsObjects(sqlite.prepare(sql));
      statements.set(sql, statement);
      if (statements.size > capacity) {
        const oldest = statements.keys().next();
        if (oldest.done !== true) statements.delete(oldest.value);
      }
      return statement;
    },
  };
}
