import { type CompiledQuery, sql, type Transaction } from 'kysely';
import { dialectOf } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import type { Db } from '../../db/types.js';

/** Values looked up per query: under every driver's parameter limit on SQLite. */
const LOOKUP_CHUNK = 500;

/** A column of `expenses` that is unique within a wallet, and what an import can match rows on. */
export type ImportKey = 'import_fingerprint' | 'id';

/**
 * The query for which of `values` (at most a chunk) the wallet already has in `column`, written so
 * that the only index it can use is the one the column leads: the primary key for ids, and
 * `(import_fingerprint, wallet_id)` for fingerprints. The wallet is checked on the rows found.
 *
 * The wallet's rows are also reachable through its other indexes (`wallet_id` leads four of them),
 * and with statistics taken before a large import the planner believes the wallet holds a row or
 * two. Given `wallet_id = $1` next to the key, PostgreSQL then read the whole wallet for every
 * chunk of 500 (a wallet's fourth 100,000-row file imported at 2,800 rows/s instead of 13,000),
 * and a probe per value, with the wallet beside it, could read the wallet for every value. So on
 * PostgreSQL each value is probed in a LATERAL subquery with `OFFSET 0`, which the planner neither
 * flattens into a join nor hands the outer condition on the wallet (a fingerprint can be in several
 * wallets, so every row it finds comes out); on SQLite the wallet is compared as `+wallet_id`, an
 * expression SQLite never answers from an index.
 */
export function existingValuesQuery(
  db: Db,
  walletId: string,
  column: ImportKey,
  values: readonly string[],
): CompiledQuery<{ value: string | null }> {
  if (dialectOf(db) === 'postgres') {
    return sql<{ value: string }>`
      select f.value from unnest(${values}::text[]) as f(value)
      cross join lateral (select e.wallet_id from expenses e where ${sql.ref(`e.${column}`)} = f.value offset 0) as hit
      where hit.wallet_id = ${walletId}`.compile(db);
  }
  return db
    .selectFrom('expenses')
    .select(`${column} as value`)
    .where(column, 'in', values)
    .where(sql<string>`+wallet_id`, '=', walletId)
    .compile();
}

/**
 * Which of `candidates` the wallet already has in `column`, looked up a chunk at a time, inside the
 * caller's transaction. On PostgreSQL the transaction's remaining statements run without JIT
 * compilation: after a large import the planner's stale statistics put a fingerprint in hundreds of
 * rows, the lookup's estimated cost crossed the JIT thresholds, and compiling it (90 ms with inlining
 * and optimisation) took 90 times as long as running it, for every chunk of 500.
 */
export async function existingValues(
  trx: Transaction<Database>,
  walletId: string,
  column: ImportKey,
  candidates: readonly string[],
): Promise<Set<string>> {
  if (dialectOf(trx) === 'postgres') await sql`set local jit = off`.execute(trx);
  const found = new Set<string>();
  for (let i = 0; i < candidates.length; i += LOOKUP_CHUNK) {
    const query = existingValuesQuery(trx, walletId, column, candidates.slice(i, i + LOOKUP_CHUNK));
    for (const row of (await trx.executeQuery(query)).rows) if (row.value) found.add(row.value);
  }
  return found;
}
