import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { type Problem, RECEIPT_MAX_BYTES, type Receipt, type ReceiptList } from '@ttm/contract';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import {
  addMember,
  API,
  createExpense,
  createSharedWallet,
  PASSWORD,
  registerUser,
  type TestUser,
} from './support/factories.js';
import { createReceiptFiles } from '../src/modules/receipts/receipt-files.js';
import { createReceiptSweeper, ORPHAN_GRACE_MS } from '../src/modules/receipts/receipt-sweeper.js';
import { deleteMutation, pushOne } from './support/sync.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A file of `size` bytes whose first bytes are `signature` (the rest is filler the server never parses). */
function fileOf(signature: readonly number[] | string, size = 256): Buffer {
  const head = typeof signature === 'string' ? Buffer.from(signature, 'latin1') : Buffer.from(signature);
  const file = Buffer.alloc(Math.max(size, head.length), 0x2a);
  head.copy(file);
  return file;
}

const png = (size?: number) => fileOf(PNG_SIGNATURE, size);
const SAMPLES: Readonly<Record<string, Buffer>> = {
  'image/jpeg': fileOf([0xff, 0xd8, 0xff, 0xe0]),
  'image/png': png(),
  'image/webp': fileOf('RIFF\x24\x00\x00\x00WEBPVP8 '),
  'image/heic': fileOf('\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic'),
  'application/pdf': fileOf('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'),
};

