import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalDb } from '../local-db/local-db.js';
import { FakeSyncServer, type FakeDevice } from '../test-support/fake-sync-server.js';
import { ReceiptStore } from './receipt-store.js';
import { ReceiptQueue, receiptFileProblem } from './receipt-uploads.js';
import { SyncEngine } from './sync-engine.js';
import { SyncStatusStore } from './sync-status.js';

interface SentUpload {
  readonly url: string;
  readonly contentType: string | null;
  readonly bytes: number;
}

/**
 * Answers the receipt upload as the server does: 201 with the stored receipt for a known expense,
 * 200 for the same receiptId again, 404 for an expense the server does not have; `down` makes
 * every request fail as a network error would.
 */
class ReceiptEndpoint {
  readonly sent: SentUpload[] = [];
  readonly stored = new Set<string>();
  down = false;
  refuseWith: number | null = null;

  constructor(private readonly server: FakeSyncServer) {}

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    if (this.down) throw new TypeError('Failed to fetch');
    const url = new URL(input instanceof Request ? input.url : input, 'http://localhost');
    const headers = new Headers(init?.headers);
    const body = new Uint8Array(await new Response(init?.body ?? null).arrayBuffer());
    this.sent.push({
      url: `${url.pathname}${url.search}`,
      contentType: headers.get('content-type'),
      bytes: body.length,
    });
    const json = (status: number, value: unknown) =>
      new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });
    if (this.refuseWith !== null) {
      return new Response(
        JSON.stringify({
          type: 'about:blank',
          title: 'Unsupported',
          status: this.refuseWith,
          detail: 'The file is not image/png',
          code: 'unsupported_media_type',
        }),
        { status: this.refuseWith, headers: { 'content-type': 'application/problem+json' } },
      );
    }
    const expenseId = /\/expenses\/([^/]+)\/receipts$/.exec(url.pathname)?.[1] ?? '';
    const id = url.searchParams.get('receiptId') ?? crypto.randomUUID();
    if (!this.server.expenses.has(expenseId)) {
      return json(404, {
        type: 'about:blank',
        title: 'Not found',
        status: 404,
        detail: 'Not found',
        code: 'not_found',
      });
    }
    const again = this.stored.has(id);
    this.stored.add(id);
    return json(again ? 200 : 201, {
      id,
      expenseId,
      walletId: this.server.walletId,
      contentType: headers.get('content-type'),
      byteSize: body.length,
      sha256: [...new Uint8Array(await crypto.subtle.digest('SHA-256', body))]
        .map((byte) => byte.toString(16).padStart(2, '0'))
        .join(''),
      createdBy: null,
      createdAt: '2026-11-20T10:00:00.000Z',
    });
  };
}

const PNG = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])], {
  type: 'image/png',
});
const THUMBNAIL = new Blob(['thumb'], { type: 'image/webp' });

let server: FakeSyncServer;
let device: FakeDevice;
let db: LocalDb;
let store: ReceiptStore;
let engine: SyncEngine;
let endpoint: ReceiptEndpoint;
let queue: ReceiptQueue;
let refused: string[];

beforeEach(() => {
  server = new FakeSyncServer();
  device = server.device();
  db = new LocalDb(`test-${crypto.randomUUID()}`);
  store = new ReceiptStore(`test-receipts-${crypto.randomUUID()}`);
  engine = new SyncEngine({ db, api: device, undoWindowMs: 20, debounceMs: 0, random: () => 0 });
  endpoint = new ReceiptEndpoint(server);
  refused = [];
  queue = new ReceiptQueue({
    db,
    store,
    api: { call: device.call.bind(device), accessToken: () => Promise.resolve('token') },
    status: new SyncStatusStore(true),
    thumbnail: () => Promise.resolve(THUMBNAIL),
    fetch: endpoint.fetch,
    onRefused: (message) => refused.push(message),
  });
});

afterEach(async () => {
  engine.dispose();
  await engine.sync().catch(() => undefined);
  for (const database of [db, store]) {
    database.close();
    await database.delete();
  }
});

