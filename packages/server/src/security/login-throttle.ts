import type { WindowCounter } from './window-counter.js';

/**
 * Counts sign-in attempts per account (whatever IP they come from; per-IP budgets are
 * @fastify/rate-limit's job) and refuses further attempts once the failure budget of the window is
 * spent. An attempt is counted before its password is checked and the count is cleared when it
 * succeeds, so guesses sent all at once (or to several server processes sharing the counter)
 * cannot outrun the budget while their passwords are being verified.
 */
export class LoginThrottle {
  constructor(
    private readonly counter: WindowCounter,
    private readonly maxFailures: number,
    private readonly windowMs: number,
  ) {}

  /** Counts an attempt: seconds to wait before the next one, or 0 when this one may proceed. */
  async attempt(account: string): Promise<number> {
    const hit = await this.counter.hit(account, this.windowMs);
    if (hit.count <= this.maxFailures) return 0;
    return Math.max(1, Math.ceil(hit.resetInMs / 1000));
  }

  /** A successful sign-in: the account's earlier failures no longer count. */
  async succeeded(account: string): Promise<void> {
    await this.counter.reset(account);
  }
}
