import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { WindowCounter } from './window-counter.js';

/** The route a child store counts for, from the options @fastify/rate-limit hands to `child`. */
function routeScope(routeOptions: object): string {
  const info = (routeOptions as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo;
  const method = Array.isArray(info?.method) ? info.method.join(',') : info?.method;
  return typeof method === 'string' && typeof info?.url === 'string' ? `${method}${info.url}` : 'route';
}

class WindowCounterStore implements FastifyRateLimitStore {
  constructor(
    private readonly counter: WindowCounter,
    private readonly scope: string,
    private readonly routeCounter: WindowCounter,
  ) {}

  incr(
    key: string,
    callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
    timeWindow: number,
  ): void {
    this.counter.hit(this.scope + key, timeWindow).then(
      (hit) => {
        callback(null, { current: hit.count, ttl: hit.resetInMs });
      },
      (error: unknown) => {
        callback(error instanceof Error ? error : new Error(String(error)));
      },
    );
  }

  /** Routes with a budget of their own (the auth routes) count apart from the global budget. */
  child(routeOptions: object): FastifyRateLimitStore {
    return new WindowCounterStore(this.routeCounter, `${this.scope}${routeScope(routeOptions)}:`, this.routeCounter);
  }
}

/**
 * A @fastify/rate-limit store on one of our counters. The plugin's own Redis store either fails
 * the request or lifts the limit when Redis does not answer; ours falls back to this process's
 * counters (see FallbackWindowCounter). Routes with a budget of their own may count in
 * `routeCounter` instead (the sign-in routes, in the primary process, when there are workers).
 */
export function windowCounterStore(
  counter: WindowCounter,
  routeCounter: WindowCounter = counter,
): FastifyRateLimitStoreCtor {
  return class extends WindowCounterStore {
    constructor() {
      super(counter, '', routeCounter);
    }
  };
}
