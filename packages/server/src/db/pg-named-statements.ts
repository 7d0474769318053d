import { createHash } from 'node:crypto';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

/** Hot query texts are a few dozen; the bound only guards against a caller registering many. */
const MAX_NAMED = 500;

/** SQL text -> statement name, for the texts registered as hot (see db/prepared.ts). */
const names = new Map<string, string>();

/**
 * Marks a query text as hot: on PostgreSQL it then runs as a named prepared statement, parsed and
 * planned once per connection instead of on every execution. Texts must be fixed shapes (no
 * variable-length IN lists), since each name stays prepared for the connection's lifetime.
 */
export function registerHotStatement(sql: string): void {
  if (names.has(sql) || names.size >= MAX_NAMED) return;
  names.set(sql, `ttm_${createHash('sha256').update(sql).digest('base64url').slice(0, 24)}`);
}

function withNames(client: pg.PoolClient): PostgresPoolClient {
  return {
    query<R>(
      sqlOrCursor: string | PostgresCursor<R>,
      parameters?: readonly unknown[],
    ): Promise<PostgresQueryResult<R>> & PostgresCursor<R> {
      // A cursor (streaming) is submitted as it is.
      if (typeof sqlOrCursor !== 'string') return client.query(sqlOrCursor as unknown as pg.Submittable) as never;
      const values = [...(parameters ?? [])];
      const name = names.get(sqlOrCursor);
      return (
        name === undefined ? client.query(sqlOrCursor, values) : client.query({ name, text: sqlOrCursor, values })
      ) as never;
    },
    release: () => {
      client.release();
    },
  };
}

/** The pool as Kysely sees it, with hot statements sent by name. */
export function withNamedStatements(pool: pg.Pool): PostgresPool {
  const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let named = wrapped.get(client);
      if (named === undefined) {
        named = withNames(client);
        wrapped.set(client, named);
      }
      return named;
    },
    end: () => pool.end(),
  };
}
