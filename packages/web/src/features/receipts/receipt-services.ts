import { useEffect, useSyncExternalStore } from 'react';
import type { Services } from '../../session/services.js';
import { useServices } from '../../session/services-context.js';
import { ReceiptStore } from '../../sync/receipt-store.js';
import type { ReceiptQueue } from '../../sync/receipt-uploads.js';
import { notices } from '../../shared/notices.js';
import { makeThumbnail } from './thumbnail.js';

interface ReceiptServices {
  readonly store: ReceiptStore;
  /** Loads with the network layer (it needs the contract's schemas). */
  readonly queue: Promise<ReceiptQueue>;
}

/** One per app, keyed by its local store (one per set of services). */
const byLocalDb = new WeakMap<Services['db'], ReceiptServices>();
/** Whose receipts each store holds now (set once claimed for the signed-in user). */
const owners = new WeakMap<ReceiptStore, string>();
const startedQueues = new WeakSet<ReceiptStore>();

function receiptServicesOf(services: Services): ReceiptServices {
  let found = byLocalDb.get(services.db);
  if (!found) {
    const store = new ReceiptStore();
    const queue = import('../../sync/receipt-uploads.js').then(
      ({ ReceiptQueue }) =>
        new ReceiptQueue({
          db: services.db,
          store,
          api: services.api,
          status: services.sync.status,
          thumbnail: makeThumbnail,
          onRefused: (message) => {
            notices.show(message, { durationMs: 8000 });
          },
        }),
    );
    found = { store, queue };
    byLocalDb.set(services.db, found);
  }
  return found;
}

/**
 * Opens the receipt store and starts loading its upload queue ahead of the first screen that
 * shows receipts. Called from a task of its own at a returning user's start: done in the
 * history's first render, the store's construction and the queue's import (which adds the
 * chunk's preload links) made that render's task about 9 ms longer.
 */
export function prepareReceipts(services: Services): void {
  receiptServicesOf(services);
}

/**
 * The receipt store (read synchronously by live queries) and its upload queue, one per app. The
 * first component that needs them gives the store to the signed-in user (another user's receipts
 * and unsent files are wiped first) and starts the queue.
 */
export function useReceipts(): ReceiptServices {
  const services = useServices();
  const receipts = receiptServicesOf(services);
  const session = useSyncExternalStore(services.session.subscribe, services.session.getState);
  const userId = session.status === 'signed-in' ? session.user.id : null;
  useEffect(() => {
    if (userId === null || owners.get(receipts.store) === userId) return;
    owners.set(receipts.store, userId);
    void receipts.store.claim(userId).then(async () => {
      const queue = await receipts.queue;
      if (startedQueues.has(receipts.store)) {
        queue.kick();
        void queue.refresh(true);
      } else {
        startedQueues.add(receipts.store);
        queue.start();
      }
    });
  }, [receipts, userId]);
  return receipts;
}

/** Signing out forgets this device's receipts (photos included) and unsent ones, like the rest of the local store. */
export async function forgetReceipts(db: Services['db']): Promise<void> {
  const receipts = byLocalDb.get(db);
  const store = receipts?.store ?? new ReceiptStore();
  if (receipts) owners.delete(store);
  await store.forget();
}
