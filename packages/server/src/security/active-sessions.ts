import type { Clock } from '../clock.js';

/** How long a confirmed session is trusted without reading its row again. */
export const SESSION_RECHECK_MS = 1000;
const MAX_ENTRIES = 10_000;

interface Entry {
  readonly userId: string;
  readonly checkedUntilMs: number;
}

/**
 * Sessions recently confirmed active, so a busy device's requests do not each read the session
 * row. Every revocation this process makes forgets the affected entries at once, and a check that
 * was already in flight when a revocation happened is not remembered (the epoch moved), so on one
 * process a sign-out acts on the very next request. A revocation made by another server process
 * on the same database takes effect here within `recheckMs`.
 */
export class ActiveSessionCache {
  readonly #entries = new Map<string, Entry>();
  #epoch = 0;

  constructor(
    private readonly clock: Clock,
    private readonly recheckMs = SESSION_RECHECK_MS,
  ) {}

  /** Read before the session row, handed back to `remember`. */
  get epoch(): number {
    return this.#epoch;
  }

  isActive(sessionId: string, userId: string): boolean {
    const entry = this.#entries.get(sessionId);
    if (entry === undefined) return false;
    if (entry.userId === userId && entry.checkedUntilMs > this.clock()) return true;
    this.#entries.delete(sessionId);
    return false;
  }

  /** Records a session the database just confirmed, unless something was revoked meanwhile. */
  remember(sessionId: string, userId: string, epoch: number): void {
    if (epoch !== this.#epoch) return;
    this.#entries.delete(sessionId);
    this.#entries.set(sessionId, { userId, checkedUntilMs: this.clock() + this.recheckMs });
    if (this.#entries.size > MAX_ENTRIES) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
  }

  forgetSession(sessionId: string): void {
    this.#epoch += 1;
    this.#entries.delete(sessionId);
  }

  /** Every session of the user (password changed, account deleted). */
  forgetUser(userId: string): void {
    this.#epoch += 1;
    for (const [sessionId, entry] of this.#entries) {
      if (entry.userId === userId) this.#entries.delete(sessionId);
    }
  }
}