function newExpense() {
  return {
    id: crypto.randomUUID(),
    walletId: server.walletId,
    currency: 'EUR',
    amountMinor: 1250,
    category: 'Groceries',
    date: '2026-11-20',
    note: null,
  };
}

async function flush(): Promise<void> {
  queue.kick();
  await queue.idle();
}

describe('ReceiptQueue', () => {
  it("waits while its expense's create is unconfirmed and sends the receipt once the create reached the server", async () => {
    await engine.sync();
    const expense = newExpense();
    device.offline = true;
    expect((await engine.createExpense(expense)).state).toBe('queued');
    await queue.add(expense.id, server.walletId, PNG);
    await flush();
    expect(endpoint.sent).toEqual([]);
    expect(await store.uploads.count()).toBe(1);

    device.offline = false;
    await engine.sync();
    expect((await db.expenses.get(expense.id))?.version).toBeGreaterThan(0);
    await flush();
    const [upload] = await store.receipts.toArray();
    expect(endpoint.sent).toEqual([
      {
        url: `/api/v1/expenses/${expense.id}/receipts?receiptId=${upload?.id ?? ''}`,
        contentType: 'image/png',
        bytes: 11,
      },
    ]);
    expect(await store.uploads.count()).toBe(0);
    expect(upload).toMatchObject({
      expenseId: expense.id,
      contentType: 'image/png',
      byteSize: 11,
      thumbnailTried: true,
    });
    expect(upload?.thumbnail).toBeInstanceOf(Blob);
  });

  it('keeps the file when the server cannot be reached and resends it with the same receiptId', async () => {
    const expense = newExpense();
    await engine.createExpense(expense);
    await queue.add(expense.id, server.walletId, PNG);
    const [queued] = await store.uploads.toArray();
    endpoint.down = true;
    await flush();
    expect(await store.uploads.count()).toBe(1);
    endpoint.down = false;
    await flush();
    expect(endpoint.sent.map((sent) => sent.url)).toEqual([
      `/api/v1/expenses/${expense.id}/receipts?receiptId=${queued?.id ?? ''}`,
    ]);
    expect((await store.receipts.toArray()).map((receipt) => receipt.id)).toEqual([queued?.id]);
  });

  it('drops, without sending, a receipt whose expense was deleted on this device', async () => {
    const expense = newExpense();
    await engine.createExpense(expense);
    device.offline = true;
    await queue.add(expense.id, server.walletId, PNG);
    await engine.deleteExpense(expense.id);
    device.offline = false;
    await expect.poll(async () => (await db.outbox.count()) + (await db.expenses.count()), { timeout: 5000 }).toBe(0);
    await flush();
    expect(endpoint.sent).toEqual([]);
    expect(await store.uploads.count()).toBe(0);
  });

  it('drops a receipt the server refuses for good and says why', async () => {
    const expense = newExpense();
    await engine.createExpense(expense);
    endpoint.refuseWith = 415;
    await queue.add(expense.id, server.walletId, PNG);
    await flush();
    expect(await store.uploads.count()).toBe(0);
    expect(await store.receipts.count()).toBe(0);
    expect(refused).toEqual(['The file is not image/png']);
  });

  it('refuses files that cannot be receipts before queuing them', async () => {
    expect(receiptFileProblem(new Blob(['<svg/>'], { type: 'image/svg+xml' }))).toMatch(/photos/);
    expect(receiptFileProblem(new Blob([], { type: 'image/png' }))).toMatch(/empty/);
    expect(receiptFileProblem(new Blob([new Uint8Array(10 * 1024 * 1024 + 1)], { type: 'application/pdf' }))).toMatch(
      /10 MB/,
    );
    expect(receiptFileProblem(PNG)).toBeNull();
    const expense = newExpense();
    await expect(queue.add(expense.id, server.walletId, new Blob(['x'], { type: 'text/html' }))).rejects.toThrow();
    expect(await store.uploads.count()).toBe(0);
  });
});
