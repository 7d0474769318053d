import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket, connect } from 'node:net';
import { Redis } from 'ioredis';
import type { Config } from '../../src/config.js';

/** A real Redis for the shared-limit tests; they are skipped without one (and CI must have one). */
export const TEST_REDIS_URL = process.env['TEST_REDIS_URL'] ?? process.env['REDIS_URL'];

if (process.env['CI'] === 'true' && !TEST_REDIS_URL) {
  throw new Error('CI must run the shared rate-limit tests against Redis: set TEST_REDIS_URL');
}

/** Settings with a prefix of their own, so concurrent runs on one Redis never share a counter. */
export function isolatedRedis(url: string): NonNullable<Config['redis']> {
  return { url, keyPrefix: `ttm-test:${randomBytes(6).toString('hex')}:` };
}

/** Deletes a test run's keys (they would expire within 15 minutes anyway). */
export async function clearRedisPrefix(settings: NonNullable<Config['redis']>): Promise<void> {
  const redis = new Redis(settings.url);
  try {
    for await (const keys of redis.scanStream({ match: `${settings.keyPrefix}*`, count: 500 })) {
      const batch = keys as string[];
      if (batch.length > 0) await redis.del(...batch);
    }
  } finally {
    await redis.quit();
  }
}

/**
 * A TCP relay in front of Redis that a test can cut, to take Redis away from a running server
 * without stopping the Redis every other test uses.
 */
export interface RedisRelay {
  readonly url: string;
  /** Closes every relayed connection and refuses new ones. */
  cut(): Promise<void>;
}

export async function startRedisRelay(redisUrl: string): Promise<RedisRelay> {
  const target = new URL(redisUrl);
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 6379), target.hostname);
    track(client);
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('relay has no TCP address');
  const url = new URL(redisUrl);
  url.hostname = '127.0.0.1';
  url.port = String(address.port);
  return {
    url: url.toString(),
    async cut() {
      const closed = new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
