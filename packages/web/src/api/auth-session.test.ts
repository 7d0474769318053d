import { describe, expect, it } from 'vitest';
import { AuthSession } from './auth-session.js';
import { SessionExpiredError } from './session-errors.js';
import { type ApiError, endpoints } from '@ttm/contract';

const USER = {
  id: '00000000-0000-4000-8000-0000000000aa',
  email: 'ann@example.com',
  createdAt: '2026-11-01T00:00:00.000Z',
};

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

function problem(status: number, code: string, headers: Record<string, string> = {}): Response {
  const body = { type: 'about:blank', title: code, status, detail: code, code };
  return json(status, body, { 'content-type': 'application/problem+json', ...headers });
}

class MemoryStorage implements Storage {
  readonly #map = new Map<string, string>();
  get length() {
    return this.#map.size;
  }
  clear() {
    this.#map.clear();
  }
  getItem(key: string) {
    return this.#map.get(key) ?? null;
  }
  key(index: number) {
    return [...this.#map.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.#map.delete(key);
  }
  setItem(key: string, value: string) {
    this.#map.set(key, value);
  }
}

/**
 * A fake server: the refresh cookie is valid while `cookieValid`; tokens are numbered. While
 * `refreshLimited` holds a `Retry-After` value (or null for none), refreshes are answered 429.
 */
function fakeServer() {
  const state = {
    cookieValid: true,
    refreshLimited: undefined as string | null | undefined,
    refreshes: 0,
    token: '',
    seenAuth: [] as (string | null)[],
  };
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers = new Headers(init?.headers);
    expect(init?.credentials).toBe('same-origin');
    if (url.endsWith('/api/v1/auth/refresh')) {
      state.refreshes += 1;
      if (state.refreshLimited !== undefined)
        return problem(
          429,
          'rate_limited',
          state.refreshLimited === null ? {} : { 'retry-after': state.refreshLimited },
        );
      if (!state.cookieValid) return problem(401, 'invalid_refresh_token');
      state.token = `token-${String(state.refreshes)}`;
      return json(200, { user: USER, accessToken: state.token, tokenType: 'Bearer', expiresIn: 900 });
    }
    if (url.endsWith('/api/v1/auth/login')) {
      state.token = 'signed-in';
      return json(200, { user: USER, accessToken: state.token, tokenType: 'Bearer', expiresIn: 900 });
    }
    if (url.endsWith('/api/v1/wallets')) {
      state.seenAuth.push(headers.get('authorization'));
      if (headers.get('authorization') !== `Bearer ${state.token}`) return problem(401, 'unauthenticated');
      return json(200, []);
    }
    return problem(404, 'not_found');
  };
  return { state, fetchImpl };
}

