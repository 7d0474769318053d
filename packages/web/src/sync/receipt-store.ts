import { Dexie, type EntityTable } from 'dexie';

/** A receipt the server has, as cached on this device (thumbnails are made here, not sent). */
export interface ReceiptRecord {
  readonly id: string;
  readonly expenseId: string;
  readonly walletId: string;
  readonly contentType: string;
  readonly byteSize: number;
  readonly createdAt: string;
  /** A small preview (images only); null when none was made yet or none can be (PDF, HEIC here). */
  readonly thumbnail: Blob | null;
  /** Whether making a preview was already tried, so an undecodable image is not fetched again. */
  readonly thumbnailTried: boolean;
}

/** A receipt picked on this device and not yet on the server (offline, or its expense is not synced yet). */
export interface ReceiptUploadRecord {
  /** The receipt's id, sent as `receiptId`, so a resend after a lost answer is not stored twice. */
  readonly id: string;
  readonly expenseId: string;
  readonly walletId: string;
  readonly file: Blob;
  readonly contentType: string;
  readonly byteSize: number;
  readonly thumbnail: Blob | null;
  readonly createdAt: number;
}

/**
 * Receipts live in a database of their own, next to the main store: files are large and have their
 * own queue, so neither the outbox nor the main schema changes for them. It belongs to one user
 * like the main store (`owner` row in `meta`).
 */
export class ReceiptStore extends Dexie {
  receipts!: EntityTable<ReceiptRecord, 'id'>;
  uploads!: EntityTable<ReceiptUploadRecord, 'id'>;
  meta!: EntityTable<{ key: string; value: string }, 'key'>;

  constructor(name = 'trackthatmoney-receipts') {
    super(name);
    this.version(1).stores({
      receipts: 'id, expenseId, walletId',
      uploads: 'id, expenseId, walletId, createdAt',
      meta: 'key',
    });
  }

  /** Forgets every receipt and unsent upload, and whose they were (sign-out). */
  async forget(): Promise<void> {
    await this.transaction('rw', [this.receipts, this.uploads, this.meta], async () => {
      await Promise.all([this.receipts.clear(), this.uploads.clear(), this.meta.clear()]);
    });
  }

  /** Wipes another user's receipts (and unsent uploads) before this user's show. */
  async claim(userId: string): Promise<void> {
    await this.transaction('rw', [this.receipts, this.uploads, this.meta], async () => {
      const owner = await this.meta.get('owner');
      if (owner?.value === userId) return;
      await Promise.all([this.receipts.clear(), this.uploads.clear()]);
      await this.meta.put({ key: 'owner', value: userId });
    });
  }
}

/** What the history and the expense dialog show for one expense: synced receipts, then pending ones. */
export interface ReceiptView {
  readonly id: string;
  readonly contentType: string;
  readonly thumbnail: Blob | null;
  readonly pending: boolean;
  readonly record: ReceiptRecord | null;
  readonly upload: ReceiptUploadRecord | null;
}

/**
 * The expenses that have a receipt, synced or waiting to upload, read from the `expenseId` indexes
 * alone (no receipt or file is loaded): one read for the whole history, where the list used to ask
 * once per row on screen.
 */
export async function expensesWithReceipts(store: ReceiptStore): Promise<ReadonlySet<string>> {
  const [synced, pending] = await Promise.all([
    store.receipts.orderBy('expenseId').uniqueKeys(),
    store.uploads.orderBy('expenseId').uniqueKeys(),
  ]);
  return new Set([...synced, ...pending].map(String));
}

export async function receiptsOfExpense(store: ReceiptStore, expenseId: string): Promise<ReceiptView[]> {
  const [synced, pending] = await Promise.all([
    store.receipts.where('expenseId').equals(expenseId).sortBy('createdAt'),
    store.uploads.where('expenseId').equals(expenseId).sortBy('createdAt'),
  ]);
  return [
    ...synced.map((record) => ({
      id: record.id,
      contentType: record.contentType,
      thumbnail: record.thumbnail,
      pending: false,
      record,
      upload: null,
    })),
    ...pending
      .filter((upload) => !synced.some((record) => record.id === upload.id))
      .map((upload) => ({
        id: upload.id,
        contentType: upload.contentType,
        thumbnail: upload.thumbnail,
        pending: true,
        record: null,
        upload,
      })),
  ];
}
