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

  it('are JSON with request ids and never contain passwords or tokens', async () => {
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
    expect(entries.length).toBeGreaterThan(4);
    expect(entries.some((entry) => entry['reqId'] === 'req-from-client')).toBe(true);
    expect(lines).not.toContain(password);
    expect(lines).not.toContain(session.accessToken);
    expect(lines).not.toContain(session.refreshToken ?? 'no refresh token');
  });
});
