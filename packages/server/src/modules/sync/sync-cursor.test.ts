import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSyncCursor, encodeSyncCursor } from './sync-cursor.js';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('sync cursor', () => {
  it('round-trips any epoch, map of wallet versions and downloads in progress among them', () => {
    fc.assert(
      fc.property(
        fc.uuid(),
        fc.dictionary(fc.uuid(), fc.tuple(fc.nat(), fc.option(fc.nat(), { nil: undefined }))),
        (epoch, entries) => {
          const wallets = new Map(Object.entries(entries).map(([id, [version]]) => [id, version]));
          const snapshots = new Map(
            Object.entries(entries).flatMap(([id, [, began]]) => (began === undefined ? [] : [[id, began] as const])),
          );
          expect(decodeSyncCursor(encodeSyncCursor({ epoch, wallets, snapshots }))).toEqual({
            epoch,
            wallets,
            snapshots,
          });
        },
      ),
    );
  });

  it('keeps format 1 without a download in progress, and reads format 1 cursors issued before format 2', () => {
    const wallet = randomUUID();
    const issued = encode({ f: 1, e: 'epoch', w: { [wallet]: 7 } });
    expect(encodeSyncCursor({ epoch: 'epoch', wallets: new Map([[wallet, 7]]) })).toBe(issued);
    expect(decodeSyncCursor(issued)).toEqual({ epoch: 'epoch', wallets: new Map([[wallet, 7]]), snapshots: new Map() });
  });

  it('refuses anything it did not issue with validation_failed naming cursor', () => {
    const wallet = randomUUID();
    for (const cursor of [
      'not base64 json',
      encode(null),
      encode({ f: 3, e: 'x', w: {} }),
      encode({ f: 1, e: '', w: {} }),
      encode({ f: 1, e: 'x', w: { [randomUUID()]: -1 } }),
      encode({ f: 1, e: 'x', w: { [randomUUID()]: 1.5 } }),
      encode({ f: 1, e: 'x', w: { nope: 1 } }),
      encode({ f: 1, e: 'x', w: { [wallet]: 1 }, s: { [wallet]: 1 } }),
      encode({ f: 2, e: 'x', w: { [wallet]: 1 } }),
      encode({ f: 2, e: 'x', w: { [wallet]: 1 }, s: [] }),
      encode({ f: 2, e: 'x', w: { [wallet]: 1 }, s: { [wallet]: -1 } }),
      encode({ f: 2, e: 'x', w: { [wallet]: 1 }, s: { [randomUUID()]: 1 } }),
    ]) {
      expect(() => decodeSyncCursor(cursor), cursor).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    }
  });
});
