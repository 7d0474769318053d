import { Writable } from 'node:stream';
import type { AuthSession } from '@ttm/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/app.js';
import { API, uniqueEmail } from './support/factories.js';

describe('request logs', () => {
  let lines = '';
  let harness: TestApp;
  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines += chunk.toString();
        callback();
      },
    });
    harness = await createTestApp('sqlite', { config: { logLevel: 'trace' }, logStream: stream });
  });
  afterAll(() => harness.close());

  it('are one JSON line per request with its id, method, path, status and time, and never contain passwords or tokens', async () => {
    const password = 'a very secret passphrase';
    const registered = await harness.app.inject({
      method: 'POST',
      url: `${API}/auth/register`,
      payload: { email: uniqueEmail(), password },
      headers: { 'x-request-id': 'req-from-client' },
    });
    const session = registered.json<AuthSession>();
    await harness.app.inject({
      method: 'GET',
      url: `${API}/me`,
      headers: { authorization: `Bearer ${session.accessToken}` },
    });
    await harness.app.inject({
      method: 'POST',
      url: `${API}/auth/refresh`,
      payload: { refreshToken: session.refreshToken },
    });
    await harness.app.inject({
      method: 'POST',
      url: `${API}/auth/login`,
      payload: { email: 'x@example.com', password },
    });

    expect(registered.headers['x-request-id']).toBe('req-from-client');
    const entries = lines
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const completed = entries.filter((entry) => entry['msg'] === 'request completed');
    expect(
      completed.map((entry) => `${String(entry['method'])} ${String(entry['url'])} ${String(entry['statusCode'])}`),
    ).toEqual([
      `POST ${API}/auth/register 201`,
      `GET ${API}/me 200`,
      `POST ${API}/auth/refresh 200`,
      `POST ${API}/auth/login 401`,
    ]);
    for (const entry of completed) expect(typeof entry['responseTime']).toBe('number');
    expect(new Set(completed.map((entry) => entry['reqId'])).size).toBe(4);
    expect(completed[0]?.['reqId']).toBe('req-from-client');
    // Nothing else is logged per request (Fastify's own "incoming request" lines are off).
    expect(entries.filter((entry) => entry['msg'] === 'incoming request')).toEqual([]);
    expect(lines).not.toContain(password);
    expect(lines).not.toContain(session.accessToken);
    expect(lines).not.toContain(session.refreshToken ?? 'no refresh token');
  });
});