for (const kind of DATABASE_KINDS) {
  describe(`receipts [${kind}]`, () => {
    let harness: TestApp | undefined;
    let dataDir = '';
    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'ttm-receipts-'));
      harness = await createTestApp(kind, { config: { dataDir } });
    });
    afterAll(async () => {
      await harness?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const app = () => {
      if (!harness) throw new Error('test app not ready');
      return harness.app;
    };
    const db = () => {
      if (!harness) throw new Error('test app not ready');
      return harness.database.db;
    };
    const fileOnDisk = (receipt: Pick<Receipt, 'walletId' | 'id'>) =>
      join(dataDir, 'receipts', receipt.walletId, receipt.id);
    const tempFiles = () => {
      const dir = join(dataDir, 'receipts', '.tmp');
      return existsSync(dir) ? readdirSync(dir) : [];
    };

    const upload = (
      user: TestUser,
      expenseId: string,
      body: Buffer | Readable,
      contentType = 'image/png',
      query = '',
    ) =>
      app().inject({
        method: 'POST',
        url: `${API}/expenses/${expenseId}/receipts${query}`,
        headers: { ...user.auth, 'content-type': contentType },
        payload: body,
      });

    async function attach(user: TestUser, expenseId: string, body = png(), contentType = 'image/png') {
      const response = await upload(user, expenseId, body, contentType);
      expect(response.statusCode, response.body).toBe(201);
      return response.json<Receipt>();
    }

    const download = (user: TestUser, id: string) =>
      app().inject({ method: 'GET', url: `${API}/receipts/${id}`, headers: user.auth });

    const receiptRow = (id: string) => db().selectFrom('receipts').selectAll().where('id', '=', id).executeTakeFirst();

    function expectProblem(
      response: { statusCode: number; headers: Record<string, unknown>; json: () => unknown },
      status: number,
      code: string,
    ) {
      expect(response.statusCode).toBe(status);
      expect(String(response.headers['content-type'])).toContain('application/problem+json');
      expect((response.json() as Problem).code).toBe(code);
    }

    describe('POST /expenses/:id/receipts', () => {
      it('stores a PNG under DATA_DIR/receipts/<wallet>/<id> and answers 201 with its metadata', async () => {
        const user = await registerUser(app());
        const expense = await createExpense(app(), user);
        const body = png(1000);
        const response = await upload(user, expense.id, body);
        expect(response.statusCode, response.body).toBe(201);
        const receipt = response.json<Receipt>();
        expect(receipt).toEqual({
          id: receipt.id,
          expenseId: expense.id,
          walletId: user.walletId,
          contentType: 'image/png',
          byteSize: 1000,
          sha256: createHash('sha256').update(body).digest('hex'),
          createdBy: user.id,
          createdAt: receipt.createdAt,
        });
        expect(response.headers['location']).toBe(`${API}/receipts/${receipt.id}`);
        expect(existsSync(fileOnDisk(receipt))).toBe(true);
        expect(tempFiles()).toEqual([]);
      });

      it('accepts JPEG, PNG, WebP, HEIC and PDF when the content matches the declared type', async () => {
        const user = await registerUser(app());
        const expense = await createExpense(app(), user);
        for (const [type, body] of Object.entries(SAMPLES)) {
          const receipt = await attach(user, expense.id, body, type);
          expect(receipt.contentType).toBe(type);
        }
        const list = await app().inject({
          method: 'GET',
          url: `${API}/expenses/${expense.id}/receipts`,
          headers: user.auth,
        });
        expect(list.json<ReceiptList>().items.map((item) => item.contentType)).toEqual(Object.keys(SAMPLES));
      });

      it('accepts exactly 10 MiB and refuses 10 MiB + 1 byte with 413 problem+json, keeping nothing', async () => {
        const user = await registerUser(app());
        const expense = await createExpense(app(), user);
        const atLimit = await upload(user, expense.id, png(RECEIPT_MAX_BYTES));
        expect(atLimit.statusCode, atLimit.body).toBe(201);

        const tooLarge = await upload(user, expense.id, png(RECEIPT_MAX_BYTES + 1));
        expectProblem(tooLarge, 413, 'payload_too_large');
        const list = await app().inject({
          method: 'GET',
          url: `${API}/expenses/${expense.id}/receipts`,
          headers: user.auth,
        });
        expect(list.json<ReceiptList>().items).toHaveLength(1);
        expect(readdirSync(join(dataDir, 'receipts', user.walletId))).toEqual([atLimit.json<Receipt>().id]);
        expect(tempFiles()).toEqual([]);
      });

      it('refuses an oversized upload sent without Content-Length while it streams, keeping nothing', async () => {
        const user = await registerUser(app());
        const expense = await createExpense(app(), user);
        const chunk = Buffer.alloc(1024 * 1024, 0x2a);
        let sent = 0;
        // 1 MiB at a time, 12 MiB in all: the server must stop at the 11th chunk.
        const body = new Readable({
          read() {
            if (sent === 12) {
              this.push(null);
              return;
            }
            this.push(sent === 0 ? Buffer.concat([Buffer.from(PNG_SIGNATURE), chunk.subarray(8)]) : chunk);
            sent += 1;
          },
        });
        const response = await upload(user, expense.id, body);
        expectProblem(response, 413, 'payload_too_large');
        expect(await db().selectFrom('receipts').select('id').where('expense_id', '=', expense.id).execute()).toEqual(
          [],
        );
        expect(tempFiles()).toEqual([]);
      });

      it('answers 413 over a real socket to a 30 MiB chunked upload, and the client reads the answer', async () => {
        const user = await registerUser(app());
        const expense = await createExpense(app(), user);
        await app().listen({ host: '127.0.0.1', port: 0 });
        const { port } = app().server.address() as AddressInfo;
        const mebibyte = Buffer.alloc(1024 * 1024, 0x2a);
        let chunks = 0;
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (chunks === 30) controller.close();
            else controller.enqueue(chunks === 0 ? png(1024 * 1024) : mebibyte);
            chunks += 1;
          },
        });
        const response = await fetch(`http://127.0.0.1:${String(port)}${API}/expenses/${expense.id}/receipts`, {
          method: 'POST',
          headers: { ...user.auth, 'content-type': 'image/png' },
          body,
          duplex: 'half',
        });
        expect(response.status).toBe(413);
        expect(((await response.json()) as Problem).code).toBe('payload_too_large');
        expect(tempFiles()).toEqual([]);
      });

      it('refuses a file whose content is not its declared type, or an unsupported type, with 415', async () => {
        const user = await registerUser(app());
        const expense = await createExpense(app(), user);
        const html = Buffer.from('<!DOCTYPE html><script>alert(document.cookie)</script>');
        expectProblem(await upload(user, expense.id, html, 'image/png'), 415, 'unsupported_media_type');
        expectProblem(await upload(user, expense.id, html, 'text/html'), 415, 'unsupported_media_type');
        expectProblem(await upload(user, expense.id, png(), 'application/pdf'), 415, 'unsupported_media_type');
        expectProblem(
          await upload(user, expense.id, SAMPLES['application/pdf'] ?? png(), 'image/svg+xml'),
          415,
          'unsupported_media_type',
        );
        expectProblem(await upload(user, expense.id, Buffer.alloc(0), 'image/jpeg'), 415, 'unsupported_media_type');
        const bare = await app().inject({
          method: 'POST',
          url: `${API}/expenses/${expense.id}/receipts`,
          headers: user.auth,
        });
        expectProblem(bare, 415, 'unsupported_media_type');
        expect(await db().selectFrom('receipts').select('id').where('expense_id', '=', expense.id).execute()).toEqual(
          [],
        );
        expect(tempFiles()).toEqual([]);
      });

      it('replays an upload with the same receiptId and file (200) and refuses the id for another file (409)', async () => {
        const user = await registerUser(app());
        const expense = await createExpense(app(), user);
        const id = randomUUID();
        const first = await upload(user, expense.id, png(300), 'image/png', `?receiptId=${id}`);
        expect(first.statusCode, first.body).toBe(201);
        const again = await upload(user, expense.id, png(300), 'image/png', `?receiptId=${id}`);
        expect(again.statusCode).toBe(200);
        expect(again.json()).toEqual(first.json());
        expectProblem(await upload(user, expense.id, png(301), 'image/png', `?receiptId=${id}`), 409, 'id_conflict');
        expect(tempFiles()).toEqual([]);
      });

      it('counts an upload as one request against the rate limit, however large', async () => {
        const user = await registerUser(app());
        const expense = await createExpense(app(), user);
        const before = await upload(user, expense.id, png(100));
        const large = await upload(user, expense.id, png(5 * 1024 * 1024));
        expect(large.statusCode).toBe(201);
        expect(Number(before.headers['x-ratelimit-remaining']) - Number(large.headers['x-ratelimit-remaining'])).toBe(
          1,
        );
      });
    });

    describe('GET /receipts/:id', () => {
      it('serves the bytes with their type, as an attachment, unsniffable and sandboxed', async () => {
        const user = await registerUser(app());
        const expense = await createExpense(app(), user);
        const pdf = SAMPLES['application/pdf'] ?? png();
        const receipt = await attach(user, expense.id, pdf, 'application/pdf');
        const response = await download(user, receipt.id);
        expect(response.statusCode).toBe(200);
        expect(response.rawPayload.equals(pdf)).toBe(true);
        expect(response.headers['content-type']).toBe('application/pdf');
        expect(response.headers['content-disposition']).toBe(`attachment; filename="receipt-${receipt.id}.pdf"`);
        expect(response.headers['x-content-type-options']).toBe('nosniff');
        expect(response.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
        expect(response.headers['cache-control']).toBe('private, no-store');
      });

      it('lets every member read a shared wallet receipt but only editors attach or delete (viewer: 403)', async () => {
        const owner = await registerUser(app());
        const viewer = await registerUser(app());
        const wallet = await createSharedWallet(app(), owner);
        await addMember(app(), owner, wallet.id, viewer, 'viewer');
        const expense = await createExpense(app(), owner, { walletId: wallet.id });
        const receipt = await attach(owner, expense.id);
        expect((await download(viewer, receipt.id)).statusCode).toBe(200);
        const listed = await app().inject({
          method: 'GET',
          url: `${API}/receipts?walletId=${wallet.id}`,
          headers: viewer.auth,
        });
        expect(listed.json<ReceiptList>().items.map((item) => item.id)).toEqual([receipt.id]);
        expectProblem(await upload(viewer, expense.id, png()), 403, 'forbidden');
        const remove = await app().inject({
          method: 'DELETE',
          url: `${API}/receipts/${receipt.id}`,
          headers: viewer.auth,
        });
        expectProblem(remove, 403, 'forbidden');
      });
    });

    describe('isolation', () => {
      it("answers another user's receipt and expense exactly like missing ones (404)", async () => {
        const owner = await registerUser(app());
        const stranger = await registerUser(app());
        const expense = await createExpense(app(), owner);
        const receipt = await attach(owner, expense.id);
        const missing = randomUUID();

        const pairs = [
          [download(stranger, receipt.id), download(stranger, missing)],
          [
            app().inject({ method: 'DELETE', url: `${API}/receipts/${receipt.id}`, headers: stranger.auth }),
            app().inject({ method: 'DELETE', url: `${API}/receipts/${missing}`, headers: stranger.auth }),
          ],
          [
            app().inject({ method: 'GET', url: `${API}/expenses/${expense.id}/receipts`, headers: stranger.auth }),
            app().inject({ method: 'GET', url: `${API}/expenses/${missing}/receipts`, headers: stranger.auth }),
          ],
          [upload(stranger, expense.id, png()), upload(stranger, missing, png())],
          [
            app().inject({ method: 'GET', url: `${API}/receipts?walletId=${owner.walletId}`, headers: stranger.auth }),
            app().inject({ method: 'GET', url: `${API}/receipts?walletId=${missing}`, headers: stranger.auth }),
          ],
        ] as const;
        for (const [theirs, absent] of pairs) {
          const [a, b] = await Promise.all([theirs, absent]);
          expectProblem(a, 404, 'not_found');
          expect(a.body).toBe(b.body);
        }
        expect((await download(owner, receipt.id)).statusCode).toBe(200);
        expect(existsSync(fileOnDisk(receipt))).toBe(true);
      });

      it('stops serving a member who left the wallet', async () => {
        const owner = await registerUser(app());
        const editor = await registerUser(app());
        const wallet = await createSharedWallet(app(), owner);
        await addMember(app(), owner, wallet.id, editor, 'editor');
        const expense = await createExpense(app(), owner, { walletId: wallet.id });
        const receipt = await attach(editor, expense.id);
        const left = await app().inject({
          method: 'DELETE',
          url: `${API}/wallets/${wallet.id}/members/${editor.id}`,
          headers: editor.auth,
        });
        expect(left.statusCode).toBe(204);
        expectProblem(await download(editor, receipt.id), 404, 'not_found');
        expect((await download(owner, receipt.id)).statusCode).toBe(200);
      });
    });

    describe('deleted with their expense', () => {
      it('DELETE /expenses/:id removes its receipts: 404 at once, then the row and the file', async () => {
        const user = await registerUser(app());
        const expense = await createExpense(app(), user);
        const kept = await createExpense(app(), user);
        const receipt = await attach(user, expense.id);
        const other = await attach(user, kept.id);
        const deleted = await app().inject({
          method: 'DELETE',
          url: `${API}/expenses/${expense.id}`,
          headers: user.auth,
        });
        expect(deleted.statusCode).toBe(204);
        expectProblem(await download(user, receipt.id), 404, 'not_found');
        await vi.waitFor(async () => {
          expect(existsSync(fileOnDisk(receipt))).toBe(false);
          expect(await receiptRow(receipt.id)).toBeUndefined();
        });
        expect((await download(user, other.id)).statusCode).toBe(200);
        expect(existsSync(fileOnDisk(other))).toBe(true);
      });

      it('DELETE /receipts/:id removes one receipt and its file', async () => {
        const user = await registerUser(app());
        const expense = await createExpense(app(), user);
        const receipt = await attach(user, expense.id);
        const removed = await app().inject({
          method: 'DELETE',
          url: `${API}/receipts/${receipt.id}`,
          headers: user.auth,
        });
        expect(removed.statusCode).toBe(204);
        expectProblem(await download(user, receipt.id), 404, 'not_found');
        await vi.waitFor(() => {
          expect(existsSync(fileOnDisk(receipt))).toBe(false);
        });
      });

      it('a delete pushed through /sync/push removes the receipts too', async () => {
        const user = await registerUser(app());
        const expense = await createExpense(app(), user);
        const receipt = await attach(user, expense.id);
        const result = await pushOne(app(), user, randomUUID(), deleteMutation(expense));
        expect(result.status).toBe('applied');
        expectProblem(await download(user, receipt.id), 404, 'not_found');
        await vi.waitFor(async () => {
          expect(existsSync(fileOnDisk(receipt))).toBe(false);
          expect(await receiptRow(receipt.id)).toBeUndefined();
        });
      });

      it('the full sweep removes files without a row once an hour old, stale temporary files and receipts of deleted expenses, never a live one', async () => {
        const user = await registerUser(app());
        const expense = await createExpense(app(), user);
        const gone = await createExpense(app(), user);
        const live = await attach(user, expense.id);
        const unmarked = await attach(user, gone.id);
        // An upload that committed just after its expense was deleted: a tombstone with an unmarked receipt.
        await db()
          .updateTable('expenses')
          .set({ deleted_at: new Date().toISOString() })
          .where('id', '=', gone.id)
          .execute();
        const orphan = join(dataDir, 'receipts', user.walletId, randomUUID());
        writeFileSync(orphan, 'renamed, then the process died before the commit');
        const partial = join(dataDir, 'receipts', '.tmp', randomUUID());
        writeFileSync(partial, 'half an upload');
        const files = createReceiptFiles(dataDir);
        const now = Date.now();

        await createReceiptSweeper(db(), files, () => now, app().log).full();
        expect(existsSync(orphan)).toBe(true);
        expect(existsSync(partial)).toBe(true);
        expect(existsSync(fileOnDisk(unmarked))).toBe(false);
        expect(await receiptRow(unmarked.id)).toBeUndefined();

        await createReceiptSweeper(db(), files, () => now + ORPHAN_GRACE_MS + 60_000, app().log).full();
        expect(existsSync(orphan)).toBe(false);
        expect(existsSync(partial)).toBe(false);
        expect(existsSync(fileOnDisk(live))).toBe(true);
        expect((await download(user, live.id)).statusCode).toBe(200);
      });

      it("deleting a shared wallet removes its receipts' rows and folder", async () => {
        const owner = await registerUser(app());
        const wallet = await createSharedWallet(app(), owner);
        const expense = await createExpense(app(), owner, { walletId: wallet.id });
        const receipt = await attach(owner, expense.id);
        const deleted = await app().inject({
          method: 'DELETE',
          url: `${API}/wallets/${wallet.id}`,
          headers: owner.auth,
        });
        expect(deleted.statusCode).toBe(204);
        expect(await receiptRow(receipt.id)).toBeUndefined();
        await vi.waitFor(() => {
          expect(existsSync(join(dataDir, 'receipts', wallet.id))).toBe(false);
        });
      });

      it("deleting an account removes the receipts of the wallets it alone owned and keeps a shared wallet's", async () => {
        const leaving = await registerUser(app());
        const owner = await registerUser(app());
        const wallet = await createSharedWallet(app(), owner);
        await addMember(app(), owner, wallet.id, leaving, 'editor');
        const personal = await attach(leaving, (await createExpense(app(), leaving)).id);
        const shared = await attach(leaving, (await createExpense(app(), leaving, { walletId: wallet.id })).id);
        const deleted = await app().inject({
          method: 'DELETE',
          url: `${API}/me`,
          headers: leaving.auth,
          payload: { password: PASSWORD },
        });
        expect(deleted.statusCode, deleted.body).toBe(204);
        expect(await receiptRow(personal.id)).toBeUndefined();
        await vi.waitFor(() => {
          expect(existsSync(join(dataDir, 'receipts', leaving.walletId))).toBe(false);
        });
        const kept = await download(owner, shared.id);
        expect(kept.statusCode).toBe(200);
        expect((await receiptRow(shared.id))?.created_by).toBeNull();
      });
    });
  });
}
