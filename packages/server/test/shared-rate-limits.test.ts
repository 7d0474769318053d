import { Writable } from 'node:stream';
import type { Problem } from '@ttm/contract';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { buildApp } from '../src/app.js';
import { RedisWindowCounter } from '../src/security/redis-window-counter.js';
import type { Config } from '../src/config.js';
import { testConfig } from './support/app.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './support/databases.js';
import { API, PASSWORD, registerUser } from './support/factories.js';
import { clearRedisPrefix, isolatedRedis, type RedisRelay, startRedisRelay, TEST_REDIS_URL } from './support/redis.js';

/** Two server processes behind one load balancer: separate apps on one database and one Redis. */
interface Pair {
  readonly first: FastifyInstance;
  readonly second: FastifyInstance;
  readonly database: TestDatabase;
  readonly redis: NonNullable<Config['redis']>;
}

const LIMITS: Config['rateLimits'] = {
  apiPerMinute: 3,
  accountPerMinute: 6,
  authPer15Min: 4,
  loginFailuresPer15Min: 3,
};

async function startApp(
  database: TestDatabase,
  redis: Config['redis'],
  logStream?: NodeJS.WritableStream,
): Promise<FastifyInstance> {
  const app = await buildApp({
    config: testConfig({ rateLimits: LIMITS, redis, ...(logStream ? { logLevel: 'warn' } : {}) }),
    database,
    ...(logStream ? { logStream } : {}),
  });
  await app.ready();
  return app;
}

function describeTwoInstances(title: string, body: (pair: () => Pair) => void): void {
  for (const kind of DATABASE_KINDS) {
    describe(`${title} [${kind}]`, () => {
      let current: Pair | undefined;
      beforeAll(async () => {
        if (TEST_REDIS_URL === undefined) throw new Error('unreachable: the suite is skipped without Redis');
        const database = await createTestDatabase(kind);
        const redis = isolatedRedis(TEST_REDIS_URL);
        current = {
          first: await startApp(database, redis),
          second: await startApp(database, redis),
          database,
          redis,
        };
      });
      afterAll(async () => {
        await current?.first.close();
        await current?.second.close();
        await current?.database.dispose();
        if (current) await clearRedisPrefix(current.redis);
      });
      body(() => {
        if (!current) throw new Error('test apps not ready');
        return current;
      });
    });
  }
}

/** Each account signs up from an address of its own, so sign-ups never spend a budget a test counts. */
let signUps = 0;
const register = (app: FastifyInstance) => {
  signUps += 1;
  return registerUser(app, { remoteAddress: `10.0.${String(Math.floor(signUps / 250))}.${String(signUps % 250)}` });
};

const me = (app: FastifyInstance, remoteAddress: string, authorization?: string) =>
  app.inject({
    method: 'GET',
    url: `${API}/me`,
    remoteAddress,
    headers: authorization === undefined ? {} : { authorization },
  });

const login = (app: FastifyInstance, remoteAddress: string, email: string, password: string) =>
  app.inject({ method: 'POST', url: `${API}/auth/login`, remoteAddress, payload: { email, password } });

function expectRateLimited(response: LightMyRequestResponse): void {
  expect(response.statusCode).toBe(429);
  expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  expect(response.json<Problem>().code).toBe('rate_limited');
}

const SKIP_REASON = 'skipped: set TEST_REDIS_URL=redis://127.0.0.1:6379 to run them';
if (TEST_REDIS_URL === undefined) console.warn(`shared rate-limit tests ${SKIP_REASON}`);

