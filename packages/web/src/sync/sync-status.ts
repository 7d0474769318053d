export interface SyncStatus {
  /** A pull or a send is running. */
  readonly busy: boolean;
  /** False when the browser says so or the last request could not reach the server. */
  readonly online: boolean;
  /** A server-side failure of the last attempt (not a refusal of one write), if any. */
  readonly problem: string | null;
  /** When the last full refresh finished (ms since epoch). */
  readonly lastSyncedAt: number | null;
}

export type SyncLabel = 'synced' | 'syncing' | 'offline' | 'problem';

export function syncLabel(status: SyncStatus): SyncLabel {
  if (!status.online) return 'offline';
  if (status.busy) return 'syncing';
  if (status.problem !== null) return 'problem';
  return 'synced';
}

/** A tiny external store for React's useSyncExternalStore. */
export class SyncStatusStore {
  #status: SyncStatus;
  readonly #listeners = new Set<() => void>();

  constructor(online: boolean) {
    this.#status = { busy: false, online, problem: null, lastSyncedAt: null };
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly get = (): SyncStatus => this.#status;

  update(patch: Partial<SyncStatus>): void {
    const next = { ...this.#status, ...patch };
    if (
      next.busy === this.#status.busy &&
      next.online === this.#status.online &&
      next.problem === this.#status.problem &&
      next.lastSyncedAt === this.#status.lastSyncedAt
    ) {
      return;
    }
    this.#status = next;
    for (const listener of this.#listeners) listener();
  }
}
