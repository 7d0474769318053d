import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Db } from '../../db/types.js';
import type { SyncConflictsTable, SyncMutationsTable } from '../../db/tables/sync.table.js';

export async function findEpoch(db: Db): Promise<string> {
  const row = await db.selectFrom('sync_state').select('epoch').where('id', '=', 1).executeTakeFirstOrThrow();
  return row.epoch;
}

/** Highest compacted tombstone version per wallet (wallets without compaction are absent). */
export async function findHorizons(db: Db, walletIds: readonly string[]): Promise<Map<string, number>> {
  if (walletIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('sync_horizons')
    .select(['wallet_id', 'purged_version'])
    .where('wallet_id', 'in', walletIds)
    .execute();
  return new Map(rows.map((row) => [row.wallet_id, row.purged_version]));
}

/**
 * Rows of one wallet stamped in (since, upTo], oldest change first, through expenses_version_idx.
 * Tombstones come only when stamped after `deletionsAfter`: a device downloading a wallet for the
 * first time holds nothing deleted before its download began.
 */
export function listWalletChanges(
  db: Db,
  walletId: string,
  range: { since: number; upTo: number; limit: number; deletionsAfter: number },
) {
  let query = db
    .selectFrom('expenses')
    .selectAll()
    .where('wallet_id', '=', walletId)
    .where('version', '>', range.since)
    .where('version', '<=', range.upTo);
  if (range.deletionsAfter >= range.upTo) {
    query = query.where('deleted_at', 'is', null);
  } else if (range.deletionsAfter > range.since) {
    const after = range.deletionsAfter;
    query = query.where((eb) => eb.or([eb('deleted_at', 'is', null), eb('version', '>', after)]));
  }
  return query.orderBy('version').limit(range.limit).execute();
}

/** An expense of this wallet, deleted or not. */
export function findExpenseInWallet(db: Db, walletId: string, expenseId: string) {
  return db
    .selectFrom('expenses')
    .selectAll()
    .where('id', '=', expenseId)
    .where('wallet_id', '=', walletId)
    .executeTakeFirst();
}

export function findStoredMutation(db: Db, userId: string, clientId: string, mutationId: string) {
  return db
    .selectFrom('sync_mutations')
    .select(['request_hash', 'result'])
    .where('user_id', '=', userId)
    .where('client_id', '=', clientId)
    .where('mutation_id', '=', mutationId)
    .executeTakeFirst();
}

export async function storeMutation(db: Db, row: SyncMutationsTable): Promise<void> {
  await db.insertInto('sync_mutations').values(row).execute();
}

export async function insertConflict(db: Db, row: SyncConflictsTable): Promise<void> {
  await db.insertInto('sync_conflicts').values(row).execute();
}

export function findConflict(db: Db, id: string) {
  return db.selectFrom('sync_conflicts').selectAll().where('id', '=', id).executeTakeFirst();
}

export type ConflictRow = SyncConflictsTable;

export function listOpenConflicts(db: Db, walletId: string, limit: number) {
  return db
    .selectFrom('sync_conflicts')
    .selectAll()
    .where('wallet_id', '=', walletId)
    .where('resolved_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Live and deleted expenses by id (for showing conflicts with the expense as it is now). */
export function findExpensesByIds(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('expenses').selectAll().where('id', 'in', ids).execute();
}

export async function markConflictResolved(
  db: Db,
  id: string,
  resolution: { at: string; by: string; how: 'server' | 'client' | 'fields' },
): Promise<void> {
  await db
    .updateTable('sync_conflicts')
    .set({ resolved_at: resolution.at, resolved_by: resolution.by, resolution: resolution.how })
    .where('id', '=', id)
    .execute();
}

export interface CompactionResult {
  readonly tombstones: number;
  readonly mutations: number;
  readonly conflicts: number;
}

/**
 * Forgets what devices no longer need once `cutoff` is past: tombstones deleted before it (except
 * those an open conflict may still restore), stored push results and resolved conflicts. Each
 * wallet remembers the highest tombstone version it dropped, so older cursors are told to reset.
 */
export async function compactBefore(db: Kysely<Database>, cutoff: string): Promise<CompactionResult> {
  return db.transaction().execute(async (trx) => {
    const expired = (eb: ExpressionBuilder<Database, 'expenses'>) =>
      eb.and([
        eb('deleted_at', 'is not', null),
        eb('deleted_at', '<', cutoff),
        eb.not(
          eb.exists(
            eb
              .selectFrom('sync_conflicts')
              .select('sync_conflicts.id')
              .whereRef('sync_conflicts.expense_id', '=', 'expenses.id')
              .where('sync_conflicts.resolved_at', 'is', null),
          ),
        ),
      ]);
    const horizons = await trx
      .selectFrom('expenses')
      .select((eb) => ['wallet_id', eb.fn.max('version').as('purged_version')])
      .where(expired)
      .groupBy('wallet_id')
      .execute();
    for (const horizon of horizons) {
      await trx
        .insertInto('sync_horizons')
        .values({ wallet_id: horizon.wallet_id, purged_version: horizon.purged_version })
        .onConflict((oc) =>
          oc.column('wallet_id').doUpdateSet({
            purged_version: sql<number>`case when excluded.purged_version > sync_horizons.purged_version
              then excluded.purged_version else sync_horizons.purged_version end`,
          }),
        )
        .execute();
    }
    const tombstones = await trx.deleteFrom('expenses').where(expired).executeTakeFirst();
    const mutations = await trx.deleteFrom('sync_mutations').where('created_at', '<', cutoff).executeTakeFirst();
    const conflicts = await trx
      .deleteFrom('sync_conflicts')
      .where('resolved_at', 'is not', null)
      .where('resolved_at', '<', cutoff)
      .executeTakeFirst();
    return {
      tombstones: Number(tombstones.numDeletedRows),
      mutations: Number(mutations.numDeletedRows),
      conflicts: Number(conflicts.numDeletedRows),
    };
  });
}
