import { type Receipt, ReceiptContentTypeSchema } from '@ttm/contract';
import type { ReceiptRow } from './receipts.repository.js';

export function toReceipt(row: ReceiptRow): Receipt {
  return {
    id: row.id,
    expenseId: row.expense_id,
    walletId: row.wallet_id,
    contentType: ReceiptContentTypeSchema.parse(row.content_type),
    byteSize: row.byte_size,
    sha256: row.sha256,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

const EXTENSIONS: Readonly<Record<Receipt['contentType'], string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'application/pdf': 'pdf',
};

export function fileNameOf(receipt: Pick<Receipt, 'id' | 'contentType'>): string {
  return `receipt-${receipt.id}.${EXTENSIONS[receipt.contentType]}`;
}
