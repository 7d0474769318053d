import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../packages/server/dist/app.js';
import { readConfig } from '../../packages/server/dist/config.js';
import { createDatabase } from '../../packages/server/dist/db/database.js';
import { migrateToLatest } from '../../packages/server/dist/db/migrator.js';

export const WEB_DIST = join(import.meta.dirname, '..', '..', 'packages', 'web', 'dist');

export interface TestServer {
  /** e.g. http://127.0.0.1:41234 — a secure context for Chromium, as installability needs. */
  readonly url: string;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Another build of the web client to serve instead of packages/web/dist. */
  readonly webDist?: string;
}

/**
 * The real server, in this process, on a fresh SQLite database in a temp dir, listening on
 * 127.0.0.1 with an OS-chosen port, serving the production build of the web client.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const webDist = options.webDist ?? WEB_DIST;
  if (!existsSync(join(webDist, 'index.html'))) {
    throw new Error(`No web build at ${webDist}: run "npm run web:build" first (npm run e2e does).`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'ttm-e2e-'));
  const config = readConfig({
    NODE_ENV: 'test',
    DATABASE_URL: `sqlite:${join(dataDir, 'e2e.db')}`,
    DATA_DIR: dataDir,
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    WEB_DIST: webDist,
    // Browsers refresh on every page load and focus; the test budget must not be the limit.
    RATE_LIMIT_API_PER_MINUTE: '100000',
    RATE_LIMIT_ACCOUNT_PER_MINUTE: '1000000',
    RATE_LIMIT_AUTH_PER_15_MIN: '100000',
    RATE_LIMIT_LOGIN_FAILURES_PER_15_MIN: '1000',
  });
  const database = createDatabase(config.databaseUrl);
  await migrateToLatest(database.db);
  const app = await buildApp({ config, database });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    app,
    async close() {
      await app.close();
      await database.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
