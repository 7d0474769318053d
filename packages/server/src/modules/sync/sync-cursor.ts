import { ValidationError } from '../../errors.js';

const FORMAT = 1;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Where a device's copy stands: the epoch of the server's version history and, per wallet it
 * holds, the wallet version up to which it has every change. Opaque to clients.
 */
export interface SyncCursor {
  readonly epoch: string;
  readonly wallets: ReadonlyMap<string, number>;
}

export function encodeSyncCursor(cursor: SyncCursor): string {
  const wallets = Object.fromEntries([...cursor.wallets].sort(([a], [b]) => a.localeCompare(b)));
  return Buffer.from(JSON.stringify({ f: FORMAT, e: cursor.epoch, w: wallets })).toString('base64url');
}

function invalid(): ValidationError {
  return new ValidationError([{ path: 'cursor', message: 'Not a cursor returned by this API' }]);
}

export function decodeSyncCursor(value: string): SyncCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalid();
  const { f, e, w } = parsed as Record<string, unknown>;
  if (f !== FORMAT || typeof e !== 'string' || e.length === 0 || typeof w !== 'object' || w === null) throw invalid();
  const wallets = new Map<string, number>();
  for (const [id, version] of Object.entries(w)) {
    if (!UUID.test(id) || typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) {
      throw invalid();
    }
    wallets.set(id, version);
  }
  return { epoch: e, wallets };
}
