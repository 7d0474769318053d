import { type CompiledQuery, sql } from 'kysely';
import { dialectOf } from '../../db/dialect.js';
import type { Db } from '../../db/types.js';

/** Values looked up per query: under every driver's parameter limit on SQLite. */
const LOOKUP_CHUNK = 500;

/** A column of `expenses` that is unique within a wallet, and what an import can match rows on. */
export type ImportKey = 'import_fingerprint' | 'id';

/**
 * The query for which of `values` (at most a chunk) the wallet already has in `column`.
 *
 * On PostgreSQL each value is looked up on its own through the column's unique index (the
 * `(wallet_id, import_fingerprint)` index, or the primary key with the wallet checked after): a
 * LATERAL subquery with a LIMIT is never flattened into a join or given the outer condition, and
 * its condition leaves the planner no other index to read. The plain `wallet_id = $1 and column in
 * (...)` left the choice to the planner, which, with statistics taken before a large import, read
 * every row of the wallet through its `(wallet_id, version)` index for each chunk (see the README's
 * design notes).
 */
export function existingValuesQuery(
  db: Db,
  walletId: string,
  column: ImportKey,
  values: readonly string[],
): CompiledQuery<{ value: string | null }> {
  if (dialectOf(db) === 'postgres') {
    const match =
      column === 'id' ? sql`e.id = f.value` : sql`e.wallet_id = ${walletId} and e.import_fingerprint = f.value`;
    return sql<{ value: string }>`
      select f.value from unnest(${values}::text[]) as f(value)
      cross join lateral (select e.wallet_id from expenses e where ${match} limit 1) as hit
      where hit.wallet_id = ${walletId}`.compile(db);
  }
  return db
    .selectFrom('expenses')
    .select(`${column} as value`)
    .where('wallet_id', '=', walletId)
    .where(column, 'in', values)
    .compile();
}

/** Which of `candidates` the wallet already has in `column`, looked up a chunk at a time. */
export async function existingValues(
  db: Db,
  walletId: string,
  column: ImportKey,
  candidates: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < candidates.length; i += LOOKUP_CHUNK) {
    const query = existingValuesQuery(db, walletId, column, candidates.slice(i, i + LOOKUP_CHUNK));
    for (const row of (await db.executeQuery(query)).rows) if (row.value) found.add(row.value);
  }
  return found;
}
