import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { OutageReporter } from './fallback-window-counter.js';

/** Logs the start and the end of an outage once each, not once per request. */
export class RedisOutageLog implements OutageReporter {
  private down = false;

  constructor(private readonly log: FastifyBaseLogger) {}

  failed(error: unknown): void {
    if (this.down) return;
    this.down = true;
    this.log.warn(
      { err: error },
      "Redis is not answering: rate limits and the sign-in throttle use this process's own counters until it does",
    );
  }

  succeeded(): void {
    if (!this.down) return;
    this.down = false;
    this.log.info('Redis answers again: rate limits and the sign-in throttle are shared again');
  }
}

/**
 * A client for counters on the request path: a command fails within half a second instead of
 * waiting for a reconnection (no offline queue, no retries), so a Redis outage costs a request
 * at most that, and the caller falls back to local counters. The client keeps reconnecting in the
 * background. A Redis that cannot be reached at startup does not stop the server.
 */
export async function connectRedis(
  settings: NonNullable<Config['redis']>,
  reporter: OutageReporter,
  log: FastifyBaseLogger,
): Promise<Redis> {
  const redis = new Redis(settings.url, {
    keyPrefix: settings.keyPrefix,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    commandTimeout: 500,
  });
  // Without a listener ioredis prints every connection error itself.
  redis.on('error', (error: unknown) => {
    reporter.failed(error);
  });
  try {
    await redis.connect();
    log.info('Rate limits and the sign-in throttle are shared through Redis');
  } catch (error) {
    reporter.failed(error);
  }
  return redis;
}

/** Waits for pending replies when connected; otherwise just stops reconnecting. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    try {
      await redis.quit();
      return;
    } catch {
      // Fall through: the connection went away while quitting.
    }
  }
  redis.disconnect();
}
