import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { isReceiptContentType, RECEIPT_MAX_BYTES, type Receipt, type ReceiptList } from '@ttm/contract';
import type { Kysely } from 'kysely';
import { type Clock, isoAt } from '../../clock.js';
import { isUniqueViolation } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import { AppError, NotFoundError } from '../../errors.js';
import { findExpenseForMember } from '../expenses/expenses.repository.js';
import { requireRole, resolveWallet } from '../wallets/wallet-access.js';
import { sniffContentType } from './content-sniff.js';
import { type ReceivedFile, type ReceiptFiles, TooLargeError } from './receipt-files.js';
import type { ReceiptSweeper } from './receipt-sweeper.js';
import { toReceipt } from './receipts.mapper.js';
import {
  findReceiptAnywhere,
  findReceiptForMember,
  insertReceipt,
  listReceiptsOfExpense,
  listReceiptsOfWallet,
  markReceiptDeleted,
} from './receipts.repository.js';

export interface Upload {
  readonly expenseId: string;
  readonly receiptId: string | undefined;
  /** The request's Content-Type header, as sent. */
  readonly contentType: string | undefined;
  readonly contentLength: number | undefined;
  /** The raw body, or undefined when the request had none. */
  readonly body: Readable | undefined;
}

export type UploadOutcome = { readonly created: boolean; readonly receipt: Receipt };

function unsupported(detail: string): AppError {
  return new AppError('unsupported_media_type', detail);
}

export function createReceiptsService(
  db: Kysely<Database>,
  clock: Clock,
  files: ReceiptFiles,
  sweeper: ReceiptSweeper,
  maxBytes = RECEIPT_MAX_BYTES,
) {
  async function editableExpense(userId: string, expenseId: string) {
    const expense = await findExpenseForMember(db, expenseId, userId);
    if (!expense) throw new NotFoundError();
    requireRole(expense, 'editor');
    return expense;
  }

  /** A repeated upload with the caller's own id: the same file on the same expense is a replay. */
  async function replay(id: string, expenseId: string, file: ReceivedFile): Promise<UploadOutcome | null> {
    const existing = await findReceiptAnywhere(db, id);
    if (!existing) return null;
    if (existing.expense_id === expenseId && existing.sha256 === file.sha256 && existing.deleted_at === null) {
      return { created: false, receipt: toReceipt(existing) };
    }
    throw new AppError('id_conflict', 'This receipt id is already used by another file');
  }

  return {
    /**
     * Checks access and the declared type before reading a byte, streams the body to a temporary
     * file (refused past the limit), checks the content against the declared type, then writes
     * the row and renames the file into place in one transaction.
     */
    async upload(userId: string, upload: Upload): Promise<UploadOutcome> {
      const declared = upload.contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
      if (upload.body === undefined || !isReceiptContentType(declared)) {
        throw unsupported(
          'Send the file as the body with its type: image/jpeg, image/png, image/webp, image/heic or application/pdf',
        );
      }
      const expense = await editableExpense(userId, upload.expenseId);
      if (upload.contentLength !== undefined && upload.contentLength > maxBytes) throw new TooLargeError(maxBytes);

      const file = await files.receive(upload.body, maxBytes);
      // Whether the file is in its final place (then it is the row's, or removed on failure).
      const placed = { done: false };
      try {
        const actual = sniffContentType(file.head);
        if (actual !== declared) {
          throw unsupported(
            actual === null
              ? `The file is not ${declared}: its content is not a supported receipt type`
              : `The file is not ${declared}: its content is ${actual}`,
          );
        }
        const id = upload.receiptId ?? randomUUID();
        if (upload.receiptId !== undefined) {
          const replayed = await replay(upload.receiptId, expense.id, file);
          if (replayed) return replayed;
        }
        const row = {
          id,
          expense_id: expense.id,
          wallet_id: expense.wallet_id,
          content_type: actual,
          byte_size: file.byteSize,
          sha256: file.sha256,
          created_by: userId,
          created_at: isoAt(clock()),
          deleted_at: null,
        };
        try {
          await db.transaction().execute(async (trx) => {
            // The expense may have been deleted, or the caller's role changed, while the file came in.
            const fresh = await findExpenseForMember(trx, expense.id, userId);
            if (!fresh) throw new NotFoundError();
            requireRole(fresh, 'editor');
            await insertReceipt(trx, row);
            // Renamed while the row is uncommitted: a crash here leaves a file without a row,
            // which the sweeper removes; never a row without its whole file.
            await files.commit(file, expense.wallet_id, id);
            placed.done = true;
          });
        } catch (error) {
          if (placed.done) await files.remove(expense.wallet_id, id);
          placed.done = false;
          if (isUniqueViolation(error) && upload.receiptId !== undefined) {
            const replayed = await replay(upload.receiptId, expense.id, file);
            if (replayed) return replayed;
          }
          throw error;
        }
        return { created: true, receipt: toReceipt(row) };
      } finally {
        if (!placed.done) await files.discard(file);
      }
    },

    async listForExpense(userId: string, expenseId: string): Promise<ReceiptList> {
      const expense = await findExpenseForMember(db, expenseId, userId);
      if (!expense) throw new NotFoundError();
      return { items: (await listReceiptsOfExpense(db, expense.id)).map(toReceipt) };
    },

    async listForWallet(userId: string, walletId: string | undefined): Promise<ReceiptList> {
      const wallet = await resolveWallet(db, userId, walletId);
      return { items: (await listReceiptsOfWallet(db, wallet.id)).map(toReceipt) };
    },

    async open(userId: string, id: string): Promise<{ receipt: Receipt; stream: Readable }> {
      const row = await findReceiptForMember(db, id, userId);
      if (!row) throw new NotFoundError();
      const path = files.pathOf(row.wallet_id, row.id);
      // A row always has its file; should it be gone (removed by hand), answer like a missing receipt.
      if (!(await stat(path).catch(() => null))?.isFile()) throw new NotFoundError();
      const { role: _role, ...receipt } = row;
      return { receipt: toReceipt(receipt), stream: files.open(row.wallet_id, row.id) };
    },

    async remove(userId: string, id: string): Promise<void> {
      const row = await findReceiptForMember(db, id, userId);
      if (!row) throw new NotFoundError();
      requireRole(row, 'editor');
      await markReceiptDeleted(db, row.id, isoAt(clock()));
      sweeper.afterDelete();
    },
  };
}

export type ReceiptsService = ReturnType<typeof createReceiptsService>;
