import { createHash, randomUUID } from 'node:crypto';
import {
  type MutationResult,
  type MutationSchema,
  type PullBodySchema,
  type PullResult,
  type PushBodySchema,
  type PushResult,
  type RejectReason,
  type SyncChange,
  SYNC_FIELDS,
  type SyncField,
} from '@ttm/contract';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { type Clock, isoAt } from '../../clock.js';
import { isUniqueViolation } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import type { Db } from '../../db/types.js';
import { hasMoneyInput, type MoneyInput, resolveMoney } from '../expenses/expense-money.js';
import {
  type ExpenseMoney,
  type ExpenseValues,
  insertNewExpense,
  moneyOf,
  tombstoneExpense,
  updateExpenseValues,
} from '../expenses/expense-writes.js';
import { toExpense } from '../expenses/expenses.mapper.js';
import { type ExpenseRow, findExpenseAnywhere } from '../expenses/expenses.repository.js';
import { findFieldStamps } from '../expenses/field-versions.repository.js';
import { toWallet } from '../wallets/wallets.mapper.js';
import {
  bumpWalletVersion,
  findWalletForMember,
  listWalletsForUser,
  lockWallet,
  type MemberWallet,
} from '../wallets/wallets.repository.js';
import { fieldsChangedByOthers, hasField, mergeFields, pick, sameValue } from './merge.js';
import { decodeSyncCursor, encodeSyncCursor } from './sync-cursor.js';
import { serializeValues } from './sync.mapper.js';
import {
  findEpoch,
  findExpenseInWallet,
  findHorizons,
  findStoredMutation,
  insertConflict,
  listWalletChanges,
  storeMutation,
} from './sync.repository.js';

type PullBody = z.output<typeof PullBodySchema>;
type PushBody = z.output<typeof PushBodySchema>;
type Mutation = z.output<typeof MutationSchema>;
type MutationFields = Extract<Mutation, { op: 'update' }>['fields'];

/**
 * Field values of a mutation in storage units: the money resolved against the wallet (and the
 * stored expense, for an edit); a value not valid for the wallet is a message.
 */
export async function toValues(
  db: Db,
  fields: MoneyInput & { category?: string; date?: string; note?: string | null },
  wallet: { id: string; currency: string },
  current: ExpenseMoney | null,
): Promise<{ ok: true; values: Partial<ExpenseValues> } | { ok: false; message: string }> {
  let values: { -readonly [K in keyof ExpenseValues]?: ExpenseValues[K] } = {};
  if (current === null || hasMoneyInput(fields)) {
    const money = await resolveMoney(db, wallet, fields, current);
    if (!money.ok) return { ok: false, message: `${money.path}: ${money.message}` };
    values = { ...money.money };
  }
  if (fields.category !== undefined) values.category = fields.category;
  if (fields.date !== undefined) values.date = fields.date;
  if (fields.note !== undefined) values.note = fields.note;
  return { ok: true, values };
}

export function valuesOf(row: ExpenseRow): ExpenseValues {
  return { ...moneyOf(row), category: row.category, date: row.date, note: row.note };
}