describe('AuthSession', () => {
  it('concurrent calls without a token share one refresh and all succeed', async () => {
    const { state, fetchImpl } = fakeServer();
    const session = new AuthSession({ fetch: fetchImpl, storage: new MemoryStorage() });
    await Promise.all([1, 2, 3, 4].map(() => session.call(endpoints.wallets.list, {})));
    expect(state.refreshes).toBe(1);
    expect(state.seenAuth).toEqual(['Bearer token-1', 'Bearer token-1', 'Bearer token-1', 'Bearer token-1']);
    expect(session.getState()).toMatchObject({ status: 'signed-in', user: USER, verified: true });
  });

  it('a token the server stopped accepting is refreshed once and the call retried', async () => {
    const { state, fetchImpl } = fakeServer();
    const session = new AuthSession({ fetch: fetchImpl, storage: new MemoryStorage() });
    await session.restore();
    state.token = 'rotated-elsewhere';
    await expect(session.call(endpoints.wallets.list, {})).resolves.toEqual([]);
    expect(state.refreshes).toBe(2);
  });

  it('a refused refresh signs out as expired and the call fails with SessionExpiredError', async () => {
    const { state, fetchImpl } = fakeServer();
    const storage = new MemoryStorage();
    const session = new AuthSession({ fetch: fetchImpl, storage });
    await session.restore();
    state.cookieValid = false;
    state.token = 'dead';
    await expect(session.call(endpoints.wallets.list, {})).rejects.toBeInstanceOf(SessionExpiredError);
    expect(session.getState()).toEqual({ status: 'signed-out', reason: 'expired' });
  });

  it('a rate-limited refresh is not asked again before its Retry-After', async () => {
    const { state, fetchImpl } = fakeServer();
    let now = Date.parse('2026-12-06T12:00:00Z');
    const session = new AuthSession({ fetch: fetchImpl, storage: new MemoryStorage(), now: () => now });
    state.refreshLimited = '30';
    await session.restore();
    const calls = await Promise.allSettled([1, 2, 3, 4].map(() => session.call(endpoints.wallets.list, {})));
    expect(calls.map((call) => (call.status === 'rejected' ? (call.reason as ApiError).status : 200))).toEqual([
      429, 429, 429, 429,
    ]);
    expect(state.refreshes).toBe(1);

    now += 29_000;
    await expect(session.call(endpoints.wallets.list, {})).rejects.toMatchObject({
      status: 429,
      retryAfterSeconds: 30,
    });
    expect(state.refreshes).toBe(1);

    state.refreshLimited = undefined;
    now += 1_000;
    await expect(session.call(endpoints.wallets.list, {})).resolves.toEqual([]);
    expect(state.refreshes).toBe(2);
    expect(session.getState()).toMatchObject({ status: 'signed-in', user: USER, verified: true });
  });

  it('a rate-limited refresh without Retry-After waits a minute; an HTTP date is read too', async () => {
    const { state, fetchImpl } = fakeServer();
    let now = Date.parse('2026-12-06T12:00:00Z');
    const session = new AuthSession({ fetch: fetchImpl, storage: new MemoryStorage(), now: () => now });
    state.refreshLimited = null;
    await expect(session.call(endpoints.wallets.list, {})).rejects.toMatchObject({ status: 429 });
    now += 59_000;
    await expect(session.call(endpoints.wallets.list, {})).rejects.toMatchObject({ status: 429 });
    expect(state.refreshes).toBe(1);
    now += 1_000;
    state.refreshLimited = new Date(Date.now() + 120_000).toUTCString();
    await expect(session.call(endpoints.wallets.list, {})).rejects.toMatchObject({ status: 429 });
    expect(state.refreshes).toBe(2);
    now += 100_000;
    await expect(session.call(endpoints.wallets.list, {})).rejects.toMatchObject({ status: 429 });
    expect(state.refreshes).toBe(2);
  });

  it('a rate-limited refresh waits at most 15 minutes, and a sign-in ends the wait', async () => {
    const { state, fetchImpl } = fakeServer();
    let now = Date.parse('2026-12-06T12:00:00Z');
    const session = new AuthSession({ fetch: fetchImpl, storage: new MemoryStorage(), now: () => now });
    state.refreshLimited = '86400';
    await expect(session.call(endpoints.wallets.list, {})).rejects.toMatchObject({ status: 429 });
    now += 15 * 60_000 - 1;
    await expect(session.call(endpoints.wallets.list, {})).rejects.toMatchObject({ status: 429 });
    expect(state.refreshes).toBe(1);
    now += 1;
    await expect(session.call(endpoints.wallets.list, {})).rejects.toMatchObject({ status: 429 });
    expect(state.refreshes).toBe(2);

    // Signed in during the wait: once that token is about to run out, the next call refreshes.
    await session.signIn(USER.email, 'a long and unusual passphrase 42');
    state.refreshLimited = undefined;
    now += 880_000;
    await expect(session.call(endpoints.wallets.list, {})).resolves.toEqual([]);
    expect(state.refreshes).toBe(3);
  });

  it('a 429 answered after a sign-in does not hold back the new session', async () => {
    let releaseRefresh = () => {};
    const refreshHeld = new Promise<void>((resolve) => {
      releaseRefresh = resolve;
    });
    let refreshes = 0;
    let now = Date.parse('2026-12-06T12:00:00Z');
    const fetchImpl = async (input: RequestInfo | URL): Promise<Response> => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (url.endsWith('/api/v1/auth/refresh')) {
        refreshes += 1;
        if (refreshes === 1) {
          await refreshHeld;
          return problem(429, 'rate_limited', { 'retry-after': '900' });
        }
        return json(200, { user: USER, accessToken: 'refreshed', tokenType: 'Bearer', expiresIn: 900 });
      }
      if (url.endsWith('/api/v1/auth/login'))
        return json(200, { user: USER, accessToken: 'fresh', tokenType: 'Bearer', expiresIn: 900 });
      if (url.endsWith('/api/v1/wallets')) return json(200, []);
      return problem(404, 'not_found');
    };
    const session = new AuthSession({ fetch: fetchImpl, storage: new MemoryStorage(), now: () => now });
    const restoring = session.restore();
    await session.signIn(USER.email, 'a long and unusual passphrase 42');
    releaseRefresh();
    await restoring;
    now += 880_000;
    await expect(session.call(endpoints.wallets.list, {})).resolves.toEqual([]);
    expect(refreshes).toBe(2);
  });

  it('starts signed out when there is no valid cookie', async () => {
    const { state, fetchImpl } = fakeServer();
    state.cookieValid = false;
    const session = new AuthSession({ fetch: fetchImpl, storage: new MemoryStorage() });
    await session.restore();
    expect(session.getState()).toEqual({ status: 'signed-out', reason: 'none' });
  });

  it('says the session expired when the remembered user’s cookie is refused on start', async () => {
    const storage = new MemoryStorage();
    const server = fakeServer();
    await new AuthSession({ fetch: server.fetchImpl, storage }).restore();
    server.state.cookieValid = false;
    const later = new AuthSession({ fetch: server.fetchImpl, storage });
    await later.restore();
    expect(later.getState()).toEqual({ status: 'signed-out', reason: 'expired' });
  });

  it('starts with the remembered user when the server cannot be reached', async () => {
    const storage = new MemoryStorage();
    const online = fakeServer();
    await new AuthSession({ fetch: online.fetchImpl, storage }).restore();
    const offline = new AuthSession({ fetch: () => Promise.reject(new TypeError('Failed to fetch')), storage });
    await offline.restore();
    expect(offline.getState()).toEqual({ status: 'signed-in', user: USER, verified: false });
  });

  it('a sign-in made while the start-up refresh is being refused stays signed in', async () => {
    let releaseRefresh = () => {};
    const refreshHeld = new Promise<void>((resolve) => {
      releaseRefresh = resolve;
    });
    const fetchImpl = async (input: RequestInfo | URL): Promise<Response> => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (url.endsWith('/api/v1/auth/refresh')) {
        await refreshHeld;
        return problem(401, 'invalid_refresh_token');
      }
      if (url.endsWith('/api/v1/auth/login')) {
        return json(200, { user: USER, accessToken: 'fresh', tokenType: 'Bearer', expiresIn: 900 });
      }
      return problem(404, 'not_found');
    };
    const session = new AuthSession({ fetch: fetchImpl, storage: new MemoryStorage() });
    const restoring = session.restore();
    await session.signIn(USER.email, 'a long and unusual passphrase 42');
    releaseRefresh();
    await restoring;
    expect(session.getState()).toMatchObject({ status: 'signed-in', user: USER, verified: true });
  });
});
