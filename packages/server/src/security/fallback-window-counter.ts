import type { WindowCounter, WindowHit } from './window-counter.js';

/** Told when the shared store stops answering and when it answers again (for the log). */
export interface OutageReporter {
  failed(error: unknown): void;
  succeeded(): void;
}

/**
 * Uses the shared counter and, whenever it fails (Redis down, slow or refusing), this process's
 * own counter instead: an outage degrades limits to per process, as if Redis were not
 * configured, rather than refusing everyone or lifting the limits.
 */
export class FallbackWindowCounter implements WindowCounter {
  constructor(
    private readonly shared: WindowCounter,
    private readonly local: WindowCounter,
    private readonly reporter: OutageReporter,
  ) {}

  async hit(key: string, windowMs: number): Promise<WindowHit> {
    try {
      const hit = await this.shared.hit(key, windowMs);
      this.reporter.succeeded();
      return hit;
    } catch (error) {
      this.reporter.failed(error);
      return this.local.hit(key, windowMs);
    }
  }

  async reset(key: string): Promise<void> {
    await this.local.reset(key);
    try {
      await this.shared.reset(key);
      this.reporter.succeeded();
    } catch (error) {
      this.reporter.failed(error);
    }
  }
}
