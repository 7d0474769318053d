import {
  API_PREFIX,
  isReceiptContentType,
  NetworkError,
  readProblem,
  RECEIPT_MAX_BYTES,
  receiptEndpoints,
  ReceiptSchema,
  type Receipt,
  type ReceiptList,
} from '@ttm/contract';
import type { ApiCaller } from '../api/api-caller.js';
import type { LocalDb } from '../local-db/local-db.js';
import type { ReceiptRecord, ReceiptStore, ReceiptUploadRecord } from './receipt-store.js';
import type { SyncStatusStore } from './sync-status.js';
import { answeredTryLater } from './try-later.js';

/** The network as the receipt queue needs it: typed JSON calls and a live token for raw file requests. */
export interface ReceiptApi extends ApiCaller {
  readonly accessToken: () => Promise<string>;
}

export interface ReceiptQueueOptions {
  readonly db: LocalDb;
  readonly store: ReceiptStore;
  readonly api: ReceiptApi;
  readonly status: SyncStatusStore;
  /** A small preview of an image, or null when the browser cannot decode it (HEIC) or it is a PDF. */
  readonly thumbnail: (file: Blob) => Promise<Blob | null>;
  /** Told when the server refused a queued receipt for good (it is dropped). */
  readonly onRefused?: (message: string) => void;
  readonly now?: () => number;
  /** The browser's fetch unless given (tests answer as the server would). */
  readonly fetch?: typeof fetch;
}

/** Wallet receipt lists are refreshed after a sync at most this often. */
const REFRESH_EVERY_MS = 30_000;

function toRecord(receipt: Receipt, previous: Pick<ReceiptRecord, 'thumbnail' | 'thumbnailTried'> | undefined) {
  return {
    id: receipt.id,
    expenseId: receipt.expenseId,
    walletId: receipt.walletId,
    contentType: receipt.contentType,
    byteSize: receipt.byteSize,
    createdAt: receipt.createdAt,
    thumbnail: previous?.thumbnail ?? null,
    thumbnailTried: previous?.thumbnailTried ?? false,
  } satisfies ReceiptRecord;
}

/** Why a file cannot be a receipt, before anything is queued; null when it can. */
export function receiptFileProblem(file: Blob): string | null {
  if (!isReceiptContentType(file.type)) return 'Receipts can be photos (JPEG, PNG, WebP, HEIC) or PDF files.';
  if (file.size > RECEIPT_MAX_BYTES) return 'A receipt can be at most 10 MB.';
  if (file.size === 0) return 'This file is empty.';
  return null;
}

/**
 * The receipt upload queue, kept apart from the expense outbox: a picked file is stored in
 * IndexedDB with the id of its expense and sent once that expense's create has reached the server
 * (its local version is no longer 0), after every sync and when the network returns. Each upload
 * carries its own id, so a resend after a lost answer is answered 200 with the stored receipt.
 */
export class ReceiptQueue {
  readonly #options: ReceiptQueueOptions;
  #running: Promise<void> | null = null;
  #again = false;
  #lastRefresh = 0;
  #thumbnails: Promise<void> = Promise.resolve();
  readonly #disposers: (() => void)[] = [];

  constructor(options: ReceiptQueueOptions) {
    this.#options = options;
  }

