import type { Clock } from '../clock.js';

/** How long a confirmed session is trusted without reading its row again. */
export const SESSION_RECHECK_MS = 1000;
const MAX_ENTRIES = 10_000;

interface Entry {
  readonly userId: string;
  readonly checkedUntilMs: number;
}

/** A revocation, as told to the other worker processes of the same server. */
export type Revocation = { readonly session: string } | { readonly user: string };

/** How the worker processes of one server tell each other of revocations (process/cluster-primary.ts). */
export interface RevocationPeers {
  publish(revocation: Revocation): void;
  subscribe(listener: (revocation: Revocation) => void): void;
}

/**
 * Sessions recently confirmed active, so a busy device's requests do not each read the session
 * row. Every revocation this process makes forgets the affected entries at once, and a check that
 * was already in flight when a revocation happened is not remembered (the epoch moved), so on one
 * process a sign-out acts on the very next request; so it does across the workers of one server,
 * which tell each other (`peers`). A revocation made by another server instance on the same
 * database takes effect here within `recheckMs`.
 */
export class ActiveSessionCache {
  readonly #entries = new Map<string, Entry>();
  #epoch = 0;

  /**
   * With `peers`, a revocation made here is told to the server's other workers, and theirs to this
   * one, so that across workers too a sign-out acts on the next request rather than after
   * `recheckMs`.
   */
  constructor(
    private readonly clock: Clock,
    private readonly recheckMs = SESSION_RECHECK_MS,
    private readonly peers?: RevocationPeers,
  ) {
    peers?.subscribe((revocation) => {
      if ('session' in revocation) this.#forgetSession(revocation.session);
      else this.#forgetUser(revocation.user);
    });
  }

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
    this.#forgetSession(sessionId);
    this.peers?.publish({ session: sessionId });
  }

  /** Every session of the user (password changed, account deleted). */
  forgetUser(userId: string): void {
    this.#forgetUser(userId);
    this.peers?.publish({ user: userId });
  }

  #forgetSession(sessionId: string): void {
    this.#epoch += 1;
    this.#entries.delete(sessionId);
  }

  #forgetUser(userId: string): void {
    this.#epoch += 1;
    for (const [sessionId, entry] of this.#entries) {
      if (entry.userId === userId) this.#entries.delete(sessionId);
    }
  }
}
