import { ValidationError } from '../../errors.js';

/** Format 1 has wallet versions only; format 2 adds first downloads in progress (`s`). */
const VERSIONS_ONLY = 1;
const WITH_SNAPSHOTS = 2;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Where a device's copy stands: the epoch of the server's version history and, per wallet it
 * holds, the wallet version up to which it has every change. Opaque to clients.
 *
 * A wallet in `snapshots` is still being downloaded for the first time: its entry in `wallets`
 * is how far the download got (every live row up to that version), and `snapshots` keeps the
 * wallet version the download began at. The device holds no row deleted at or before that
 * version, so only deletions after it concern it (and only their compaction resets it).
 */
export interface SyncCursor {
  readonly epoch: string;
  readonly wallets: ReadonlyMap<string, number>;
  readonly snapshots?: ReadonlyMap<string, number>;
}

function sortedObject(map: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)));
}

export function encodeSyncCursor(cursor: SyncCursor): string {
  const snapshots = cursor.snapshots ?? new Map<string, number>();
  // Without a download in progress the cursor keeps format 1, which every release reads.
  const body =
    snapshots.size === 0
      ? { f: VERSIONS_ONLY, e: cursor.epoch, w: sortedObject(cursor.wallets) }
      : { f: WITH_SNAPSHOTS, e: cursor.epoch, w: sortedObject(cursor.wallets), s: sortedObject(snapshots) };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

function invalid(): ValidationError {
  return new ValidationError([{ path: 'cursor', message: 'Not a cursor returned by this API' }]);
}

function versionsOf(value: unknown): Map<string, number> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid();
  const versions = new Map<string, number>();
  for (const [id, version] of Object.entries(value)) {
    if (!UUID.test(id) || typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) {
      throw invalid();
    }
    versions.set(id, version);
  }
  return versions;
}

export function decodeSyncCursor(value: string): SyncCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalid();
  const { f, e, w, s } = parsed as Record<string, unknown>;
  if ((f !== VERSIONS_ONLY && f !== WITH_SNAPSHOTS) || typeof e !== 'string' || e.length === 0) throw invalid();
  const wallets = versionsOf(w);
  const snapshots = f === WITH_SNAPSHOTS ? versionsOf(s) : new Map<string, number>();
  if (f === VERSIONS_ONLY && s !== undefined) throw invalid();
  for (const id of snapshots.keys()) if (!wallets.has(id)) throw invalid();
  return { epoch: e, wallets, snapshots };
}