  get #fetch(): typeof fetch {
    return this.#options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** Sends queued receipts after each sync and when the browser goes online. */
  start(): void {
    const { status } = this.#options;
    let wasBusy = status.get().busy;
    this.#disposers.push(
      status.subscribe(() => {
        const { busy, online } = status.get();
        if (wasBusy && !busy && online) {
          this.kick();
          void this.refresh();
        }
        wasBusy = busy;
      }),
    );
    const onOnline = () => {
      this.kick();
    };
    globalThis.addEventListener('online', onOnline);
    this.#disposers.push(() => {
      globalThis.removeEventListener('online', onOnline);
    });
    this.kick();
    void this.refresh(true);
  }

  dispose(): void {
    for (const dispose of this.#disposers.splice(0)) dispose();
  }

  /** Queues a file for an expense (which may not be on the server yet) and tries to send it. */
  async add(expenseId: string, walletId: string, file: Blob): Promise<void> {
    const problem = receiptFileProblem(file);
    if (problem) throw new Error(problem);
    const upload: ReceiptUploadRecord = {
      id: crypto.randomUUID(),
      expenseId,
      walletId,
      // A copy in IndexedDB: the picked File may not be readable after a reload.
      file: new Blob([await file.arrayBuffer()], { type: file.type }),
      contentType: file.type,
      byteSize: file.size,
      thumbnail: await this.#options.thumbnail(file).catch(() => null),
      createdAt: (this.#options.now ?? Date.now)(),
    };
    await this.#options.store.uploads.add(upload);
    this.kick();
  }

  /** Runs the queue now, or once more after the run in progress. */
  kick(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#drain().finally(() => {
      this.#running = null;
      if (this.#again) {
        this.#again = false;
        this.kick();
      }
    });
  }

  /** Resolves when the queue has nothing it can send now. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #drain(): Promise<void> {
    const { db, store } = this.#options;
    const uploads = await store.uploads.orderBy('createdAt').toArray();
    for (const upload of uploads) {
      const expense = await db.expenses.get(upload.expenseId);
      if (!expense) {
        // Deleted on this device (or its wallet is gone): the receipt goes with it.
        if ((await db.outbox.where('expenseId').equals(upload.expenseId).count()) === 0) {
          await store.uploads.delete(upload.id);
        }
        continue;
      }
      // Its create has not reached the server yet: the receipt waits for it.
      if (expense.version === 0) continue;
      const sent = await this.#send(upload);
      if (!sent) return;
    }
  }

  /** False when the server cannot be reached now (the rest waits for the next trigger). */
  async #send(upload: ReceiptUploadRecord): Promise<boolean> {
    const { store } = this.#options;
    let response: Response;
    try {
      const token = await this.#options.api.accessToken();
      response = await this.#fetch(
        `${API_PREFIX}/expenses/${encodeURIComponent(upload.expenseId)}/receipts?receiptId=${upload.id}`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': upload.contentType },
          body: upload.file,
          credentials: 'same-origin',
        },
      );
    } catch {
      return false;
    }
    if (response.ok) {
      const receipt = ReceiptSchema.parse(await response.json());
      await store.transaction('rw', [store.receipts, store.uploads], async () => {
        await store.receipts.put(toRecord(receipt, { thumbnail: upload.thumbnail, thumbnailTried: true }));
        await store.uploads.delete(upload.id);
      });
      return true;
    }
    if (answeredTryLater(response.status)) return false;
    // Refused for good (expense deleted meanwhile, not allowed, not a receipt): dropped, and said so.
    const problem = await readProblem(response);
    await store.uploads.delete(upload.id);
    this.#options.onRefused?.(
      problem.code === 'not_found' ? 'A receipt was not saved: its expense no longer exists.' : problem.message,
    );
    return true;
  }

  /** Brings the receipt lists of every wallet on this device up to date (at most every 30 s unless forced). */
  async refresh(force = false): Promise<void> {
    const { db, store, api } = this.#options;
    const now = (this.#options.now ?? Date.now)();
    if (!force && now - this.#lastRefresh < REFRESH_EVERY_MS) return;
    this.#lastRefresh = now;
    try {
      for (const wallet of await db.wallets.toArray()) {
        const { items } = await api.call(receiptEndpoints.listForWallet, { query: { walletId: wallet.id } });
        await store.transaction('rw', [store.receipts], async () => {
          const known = new Map(
            (await store.receipts.where('walletId').equals(wallet.id).toArray()).map((r) => [r.id, r]),
          );
          await store.receipts.bulkPut(items.map((item) => toRecord(item, known.get(item.id))));
          const kept = new Set(items.map((item) => item.id));
          await store.receipts.bulkDelete([...known.keys()].filter((id) => !kept.has(id)));
        });
      }
    } catch {
      // Offline or signed out: the cached lists stay until the next sync.
      this.#lastRefresh = 0;
    }
  }

  /** Every receipt of a wallet as the server has it (metadata only), for the account's export. */
  async list(walletId: string): Promise<ReceiptList> {
    return this.#options.api.call(receiptEndpoints.listForWallet, { query: { walletId } });
  }

  /** The file itself, from the server (or the queue, while it waits there). */
  async file(id: string): Promise<Blob> {
    const queued = await this.#options.store.uploads.get(id);
    if (queued) return queued.file;
    const token = await this.#options.api.accessToken();
    let response: Response;
    try {
      response = await this.#fetch(`${API_PREFIX}/receipts/${encodeURIComponent(id)}`, {
        headers: { authorization: `Bearer ${token}` },
        credentials: 'same-origin',
      });
    } catch (error) {
      throw new NetworkError(error);
    }
    if (!response.ok) throw await readProblem(response);
    return response.blob();
  }

  /** Makes the preview of a synced image receipt once (one at a time, in the background). */
  ensureThumbnail(record: ReceiptRecord): void {
    if (record.thumbnailTried || !record.contentType.startsWith('image/')) return;
    this.#thumbnails = this.#thumbnails.then(async () => {
      const current = await this.#options.store.receipts.get(record.id);
      if (!current || current.thumbnailTried) return;
      try {
        const thumbnail = await this.#options.thumbnail(await this.file(record.id));
        await this.#options.store.receipts.update(record.id, { thumbnail, thumbnailTried: true });
      } catch {
        // Offline: tried again when the row is shown next time.
      }
    });
  }

  /** Removes a receipt: a queued one at once, a synced one on the server (which needs a connection). */
  async remove(id: string): Promise<void> {
    const { store, api } = this.#options;
    if (await store.uploads.get(id)) {
      await store.uploads.delete(id);
      return;
    }
    await api.call(receiptEndpoints.delete, { params: { id } });
    await store.receipts.delete(id);
  }
}