describe.skipIf(TEST_REDIS_URL === undefined)(
  `rate limits shared through Redis${TEST_REDIS_URL === undefined ? ` (${SKIP_REASON})` : ''}`,
  () => {
    describeTwoInstances('two server processes', (pair) => {
      it('gives one account one budget across both instances: the call past it gets 429 on either', async () => {
        const { first, second } = pair();
        // registerUser spends one call of the account's six (its wallet list) on the first instance.
        const alice = await register(first);
        const statuses: number[] = [];
        for (let i = 0; i < 5; i += 1) {
          const app = i % 2 === 0 ? second : first;
          statuses.push((await me(app, `192.0.2.${String(i + 1)}`, alice.auth.authorization)).statusCode);
        }
        expect(statuses).toEqual([200, 200, 200, 200, 200]);
        expectRateLimited(await me(second, '192.0.2.50', alice.auth.authorization));
        expectRateLimited(await me(first, '192.0.2.51', alice.auth.authorization));
        // Another account has its own budget.
        const bob = await register(second);
        expect((await me(first, '192.0.2.1', bob.auth.authorization)).statusCode).toBe(200);
      });

      it('gives one IP address one anonymous budget across both instances', async () => {
        const { first, second } = pair();
        const forged = 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
        const statuses: number[] = [];
        for (const app of [first, second, first]) statuses.push((await me(app, '198.51.100.30', forged)).statusCode);
        expect(statuses).toEqual([401, 401, 401]);
        expectRateLimited(await me(second, '198.51.100.30', forged));
        expectRateLimited(await me(first, '198.51.100.30', forged));
        expect((await me(second, '198.51.100.31', forged)).statusCode).toBe(401);
      });

      it("gives one IP address one sign-in budget across both instances, apart from the API's", async () => {
        const { first, second } = pair();
        const address = '203.0.113.40';
        const statuses: number[] = [];
        for (let i = 0; i < 4; i += 1) {
          const app = i % 2 === 0 ? first : second;
          statuses.push((await login(app, address, `nobody${String(i)}@example.com`, 'whatever pass')).statusCode);
        }
        expect(statuses).toEqual([401, 401, 401, 401]);
        expectRateLimited(await login(first, address, 'nobody9@example.com', 'whatever pass'));
        expectRateLimited(await login(second, address, 'nobody9@example.com', 'whatever pass'));
        // The anonymous API budget of the same address is untouched.
        expect((await me(first, address)).statusCode).toBe(401);
      });

      it('locks an account after its failed sign-in budget spread over both instances, even for the right password', async () => {
        const { first, second } = pair();
        const victim = await register(first);
        const statuses: number[] = [];
        for (const [i, app] of [first, second, first].entries())
          statuses.push((await login(app, `198.51.100.${String(i + 60)}`, victim.email, 'a wrong guess')).statusCode);
        expect(statuses).toEqual([401, 401, 401]);
        expectRateLimited(await login(second, '198.51.100.70', victim.email, PASSWORD));
        expectRateLimited(await login(first, '198.51.100.71', victim.email, PASSWORD));
      });

      it('clears the failures counted on both instances when the account signs in on either', async () => {
        const { first, second } = pair();
        const user = await register(first);
        expect((await login(first, '198.51.100.80', user.email, 'a wrong guess')).statusCode).toBe(401);
        expect((await login(second, '198.51.100.81', user.email, 'a wrong guess')).statusCode).toBe(401);
        expect((await login(second, '198.51.100.82', user.email, PASSWORD)).statusCode).toBe(200);
        for (const app of [first, second, first])
          expect((await login(app, '198.51.100.83', user.email, 'a wrong guess')).statusCode).toBe(401);
        expectRateLimited(await login(second, '198.51.100.84', user.email, PASSWORD));
      });

      it('counts guesses sent all at once before checking their passwords, so a burst cannot outrun the budget', async () => {
        const { first, second } = pair();
        const victim = await register(first);
        const burst = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            login(i % 2 === 0 ? first : second, `192.0.2.${String(100 + i)}`, victim.email, `guess ${String(i)}`),
          ),
        );
        const statuses = burst.map((response) => response.statusCode).sort();
        expect(statuses).toEqual([401, 401, 401, 429, 429, 429, 429, 429]);
      });
    });

    describe('when Redis stops answering', () => {
      let database: TestDatabase | undefined;
      let relay: RedisRelay | undefined;
      let app: FastifyInstance | undefined;
      let keyPrefix: string | undefined;
      let logs = '';
      const running = () => {
        if (!app) throw new Error('test app not ready');
        return app;
      };

      beforeAll(async () => {
        if (TEST_REDIS_URL === undefined) throw new Error('unreachable: the suite is skipped without Redis');
        database = await createTestDatabase('sqlite');
        relay = await startRedisRelay(TEST_REDIS_URL);
        const logStream = new Writable({
          write(chunk: Buffer, _encoding, callback) {
            logs += chunk.toString();
            callback();
          },
        });
        const settings = isolatedRedis(relay.url);
        keyPrefix = settings.keyPrefix;
        app = await startApp(database, settings, logStream);
      });
      afterAll(async () => {
        await app?.close();
        await relay?.cut();
        await database?.dispose();
        if (TEST_REDIS_URL !== undefined && keyPrefix !== undefined)
          await clearRedisPrefix({ url: TEST_REDIS_URL, keyPrefix });
      });

      it('keeps serving requests without a 5xx, keeps limiting in this process and logs the outage once', async () => {
        const user = await register(running());
        expect((await me(running(), '192.0.2.7', user.auth.authorization)).statusCode).toBe(200);
        await relay?.cut();
        // Signed-in calls are still answered, then limited by this process's own count.
        const statuses: number[] = [];
        for (let i = 0; i < 7; i += 1)
          statuses.push((await me(running(), '192.0.2.7', user.auth.authorization)).statusCode);
        expect(statuses.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200]);
        expect(statuses[6]).toBe(429);
        // Sign-ins work, and failed ones still lock the account.
        expect((await login(running(), '192.0.2.8', user.email, PASSWORD)).statusCode).toBe(200);
        for (let i = 0; i < 3; i += 1)
          expect((await login(running(), '192.0.2.8', user.email, 'a wrong guess')).statusCode).toBe(401);
        expectRateLimited(await login(running(), '192.0.2.9', user.email, PASSWORD));
        const warnings = logs.split('\n').filter((line) => line.includes('Redis is not answering'));
        expect(warnings).toHaveLength(1);
      });
    });

    describe('RedisWindowCounter', () => {
      let redis: Redis | undefined;
      let settings: NonNullable<Config['redis']> | undefined;
      const client = () => {
        if (!redis) throw new Error('Redis client not ready');
        return redis;
      };
      beforeAll(() => {
        if (TEST_REDIS_URL === undefined) throw new Error('unreachable: the suite is skipped without Redis');
        settings = isolatedRedis(TEST_REDIS_URL);
        redis = new Redis(settings.url, { keyPrefix: settings.keyPrefix });
      });
      afterAll(async () => {
        await redis?.quit();
        if (settings) await clearRedisPrefix(settings);
      });

      it('opens a window with the first hit and counts the following ones inside it', async () => {
        const counter = new RedisWindowCounter(client(), 'unit:');
        expect(await counter.hit('k', 60_000)).toEqual({ count: 1, resetInMs: 60_000 });
        const second = await counter.hit('k', 60_000);
        expect(second.count).toBe(2);
        expect(second.resetInMs).toBeGreaterThan(59_000);
        expect(second.resetInMs).toBeLessThanOrEqual(60_000);
        await counter.reset('k');
        expect((await counter.hit('k', 60_000)).count).toBe(1);
      });

      it('gives a key left without an expiry one on its next hit, so no lock lasts forever', async () => {
        const counter = new RedisWindowCounter(client(), 'unit:');
        await client().set('unit:stuck', '5');
        expect(await counter.hit('stuck', 30_000)).toEqual({ count: 6, resetInMs: 30_000 });
        expect(await client().pttl('unit:stuck')).toBeGreaterThan(29_000);
      });
    });

    it('starts and serves requests when Redis cannot be reached at startup, and closes promptly', async () => {
      const database = await createTestDatabase('sqlite');
      try {
        const app = await startApp(database, { url: 'redis://127.0.0.1:1', keyPrefix: 'ttm-test:unreachable:' });
        const user = await register(app);
        expect((await me(app, '192.0.2.20', user.auth.authorization)).statusCode).toBe(200);
        expect((await login(app, '192.0.2.20', user.email, PASSWORD)).statusCode).toBe(200);
        await app.close();
      } finally {
        await database.dispose();
      }
    });
  },
);
