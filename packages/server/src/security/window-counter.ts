/** A counter's state right after a hit: hits in the current window and the time until it ends. */
export interface WindowHit {
  readonly count: number;
  readonly resetInMs: number;
}

/**
 * Fixed-window hit counters, one per key: the first hit opens a window of `windowMs`; hits inside
 * it add up; when it ends the key starts from zero. Implemented in process memory and in Redis.
 */
export interface WindowCounter {
  /** Counts one hit and returns the state including it (atomic: concurrent hits never share a count). */
  hit(key: string, windowMs: number): Promise<WindowHit>;
  /** Forgets the key's hits. */
  reset(key: string): Promise<void>;
}

interface MemoryWindow {
  count: number;
  endsAt: number;
}

/** The in-process counter: one process's hits only, so its limits are per process. */
export class MemoryWindowCounter implements WindowCounter {
  private readonly windows = new Map<string, MemoryWindow>();

  /** `maxKeys` bounds memory: past it, ended windows are dropped, then the oldest ones. */
  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  hit(key: string, windowMs: number): Promise<WindowHit> {
    const now = this.now();
    let window = this.windows.get(key);
    if (window === undefined || window.endsAt <= now) {
      window = { count: 0, endsAt: now + windowMs };
      // Re-inserted, so the map's order stays the order in which windows opened.
      this.windows.delete(key);
      this.windows.set(key, window);
      if (this.windows.size > this.maxKeys) this.prune(now);
    }
    window.count += 1;
    return Promise.resolve({ count: window.count, resetInMs: window.endsAt - now });
  }

  reset(key: string): Promise<void> {
    this.windows.delete(key);
    return Promise.resolve();
  }

  private prune(now: number): void {
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
    for (const key of this.windows.keys()) {
      if (this.windows.size <= this.maxKeys) break;
      this.windows.delete(key);
    }
  }
}