/** A canonical hash of what a mutation asks for, so a reused mutationId with other content is caught. */
function requestHash(mutation: Mutation): string {
  const fields: MutationFields = mutation.op === 'delete' ? {} : mutation.fields;
  const canonical = JSON.stringify([
    mutation.op,
    mutation.expenseId,
    mutation.walletId,
    mutation.op === 'create' ? null : mutation.baseVersion,
    fields.amount ?? null,
    fields.category ?? null,
    fields.date ?? null,
    fields.note === undefined ? '\u0000absent' : fields.note,
    // Appended only when present, so mutations stored before these fields keep their hash.
    ...(fields.kind !== undefined || fields.currency !== undefined || fields.rate !== undefined
      ? [fields.kind ?? null, fields.currency ?? null, fields.rate ?? null]
      : []),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

const MESSAGES: Readonly<Record<RejectReason, string>> = {
  forbidden: 'Viewers can read this wallet but not change it; your change was not saved',
  not_found:
    'This expense or wallet is not available to you any more (deleted, or you were removed from the wallet); your change was not saved',
  validation_failed: 'A value is not valid',
  id_conflict: 'Another expense already uses this id',
  mutation_id_reused: 'This mutationId was already used for a different change',
};

export function createSyncService(db: Kysely<Database>, clock: Clock) {
  function outcome(
    mutation: Mutation,
    status: MutationResult['status'],
    state: { row?: ExpenseRow | undefined; currency?: string; conflictId?: string; message?: string } = {},
  ): MutationResult {
    const row = state.row;
    return {
      mutationId: mutation.mutationId,
      expenseId: mutation.expenseId,
      status,
      reason: null,
      message: state.message ?? null,
      expense: row && row.deleted_at === null && state.currency ? toExpense(row, state.currency) : null,
      deleted: row?.deleted_at !== null && row?.deleted_at !== undefined,
      conflictId: state.conflictId ?? null,
    };
  }

  function rejected(
    mutation: Mutation,
    reason: RejectReason,
    state: { row?: ExpenseRow | undefined; currency?: string; message?: string } = {},
  ): MutationResult {
    return { ...outcome(mutation, 'rejected', state), reason, message: state.message ?? MESSAGES[reason] };
  }

  async function store(trx: Db, userId: string, clientId: string, mutation: Mutation, result: MutationResult) {
    await storeMutation(trx, {
      user_id: userId,
      client_id: clientId,
      mutation_id: mutation.mutationId,
      request_hash: requestHash(mutation),
      result: JSON.stringify(result),
      created_at: isoAt(clock()),
    });
    return result;
  }

  async function recordConflict(
    trx: Db,
    input: {
      walletId: string;
      expenseId: string;
      kind: 'field' | 'edit_deleted' | 'delete_edited';
      fields: readonly SyncField[];
      server: Partial<ExpenseValues> | null;
      client: Partial<ExpenseValues> | null;
      baseVersion: number;
      userId: string;
      clientId: string;
    },
  ): Promise<string> {
    const id = randomUUID();
    await insertConflict(trx, {
      id,
      wallet_id: input.walletId,
      expense_id: input.expenseId,
      kind: input.kind,
      fields: JSON.stringify(input.fields),
      server_values: serializeValues(input.server),
      client_values: serializeValues(input.client),
      base_version: input.baseVersion,
      created_by: input.userId,
      client_id: input.clientId,
      created_at: isoAt(clock()),
      resolved_at: null,
      resolved_by: null,
      resolution: null,
    });
    return id;
  }

  /** Decides and writes one mutation inside a transaction that holds the wallet lock. */
  async function applyLocked(
    trx: Db,
    userId: string,
    clientId: string,
    wallet: MemberWallet,
    mutation: Mutation,
  ): Promise<MutationResult> {
    const currency = wallet.currency;
    const now = isoAt(clock());
    const existing = await findExpenseInWallet(trx, wallet.id, mutation.expenseId);

    if (mutation.op === 'create') {
      const parsed = await toValues(trx, mutation.fields, wallet, null);
      if (!parsed.ok) return rejected(mutation, 'validation_failed', { message: parsed.message });
      const values: ExpenseValues = {
        kind: parsed.values.kind ?? 'expense',
        amountMinor: parsed.values.amountMinor ?? 0,
        originalAmountMinor: parsed.values.originalAmountMinor ?? null,
        originalCurrency: parsed.values.originalCurrency ?? null,
        rate: parsed.values.rate ?? null,
        category: mutation.fields.category,
        date: mutation.fields.date,
        note: mutation.fields.note ?? null,
      };
      if (existing ?? (await findExpenseAnywhere(trx, mutation.expenseId))) {
        // The same create sent before through another path (the REST endpoint) is not an error.
        const same =
          existing?.deleted_at === null && SYNC_FIELDS.every((field) => sameValue(field, valuesOf(existing), values));
        return same ? outcome(mutation, 'applied', { row: existing, currency }) : rejected(mutation, 'id_conflict');
      }
      const version = await bumpWalletVersion(trx, wallet.id);
      const row = await insertNewExpense(trx, {
        id: mutation.expenseId,
        walletId: wallet.id,
        createdBy: userId,
        values,
        version,
        now,
        writer: clientId,
      });
      return outcome(mutation, 'applied', { row, currency });
    }

    if (!existing) return rejected(mutation, 'not_found');

    if (mutation.op === 'delete') {
      if (existing.deleted_at !== null) return outcome(mutation, 'applied', { row: existing, currency });
      const stamps = await findFieldStamps(trx, existing.id, existing.version);
      const edited = fieldsChangedByOthers(stamps, mutation.baseVersion, clientId);
      const version = await bumpWalletVersion(trx, wallet.id);
      const deleted = await tombstoneExpense(trx, existing, version, now);
      if (edited.length === 0) return outcome(mutation, 'applied', { row: deleted, currency });
      // Delete wins; the edits it discarded are kept so their author can restore them.
      const conflictId = await recordConflict(trx, {
        walletId: wallet.id,
        expenseId: existing.id,
        kind: 'delete_edited',
        fields: edited,
        server: pick(valuesOf(existing), edited),
        client: null,
        baseVersion: mutation.baseVersion,
        userId,
        clientId,
      });
      return outcome(mutation, 'conflict', {
        row: deleted,
        currency,
        conflictId,
        message: `Deleted, although it had changes you had not seen (${edited.join(', ')}); they can be restored`,
      });
    }

    const parsed = await toValues(trx, mutation.fields, wallet, moneyOf(existing));
    if (!parsed.ok)
      return rejected(mutation, 'validation_failed', { row: existing, currency, message: parsed.message });
    const proposed = parsed.values;
    if (existing.deleted_at !== null) {
      // Delete wins over a concurrent edit; the edit is kept in the conflict record.
      const fields = SYNC_FIELDS.filter((field) => hasField(proposed, field));
      const conflictId = await recordConflict(trx, {
        walletId: wallet.id,
        expenseId: existing.id,
        kind: 'edit_deleted',
        fields,
        server: null,
        client: proposed,
        baseVersion: mutation.baseVersion,
        userId,
        clientId,
      });
      return outcome(mutation, 'conflict', {
        row: existing,
        currency,
        conflictId,
        message: 'Someone deleted this expense; your edit was kept in a conflict and can be restored',
      });
    }

    const stamps = await findFieldStamps(trx, existing.id, existing.version);
    const merge = mergeFields({
      current: valuesOf(existing),
      stamps,
      baseVersion: mutation.baseVersion,
      clientId,
      proposed,
    });
    let row = existing;
    if (merge.write.length > 0) {
      const version = await bumpWalletVersion(trx, wallet.id);
      row = await updateExpenseValues(trx, existing, pick(proposed, merge.write), version, now, clientId);
    }
    if (merge.conflicts.length > 0) {
      const conflictId = await recordConflict(trx, {
        walletId: wallet.id,
        expenseId: existing.id,
        kind: 'field',
        fields: merge.conflicts,
        server: pick(valuesOf(existing), merge.conflicts),
        client: pick(proposed, merge.conflicts),
        baseVersion: mutation.baseVersion,
        userId,
        clientId,
      });
      return outcome(mutation, 'conflict', {
        row,
        currency,
        conflictId,
        message: `Someone else changed ${merge.conflicts.join(', ')} too; their value was kept and yours is in the conflict`,
      });
    }
    return outcome(mutation, merge.serverAhead ? 'merged' : 'applied', { row, currency });
  }

  /**
   * A stored result as a retry receives it: the same outcome (status, reason, message, conflict)
   * with the expense as it is now, so a retry that arrives after later changes never hands a device
   * stale data (it would resurrect an expense deleted since, for example).
   */
  async function replay(userId: string, stored: MutationResult): Promise<MutationResult> {
    const row = await findExpenseAnywhere(db, stored.expenseId);
    if (!row) return { ...stored, expense: null, deleted: stored.status !== 'rejected' };
    const wallet = await findWalletForMember(db, row.wallet_id, userId);
    if (!wallet) return { ...stored, expense: null, deleted: false };
    return {
      ...stored,
      expense: row.deleted_at === null ? toExpense(row, wallet.currency) : null,
      deleted: row.deleted_at !== null,
    };
  }

  /** One mutation, in its own transaction: it is written completely, with its stored result, or not at all. */
  async function pushOne(
    userId: string,
    clientId: string,
    mutation: Mutation,
    retried = false,
  ): Promise<MutationResult> {
    const stored = await findStoredMutation(db, userId, clientId, mutation.mutationId);
    if (stored) {
      return stored.request_hash === requestHash(mutation)
        ? replay(userId, JSON.parse(stored.result) as MutationResult)
        : rejected(mutation, 'mutation_id_reused');
    }
    try {
      const wallet = await findWalletForMember(db, mutation.walletId, userId);
      if (!wallet) return await store(db, userId, clientId, mutation, rejected(mutation, 'not_found'));
      return await db.transaction().execute(async (trx) => {
        await lockWallet(trx, wallet.id);
        // Membership and role as they are now, under the wallet lock (a removal waits for it).
        const member = await findWalletForMember(trx, wallet.id, userId);
        let result: MutationResult;
        if (!member) {
          result = rejected(mutation, 'not_found');
        } else if (member.role === 'viewer') {
          const row = await findExpenseInWallet(trx, wallet.id, mutation.expenseId);
          result = rejected(mutation, 'forbidden', { row, currency: member.currency });
        } else {
          result = await applyLocked(trx, userId, clientId, member, mutation);
        }
        return store(trx, userId, clientId, mutation, result);
      });
    } catch (error) {
      // A concurrent retry of the same mutation (or create of the same id) won the race: this
      // attempt rolled back, and a second look finds its result.
      if (!retried && isUniqueViolation(error)) return pushOne(userId, clientId, mutation, true);
      throw error;
    }
  }

  return {
    async push(userId: string, body: PushBody): Promise<PushResult> {
      const results: MutationResult[] = [];
      for (const mutation of body.mutations) results.push(await pushOne(userId, body.clientId, mutation));
      return { results };
    },

    /**
     * One consistent snapshot (REPEATABLE READ on PostgreSQL; SQLite transactions are snapshots).
     * Each wallet's version is read from the snapshot and rows are returned only up to it; a
     * version is taken under the wallet's row lock and commits with its rows, so every change at
     * or below the version is visible and the cursor never passes a change committed later.
     *
     * A wallet new to the cursor is downloaded as live rows, over as many pages as it takes; the
     * cursor keeps the wallet version the download began at (see SyncCursor), and later pages
     * add the deletions stamped after it, which can only be of rows already sent.
     */
    async pull(userId: string, body: PullBody): Promise<PullResult> {
      const cursor = body.cursor === null ? null : decodeSyncCursor(body.cursor);
      return db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute(async (trx): Promise<PullResult> => {
          const epoch = await findEpoch(trx);
          if (cursor && cursor.epoch !== epoch) return { reset: true, reason: 'epoch_changed' };
          const known = cursor?.wallets ?? new Map<string, number>();
          const downloading = cursor?.snapshots ?? new Map<string, number>();
          const wallets = await listWalletsForUser(trx, userId);
          const horizons = await findHorizons(
            trx,
            wallets.filter((wallet) => known.has(wallet.id)).map((wallet) => wallet.id),
          );
          for (const wallet of wallets) {
            const since = known.get(wallet.id);
            if (since === undefined) continue;
            const began = downloading.get(wallet.id);
            if (since > wallet.version || (began ?? 0) > wallet.version) return { reset: true, reason: 'cursor_ahead' };
            const purged = horizons.get(wallet.id);
            // A download in progress holds no row deleted before it began; otherwise even a device
            // that saw the wallet empty (0) may hold rows from its own pushes.
            if (purged !== undefined && (began ?? since) < purged) return { reset: true, reason: 'cursor_expired' };
          }

          const next = new Map<string, number>();
          const snapshots = new Map<string, number>();
          const changes: SyncChange[] = [];
          let budget = body.limit;
          let hasMore = false;
          for (const wallet of wallets) {
            const since = known.get(wallet.id) ?? 0;
            // Set while the wallet's first download is unfinished: the version it began at.
            const began = known.has(wallet.id) ? downloading.get(wallet.id) : wallet.version;
            let reached = since;
            if (since < wallet.version && budget > 0) {
              const rows = await listWalletChanges(trx, wallet.id, {
                since,
                upTo: wallet.version,
                limit: budget + 1,
                deletionsAfter: began ?? since,
              });
              const page = rows.slice(0, budget);
              reached = rows.length > budget ? (page.at(-1)?.version ?? since) : wallet.version;
              budget -= page.length;
              for (const row of page) {
                changes.push(
                  row.deleted_at === null
                    ? { op: 'upsert', expense: toExpense(row, wallet.currency) }
                    : { op: 'delete', id: row.id, walletId: row.wallet_id, version: row.version },
                );
              }
            }
            next.set(wallet.id, reached);
            if (reached < wallet.version) {
              hasMore = true;
              if (began !== undefined) snapshots.set(wallet.id, began);
            }
          }
          const current = new Set(wallets.map((wallet) => wallet.id));
          return {
            reset: false,
            cursor: encodeSyncCursor({ epoch, wallets: next, snapshots }),
            changes,
            hasMore,
            walletsAdded: wallets.filter((wallet) => !known.has(wallet.id)).map(toWallet),
            walletsRemoved: [...known.keys()].filter((id) => !current.has(id)),
          };
        });
    },
  };
}

export type SyncService = ReturnType<typeof createSyncService>;
