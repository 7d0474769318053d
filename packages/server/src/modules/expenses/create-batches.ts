import { categoryKey, type Role } from '@ttm/contract';
import { isUniqueViolation } from '../../db/dialect.js';
import { keyedBatches } from '../../db/keyed-batches.js';
import type { Db } from '../../db/types.js';
import type { WriteTransactions } from '../../db/write-transactions.js';
import { NotFoundError } from '../../errors.js';
import { requireRole, resolveWallet } from '../wallets/wallet-access.js';
import { bumpWalletVersion, bumpWalletVersionBy, memberRoles } from '../wallets/wallets.repository.js';
import { type ExpenseValues, insertNewExpense, newExpenseRow, storeNewExpenses } from './expense-writes.js';
import type { ExpenseRow } from './expenses.repository.js';

/** One create through the REST API, waiting for its wallet's next batch. */
export interface PendingCreate {
  readonly userId: string;
  readonly walletId: string;
  readonly id: string;
  readonly values: ExpenseValues;
  readonly now: string;
}

/** Stores a new expense once its batch has committed, after checking the caller may write. */
export type BatchedCreates = (create: PendingCreate) => Promise<ExpenseRow>;

/**
 * A batch's statements carry one row per create (parameters per row on SQLite, JSON on PostgreSQL);
 * this keeps them far below any parameter limit and a batch's hold on the wallet short.
 */
const MAX_CREATES = 64;

type Outcome = { readonly ok: true; readonly row: ExpenseRow } | { readonly ok: false; readonly error: unknown };

interface Waiting {
  readonly create: PendingCreate;
  readonly resolve: (row: ExpenseRow) => void;
  readonly reject: (error: unknown) => void;
}

/** One create alone: the statements of a single write, as every other write path runs them. */
async function createOne(trx: Db, create: PendingCreate): Promise<ExpenseRow> {
  const version = await bumpWalletVersion(trx, create.walletId);
  // Membership may have changed while waiting for the wallet lock.
  requireRole(await resolveWallet(trx, create.userId, create.walletId), 'editor');
  return insertNewExpense(trx, {
    id: create.id,
    walletId: create.walletId,
    createdBy: create.userId,
    values: create.values,
    version,
    now: create.now,
    writer: null,
  });
}

/** Whether `userId`'s role lets them write, as `resolveWallet` and `requireRole` would answer. */
function refusal(roles: ReadonlyMap<string, Role>, userId: string): unknown {
  const role = roles.get(userId);
  if (role === undefined) return new NotFoundError();
  try {
    requireRole({ role }, 'editor');
    return null;
  } catch (error) {
    return error;
  }
}

/**
 * Several creates to one wallet in a fixed number of statements, whatever their number: the
 * wallet's version bumped once (which takes its lock), the members' roles read once after the
 * lock, then the rows with their categories' use and monthly totals (`storeNewExpenses`: a
 * statement per table on SQLite, one for all three on PostgreSQL). A create whose author may not
 * write gets the same error it would alone and takes no version.
 */
async function createMany(trx: Db, walletId: string, creates: readonly PendingCreate[]): Promise<Outcome[]> {
  const last = await bumpWalletVersionBy(trx, walletId, creates.length);
  const roles = await memberRoles(trx, walletId, [...new Set(creates.map((create) => create.userId))]);
  const refusals = creates.map((create) => refusal(roles, create.userId));
  const accepted = creates.filter((_create, index) => refusals[index] === null);
  // Refused creates give their versions back, so versions stay gapless.
  if (accepted.length < creates.length) await bumpWalletVersionBy(trx, walletId, accepted.length - creates.length);
  if (accepted.length === 0) return refusals.map((error) => ({ ok: false, error }));

  const first = last - creates.length + 1;
  // In the batch's order, so the first spelling is the one a category new to the wallet is kept under.
  const rows = await storeNewExpenses(
    trx,
    walletId,
    accepted.map((create, index) =>
      newExpenseRow(
        {
          id: create.id,
          walletId,
          createdBy: create.userId,
          values: create.values,
          version: first + index,
          now: create.now,
          writer: null,
        },
        { key: categoryKey(create.values.category), name: create.values.category },
      ),
    ),
  );
  let next = 0;
  return refusals.map((error): Outcome => {
    if (error !== null) return { ok: false, error };
    const row = rows[next++];
    return row === undefined ? { ok: false, error: new Error('A batched create lost its row') } : { ok: true, row };
  });
}

/**
 * Batched creates. A create is several statements, and on PostgreSQL each is a round trip made
 * while holding the wallet's row lock; that, not the work itself, is what limits how many creates
 * a wallet takes per second. So the creates to one wallet that arrive in the same turn of the event
 * loop are written together as one job of the write queue (`db/write-transactions.ts`): on
 * PostgreSQL a batch of 30 costs five statements (BEGIN and COMMIT included) instead of 150. A
 * create alone runs the statements of a single write. If a batch breaks
 * a unique constraint (two requests that chose the same id), nothing of it is written and each of
 * its creates is run again alone, so only the one that collides gets the error it would have got
 * alone; any other failure fails the batch's creates with it, as a failed commit does.
 */
export function batchCreates(writes: WriteTransactions): BatchedCreates {
  function runAlone(walletId: string, waiting: Waiting): Promise<void> {
    return writes(walletId, (trx) => createOne(trx, waiting.create)).then(waiting.resolve, waiting.reject);
  }

  function runBatch(walletId: string, batch: readonly Waiting[]): Promise<void> {
    const [only] = batch;
    if (batch.length === 1 && only !== undefined) return runAlone(walletId, only);
    const creates = batch.map((waiting) => waiting.create);
    return writes(walletId, (trx) => createMany(trx, walletId, creates)).then(
      (outcomes) => {
        batch.forEach((waiting, index) => {
          const outcome = outcomes[index];
          if (outcome?.ok === true) waiting.resolve(outcome.row);
          else waiting.reject(outcome?.error);
        });
      },
      async (error: unknown) => {
        if (!isUniqueViolation(error)) {
          for (const waiting of batch) waiting.reject(error);
          return;
        }
        await Promise.all(batch.map((waiting) => runAlone(walletId, waiting)));
      },
    );
  }

  // One batch per wallet in flight (db/keyed-batches.ts): creates that arrive meanwhile wait and
  // form the next one, so under load a batch holds what arrived during the one before it. What
  // waited is written in statements of at most MAX_CREATES rows.
  const enqueue = keyedBatches<Waiting>(async (walletId, waiting) => {
    const batches: Promise<void>[] = [];
    for (let start = 0; start < waiting.length; start += MAX_CREATES) {
      batches.push(runBatch(walletId, waiting.slice(start, start + MAX_CREATES)));
    }
    await Promise.all(batches);
  });

  return (create) =>
    new Promise<ExpenseRow>((resolve, reject) => {
      enqueue(create.walletId, { create, resolve, reject });
    });
}
