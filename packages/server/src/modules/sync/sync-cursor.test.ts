import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSyncCursor, encodeSyncCursor } from './sync-cursor.js';

describe('sync cursor', () => {
  it('round-trips any epoch and map of wallet versions', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.dictionary(fc.uuid(), fc.nat()), (epoch, wallets) => {
        const map = new Map(Object.entries(wallets));
        expect(decodeSyncCursor(encodeSyncCursor({ epoch, wallets: map }))).toEqual({ epoch, wallets: map });
      }),
    );
  });

  it('refuses anything it did not issue with validation_failed naming cursor', () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const cursor of [
      'not base64 json',
      encode(null),
      encode({ f: 2, e: 'x', w: {} }),
      encode({ f: 1, e: '', w: {} }),
      encode({ f: 1, e: 'x', w: { [randomUUID()]: -1 } }),
      encode({ f: 1, e: 'x', w: { [randomUUID()]: 1.5 } }),
      encode({ f: 1, e: 'x', w: { nope: 1 } }),
    ]) {
      expect(() => decodeSyncCursor(cursor), cursor).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    }
  });
});
