import { type CompiledQuery, sql } from 'kysely';
import { dialectOf } from '../../db/dialect.js';
import type { Db } from '../../db/types.js';

/** Values looked up per query: under every driver's parameter limit on SQLite. */
const LOOKUP_CHUNK = 500;

/** A column of `expenses` that is unique within a wallet, and what an import can match rows on. */
export type ImportKey = 'import_fingerprint' | 'id';

/**
 * The query for which of `values` (at most a chunk) the wallet already has in `column`, written so
 * that each value is one entry of the index its column leads, whatever the statistics say: the
 * primary key for ids, `(import_fingerprint, wallet_id)` for fingerprints.
 *
 * The wallet's rows are also reachable through its other indexes (`wallet_id` leads four of them),
 * and after a large import the statistics can count the wallet as empty: given `wallet_id = $1`
 * beside the key, PostgreSQL then read the whole wallet for every chunk of 500 (a wallet's fourth
 * 100,000-row file imported at 2,800 rows/s instead of 13,000), or for every value. So on
 * PostgreSQL no condition on `wallet_id` alone reaches the planner: each value is probed in a
 * LATERAL subquery with a LIMIT, which is neither flattened into a join nor handed the outer check
 * of the wallet. An id is unique, so its probe is the primary key's. A fingerprint is in every
 * wallet that imported the same line, so its probe starts at `(fingerprint, wallet)` in the key's
 * order and takes the first entry, which is this wallet's row if there is one: one entry read,
 * however many wallets share the line, and costed as one, so a fingerprint that the statistics
 * think common never turns the probe into a scan (nor, with its cost, into a JIT compilation).
 * SQLite keeps no statistics: it answers `wallet_id = ? and import_fingerprint in (...)` from the
 * key's index on both columns, and an id lookup compares the wallet as `+wallet_id`, which it never
 * answers from an index (otherwise it reads the wallet through `(wallet_id, version)`).
 */
export function existingValuesQuery(
  db: Db,
  walletId: string,
  column: ImportKey,
  values: readonly string[],
): CompiledQuery<{ value: string | null }> {
  if (dialectOf(db) === 'postgres') {
    const probe =
      column === 'id'
        ? sql`select e.wallet_id from expenses e where e.id = f.value limit 1`
        : sql`select e.wallet_id from expenses e
              where e.import_fingerprint = f.value and (e.import_fingerprint, e.wallet_id) >= (f.value, ${walletId}::text)
              order by e.import_fingerprint, e.wallet_id limit 1`;
    return sql<{ value: string }>`
      select f.value from unnest(${values}::text[]) as f(value)
      cross join lateral (${probe}) as hit
      where hit.wallet_id = ${walletId}`.compile(db);
  }
  const query = db.selectFrom('expenses').select(`${column} as value`).where(column, 'in', values);
  return (
    column === 'id' ? query.where(sql<string>`+wallet_id`, '=', walletId) : query.where('wallet_id', '=', walletId)
  ).compile();
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
