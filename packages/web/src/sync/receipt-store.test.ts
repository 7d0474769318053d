import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expensesWithReceipts, ReceiptStore } from './receipt-store.js';

let store: ReceiptStore;
let counter = 0;

beforeEach(() => {
  counter += 1;
  store = new ReceiptStore(`receipt-store-test-${String(counter)}`);
});

afterEach(async () => {
  await store.delete();
});

const file = new Blob(['%PDF-1.4'], { type: 'application/pdf' });

function synced(id: string, expenseId: string) {
  return {
    id,
    expenseId,
    walletId: 'w1',
    contentType: 'application/pdf',
    byteSize: 8,
    createdAt: '2026-12-01T10:00:00.000Z',
    thumbnail: null,
    thumbnailTried: true,
  };
}

function pending(id: string, expenseId: string) {
  return {
    id,
    expenseId,
    walletId: 'w1',
    file,
    contentType: 'application/pdf',
    byteSize: 8,
    thumbnail: null,
    createdAt: 1,
  };
}

describe('expensesWithReceipts', () => {
  it('is empty when no expense has a receipt', async () => {
    expect([...(await expensesWithReceipts(store))]).toEqual([]);
  });

  it('names every expense with a synced or a waiting receipt, once each', async () => {
    await store.receipts.bulkPut([synced('r1', 'e1'), synced('r2', 'e1'), synced('r3', 'e2')]);
    await store.uploads.bulkPut([pending('r4', 'e3'), pending('r5', 'e1')]);
    expect([...(await expensesWithReceipts(store))].sort()).toEqual(['e1', 'e2', 'e3']);
  });

  it('drops an expense once its last receipt is gone', async () => {
    await store.receipts.bulkPut([synced('r1', 'e1'), synced('r2', 'e2')]);
    await store.receipts.delete('r1');
    expect([...(await expensesWithReceipts(store))]).toEqual(['e2']);
  });
});
