import { createHash } from 'node:crypto';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';
import type { PipelinedConnection } from './pg-pipeline.js';
import { StatementQuery } from './pg-statement-query.js';

/** Hot query texts are a few dozen; the bound only guards against a caller registering many. */
const MAX_NAMED = 500;

interface HotStatement {
  readonly name: string;
  readonly pointRead: boolean;
}

/** SQL text -> statement name, for the texts registered as hot (see db/prepared.ts). */
const statements = new Map<string, HotStatement>();

/**
 * Marks a query text as hot: on PostgreSQL it then runs as a named prepared statement, parsed and
 * planned once per connection instead of on every execution. Texts must be fixed shapes (no
 * variable-length IN lists), since each name stays prepared for the connection's lifetime.
 * A `pointRead` (a read of a row or two through a unique index, never slow) runs on the shared
 * pipelined connection when it is not part of a transaction.
 */
export function registerHotStatement(sql: string, options: { readonly pointRead?: boolean } = {}): void {
  if (statements.has(sql) || statements.size >= MAX_NAMED) return;
  statements.set(sql, {
    name: `ttm_${createHash('sha256').update(sql).digest('base64url').slice(0, 24)}`,
    pointRead: options.pointRead === true,
  });
}

function submit(
  run: (query: StatementQuery) => Promise<pg.QueryResult>,
  sql: string,
  parameters: readonly unknown[] | undefined,
): Promise<pg.QueryResult> {
  return run(new StatementQuery(statements.get(sql)?.name, sql, [...(parameters ?? [])]));
}

/**
 * What Kysely holds as "a connection": a pooled connection is checked out only when the first
 * statement needs one (a transaction, or anything but a point read), and kept until release so a
 * transaction's statements share it. Point reads outside a transaction go to the pipelined
 * connection. Kysely runs no cursors here (the dialect has none configured).
 */
class Lease implements PostgresPoolClient {
  /** The checkout, kept as a promise so statements sent together still share one connection. */
  #pooled: Promise<pg.PoolClient> | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly pipeline: PipelinedConnection,
    private readonly free: Lease[],
  ) {}

  query<R>(
    sqlOrCursor: string | PostgresCursor<R>,
    parameters?: readonly unknown[],
  ): Promise<PostgresQueryResult<R>> & PostgresCursor<R> {
    if (typeof sqlOrCursor !== 'string') throw new Error('Cursors are not configured for this database');
    const sql = sqlOrCursor;
    if (this.#pooled === null && statements.get(sql)?.pointRead === true)
      return submit((query) => this.pipeline.query(query), sql, parameters) as never;
    return this.#onPooled(sql, parameters) as never;
  }

  release(): void {
    // A checkout that failed has nothing to give back.
    this.#pooled?.then(
      (client) => {
        client.release();
      },
      () => undefined,
    );
    this.#pooled = null;
    this.free.push(this);
  }

  async #onPooled(sql: string, parameters: readonly unknown[] | undefined): Promise<pg.QueryResult> {
    this.#pooled ??= this.pool.connect();
    const client = await this.#pooled;
    return submit((query) => query.runOn(client), sql, parameters);
  }
}

/** The pool as Kysely sees it: hot statements sent by name, point reads pipelined. */
export function withNamedStatements(pool: pg.Pool, pipeline: PipelinedConnection): PostgresPool {
  const free: Lease[] = [];
  return {
    connect: () => Promise.resolve(free.pop() ?? new Lease(pool, pipeline, free)),
    end: async () => {
      await pipeline.end();
      await pool.end();
    },
  };
}
