import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Clock } from '../../src/clock.js';
import { type Config, readConfig } from '../../src/config.js';
import { createTestDatabase, DATABASE_KINDS, type DatabaseKind, type TestDatabase } from './databases.js';

export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-bytes-long!';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...readConfig({
      NODE_ENV: 'test',
      JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: 'silent',
      RATE_LIMIT_API_PER_MINUTE: '100000',
      RATE_LIMIT_AUTH_PER_15_MIN: '100000',
      RATE_LIMIT_LOGIN_FAILURES_PER_15_MIN: '1000',
    }),
    ...overrides,
  };
}

export interface TestApp {
  readonly app: FastifyInstance;
  readonly database: TestDatabase;
  close(): Promise<void>;
}

export async function createTestApp(
  kind: DatabaseKind,
  options: { config?: Partial<Config>; clock?: Clock; logStream?: NodeJS.WritableStream } = {},
): Promise<TestApp> {
  const database = await createTestDatabase(kind);
  // Each app keeps its files (receipts) in a folder of its own, removed with it.
  const dataDir = mkdtempSync(join(tmpdir(), 'ttm-test-'));
  const app = await buildApp({
    config: testConfig({ dataDir, ...options.config }),
    database,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.logStream ? { logStream: options.logStream } : {}),
  });
  await app.ready();
  return {
    app,
    database,
    async close() {
      await app.close();
      await database.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs a suite once per database kind, each with its own app and fresh database.
 * `ctx()` returns the current suite's TestApp.
 */
export function describeEachDatabase(
  title: string,
  body: (ctx: () => TestApp, kind: DatabaseKind) => void,
  options: { config?: Partial<Config>; clock?: Clock } = {},
): void {
  for (const kind of DATABASE_KINDS) {
    describe(`${title} [${kind}]`, () => {
      let current: TestApp | undefined;
      beforeAll(async () => {
        current = await createTestApp(kind, options);
      });
      afterAll(async () => {
        await current?.close();
      });
      body(() => {
        if (!current) throw new Error('test app not ready');
        return current;
      }, kind);
    });
  }
}
