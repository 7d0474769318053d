import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { AppError } from '../../errors.js';
import { SNIFF_BYTES } from './content-sniff.js';

/** A file received completely into the temporary folder, not yet visible to anyone. */
export interface ReceivedFile {
  readonly tempPath: string;
  readonly byteSize: number;
  readonly sha256: string;
  /** The first bytes, for content sniffing. */
  readonly head: Buffer;
}

export class TooLargeError extends AppError {
  constructor(limit: number) {
    super('payload_too_large', `A receipt may be at most ${String(limit)} bytes`);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Receipt files on disk: DATA_DIR/receipts/<wallet>/<receipt>, written through DATA_DIR/receipts/.tmp
 * (same file system) and renamed into place only once complete, so a crash never leaves a half
 * file where a row could point.
 */
export function createReceiptFiles(dataDir: string) {
  const root = join(dataDir, 'receipts');
  const tempDir = join(root, '.tmp');
  const walletDir = (walletId: string) => join(root, walletId);
  const pathOf = (walletId: string, id: string) => join(walletDir(walletId), id);

  return {
    pathOf,

    /**
     * Streams `body` to a temporary file, hashing it and counting bytes; past `limit` the write
     * stops at once (nothing more is buffered), the temporary file is removed and 413 is thrown.
     */
    async receive(body: Readable, limit: number): Promise<ReceivedFile> {
      await mkdir(tempDir, { recursive: true });
      const tempPath = join(tempDir, randomUUID());
      const hash = createHash('sha256');
      let byteSize = 0;
      let head = Buffer.alloc(0);
      const out = createWriteStream(tempPath, { flags: 'wx' });
      try {
        await new Promise<void>((resolve, reject) => {
          const fail = (error: unknown) => {
            body.off('data', onData);
            // The rest of the upload is read and dropped (never kept), so the client gets the answer.
            body.resume();
            out.destroy();
            reject(error instanceof Error ? error : new Error(String(error)));
          };
          const onData = (chunk: Buffer) => {
            byteSize += chunk.length;
            if (byteSize > limit) {
              fail(new TooLargeError(limit));
              return;
            }
            if (head.length < SNIFF_BYTES) head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
            hash.update(chunk);
            if (!out.write(chunk)) body.pause();
          };
          out.on('drain', () => body.resume());
          out.on('error', fail);
          out.on('finish', resolve);
          body.on('error', fail);
          body.on('data', onData);
          body.on('end', () => out.end());
        });
      } catch (error) {
        await rm(tempPath, { force: true });
        throw error;
      }
      return { tempPath, byteSize, sha256: hash.digest('hex'), head };
    },

    async discard(file: ReceivedFile): Promise<void> {
      await rm(file.tempPath, { force: true });
    },

    /** Moves a received file to its final place (atomic on one file system). */
    async commit(file: ReceivedFile, walletId: string, id: string): Promise<void> {
      await mkdir(walletDir(walletId), { recursive: true });
      await rename(file.tempPath, pathOf(walletId, id));
    },

    open(walletId: string, id: string): ReadStream {
      return createReadStream(pathOf(walletId, id));
    },

    async remove(walletId: string, id: string): Promise<void> {
      await rm(pathOf(walletId, id), { force: true });
    },

    async removeWallet(walletId: string): Promise<void> {
      await rm(walletDir(walletId), { recursive: true, force: true });
    },

    /** Wallet folders present on disk. */
    async walletIds(): Promise<string[]> {
      const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
      return entries.filter((entry) => entry.isDirectory() && UUID.test(entry.name)).map((entry) => entry.name);
    },

    /** Files in a wallet's folder (or the temporary folder) last modified before `before` (ms). */
    async filesOlderThan(walletId: string | null, before: number): Promise<string[]> {
      const dir = walletId === null ? tempDir : walletDir(walletId);
      const names = await readdir(dir).catch(() => [] as string[]);
      const old: string[] = [];
      for (const name of names) {
        const info = await stat(join(dir, name)).catch(() => null);
        if (info?.isFile() && info.mtimeMs < before) old.push(name);
      }
      return old;
    },

    async removeTemp(name: string): Promise<void> {
      await unlink(join(tempDir, name)).catch(() => undefined);
    },
  };
}

export type ReceiptFiles = ReturnType<typeof createReceiptFiles>;
