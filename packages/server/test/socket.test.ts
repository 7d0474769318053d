import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError, createApiClient, endpoints } from '@ttm/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './support/databases.js';
import { testConfig } from './support/app.js';
import { PASSWORD, uniqueEmail } from './support/factories.js';
import { startServerProcess } from './support/server-process.js';

for (const kind of DATABASE_KINDS) {
  describe(`over a real listening socket [${kind}]`, () => {
    let database: TestDatabase;
    let app: Awaited<ReturnType<typeof buildApp>>;
    let baseUrl: string;
    let releaseSlow: () => void = () => undefined;
    let slowReached: Promise<void>;

    beforeAll(async () => {
      database = await createTestDatabase(kind);
      app = await buildApp({ config: testConfig(), database });
      // A request that stays in flight until the test releases it, to observe graceful shutdown.
      const slow = new Promise<void>((resolve) => {
        releaseSlow = resolve;
      });
      let markReached: () => void = () => undefined;
      slowReached = new Promise<void>((resolve) => {
        markReached = resolve;
      });
      app.get('/test/slow', async () => {
        markReached();
        await slow;
        return { finished: true };
      });
      await app.listen({ host: '127.0.0.1', port: 0 });
      const address = app.server.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      baseUrl = `http://127.0.0.1:${String(address.port)}`;
    });

    afterAll(async () => {
      releaseSlow();
      await app.close();
      await database.dispose();
    });

    it('serves the typed contract client end to end: register, add, list, typed 404', async () => {
      let token: string | null = null;
      const client = createApiClient({ baseUrl, getAccessToken: () => token });
      const session = await client.call(endpoints.auth.register, {
        body: { email: uniqueEmail(), password: PASSWORD },
      });
      token = session.accessToken;
      const expense = await client.call(endpoints.expenses.create, {
        body: { amount: '4.20', category: 'Coffee', date: '2026-11-22', note: 'Café ☕' },
      });
      expect(expense.amount).toBe('4.20');
      const page = await client.call(endpoints.expenses.list, { query: { limit: 10 } });
      expect(page.items).toEqual([expense]);
      const missing = client.call(endpoints.expenses.get, { params: { id: '5b0c7b0e-8a5f-4c1e-9d8e-0a0b0c0d0e0f' } });
      await expect(missing).rejects.toBeInstanceOf(ApiError);
      await expect(missing).rejects.toMatchObject({ status: 404, code: 'not_found' });
    });

    it('carries CSV both ways through the typed client: import a text body, export as text', async () => {
      let token: string | null = null;
      const client = createApiClient({ baseUrl, getAccessToken: () => token });
      token = (await client.call(endpoints.auth.register, { body: { email: uniqueEmail(), password: PASSWORD } }))
        .accessToken;
      const result = await client.call(endpoints.csv.import, {
        query: {},
        body: 'date,amount,category,note\n2026-11-01,3.50,Coffee,"flat, white"\n',
      });
      expect(result).toMatchObject({ imported: 1, errors: [] });
      const csv = await client.call(endpoints.csv.export, { query: {} });
      expect(csv.split('\r\n')[1]).toMatch(/^2026-11-01,3\.50,EUR,Coffee,"flat, white",/);
    });

    it('lets an in-flight request finish when the server shuts down, and refuses new work', async () => {
      const inFlight = fetch(`${baseUrl}/test/slow`);
      await slowReached;
      const closing = app.close();
      releaseSlow();
      const response = await inFlight;
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ finished: true });
      await closing;
      await expect(fetch(`${baseUrl}/api/v1/healthz`)).rejects.toThrow();
    });
  });
}

describe('the server process (WORKERS=1)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ttm-main-'));
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts on the configured port, answers /readyz, and exits 0 on SIGTERM', async () => {
    const server = await startServerProcess(
      dataDir,
      { WORKERS: '1' },
      /Server listening at http:\/\/127\.0\.0\.1:(\d+)/,
    );
    const port = String(server.port);
    const ready = await fetch(`http://127.0.0.1:${port}/api/v1/readyz`);
    expect(await ready.json()).toEqual({ status: 'ok', database: 'ok' });
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('shutting down');
  });
});
