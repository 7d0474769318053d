import type { AuthSession, ExpensePage, Problem } from '@ttm/contract';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from './support/app.js';
import {
  addMember,
  API,
  createExpense,
  createSharedWallet,
  PASSWORD,
  registerUser,
  type TestUser,
} from './support/factories.js';

describeEachDatabase('sessions and account', (ctx) => {
  const app = () => ctx().app;
  const post = (path: string, payload: unknown, headers: Record<string, string> = {}) =>
    app().inject({ method: 'POST', url: `${API}${path}`, payload: payload as object, headers });
  const meStatus = async (accessToken: string) =>
    (await app().inject({ method: 'GET', url: `${API}/me`, headers: { authorization: `Bearer ${accessToken}` } }))
      .statusCode;
  const login = async (user: TestUser) =>
    (await post('/auth/login', { email: user.email, password: user.password })).json<AuthSession>();

  describe('POST /auth/refresh', () => {
    it('returns a new pair and the old refresh token stops working', async () => {
      const user = await registerUser(app());
      const first = await post('/auth/refresh', { refreshToken: user.refreshToken });
      expect(first.statusCode).toBe(200);
      const rotated = first.json<AuthSession>();
      expect(rotated.refreshToken).not.toBe(user.refreshToken);
      expect(await meStatus(rotated.accessToken)).toBe(200);
      const again = await post('/auth/refresh', { refreshToken: user.refreshToken });
      expect(again.statusCode).toBe(401);
      expect(again.json<Problem>().code).toBe('invalid_refresh_token');
    });

    it('revokes the whole session family when a used refresh token is presented again', async () => {
      const user = await registerUser(app());
      const rotated = (await post('/auth/refresh', { refreshToken: user.refreshToken })).json<AuthSession>();
      expect((await post('/auth/refresh', { refreshToken: user.refreshToken })).statusCode).toBe(401);
      // The thief's replay killed the legitimate chain too: both tokens and the session's access tokens.
      expect((await post('/auth/refresh', { refreshToken: rotated.refreshToken ?? '' })).statusCode).toBe(401);
      expect(await meStatus(rotated.accessToken)).toBe(401);
      expect(await meStatus(user.accessToken)).toBe(401);
    });

    it('lets exactly one of two concurrent refreshes with the same token win', async () => {
      const user = await registerUser(app());
      const results = await Promise.all([
        post('/auth/refresh', { refreshToken: user.refreshToken }),
        post('/auth/refresh', { refreshToken: user.refreshToken }),
      ]);
      expect(results.filter((r) => r.statusCode === 200).length).toBeLessThanOrEqual(1);
      expect(results.some((r) => r.statusCode === 401)).toBe(true);
    });

    it('returns 401 for an unknown refresh token and 400 for a malformed body', async () => {
      expect((await post('/auth/refresh', { refreshToken: 'nope' })).statusCode).toBe(401);
      expect((await post('/auth/refresh', { refreshToken: 42 })).statusCode).toBe(400);
      expect((await post('/auth/refresh', {})).statusCode).toBe(401);
    });
  });

  describe('browser sessions with the refresh cookie', () => {
    it('sets an httpOnly SameSite=Strict cookie instead of returning the refresh token, and refreshes from it', async () => {
      const user = await registerUser(app());
      const response = await post('/auth/login', { email: user.email, password: PASSWORD, refreshTransport: 'cookie' });
      expect(response.statusCode).toBe(200);
      expect(response.json<AuthSession>().refreshToken).toBeUndefined();
      const cookie = response.cookies.find((c) => c.name === 'ttm_refresh');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' });
      const refreshed = await post('/auth/refresh', {}, { cookie: `ttm_refresh=${cookie?.value ?? ''}` });
      expect(refreshed.statusCode).toBe(200);
      const next = refreshed.cookies.find((c) => c.name === 'ttm_refresh');
      expect(next?.value).toBeTruthy();
      expect(next?.value).not.toBe(cookie?.value);
      const logout = await post('/auth/logout', {}, { cookie: `ttm_refresh=${next?.value ?? ''}` });
      expect(logout.statusCode).toBe(204);
      expect(logout.cookies.find((c) => c.name === 'ttm_refresh')?.value).toBe('');
      expect((await post('/auth/refresh', {}, { cookie: `ttm_refresh=${next?.value ?? ''}` })).statusCode).toBe(401);
    });
  });

  describe('POST /auth/logout', () => {
    it('returns 204 and ends that session only', async () => {
      const user = await registerUser(app());
      const other = await login(user);
      expect((await post('/auth/logout', { refreshToken: user.refreshToken })).statusCode).toBe(204);
      expect(await meStatus(user.accessToken)).toBe(401);
      expect((await post('/auth/refresh', { refreshToken: user.refreshToken })).statusCode).toBe(401);
      expect(await meStatus(other.accessToken)).toBe(200);
    });
  });

  describe('POST /auth/password', () => {
    it('returns 204, keeps this session, revokes every other one and changes the password', async () => {
      const user = await registerUser(app());
      const other = await login(user);
      const response = await post(
        '/auth/password',
        { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' },
        user.auth,
      );
      expect(response.statusCode).toBe(204);
      expect(await meStatus(user.accessToken)).toBe(200);
      expect(await meStatus(other.accessToken)).toBe(401);
      expect((await post('/auth/refresh', { refreshToken: other.refreshToken ?? '' })).statusCode).toBe(401);
      expect((await post('/auth/login', { email: user.email, password: PASSWORD })).statusCode).toBe(401);
      expect((await post('/auth/login', { email: user.email, password: 'a brand new passphrase' })).statusCode).toBe(
        200,
      );
    });

    it('returns 403 wrong_password for a wrong current password and 400 for a common new one', async () => {
      const user = await registerUser(app());
      const wrong = await post(
        '/auth/password',
        { currentPassword: 'nope nope', newPassword: 'another good phrase' },
        user.auth,
      );
      expect(wrong.statusCode).toBe(403);
      expect(wrong.json<Problem>().code).toBe('wrong_password');
      const common = await post('/auth/password', { currentPassword: PASSWORD, newPassword: 'password123' }, user.auth);
      expect(common.json<Problem>().code).toBe('common_password');
      expect((await post('/auth/login', { email: user.email, password: PASSWORD })).statusCode).toBe(200);
    });
  });

  describe('DELETE /me', () => {
    it('keeps what the user added to a shared wallet without an author, as a change other members see at once', async () => {
      const owner = await registerUser(app());
      const leaver = await registerUser(app());
      const wallet = await createSharedWallet(app(), owner);
      await addMember(app(), owner, wallet.id, leaver, 'editor');
      const added = await createExpense(app(), leaver, { walletId: wallet.id });
      const history = () =>
        app().inject({ method: 'GET', url: `${API}/expenses?walletId=${wallet.id}`, headers: owner.auth });
      expect((await history()).json<ExpensePage>().items.map((item) => item.createdBy)).toEqual([leaver.id]);
      const deleted = await app().inject({
        method: 'DELETE',
        url: `${API}/me`,
        headers: leaver.auth,
        payload: { password: PASSWORD },
      });
      expect(deleted.statusCode).toBe(204);
      const after = (await history()).json<ExpensePage>().items;
      expect(after.map((item) => [item.id, item.createdBy])).toEqual([[added.id, null]]);
      expect(after[0]?.version).toBeGreaterThan(added.version);
    });

    it('returns 403 with a wrong password and deletes nothing', async () => {
      const user = await registerUser(app());
      const response = await app().inject({
        method: 'DELETE',
        url: `${API}/me`,
        headers: user.auth,
        payload: { password: 'wrong one' },
      });
      expect(response.statusCode).toBe(403);
      expect(await meStatus(user.accessToken)).toBe(200);
    });

    it('returns 204 and removes the user, their sessions, personal wallet and expenses', async () => {
      const user = await registerUser(app());
      await createExpense(app(), user);
      const response = await app().inject({
        method: 'DELETE',
        url: `${API}/me`,
        headers: user.auth,
        payload: { password: PASSWORD },
      });
      expect(response.statusCode).toBe(204);
      expect(await meStatus(user.accessToken)).toBe(401);
      expect((await post('/auth/login', { email: user.email, password: PASSWORD })).statusCode).toBe(401);
      const db = ctx().database.db;
      expect(await db.selectFrom('wallets').select('id').where('id', '=', user.walletId).execute()).toEqual([]);
      expect(await db.selectFrom('expenses').select('id').where('wallet_id', '=', user.walletId).execute()).toEqual([]);
      // The email can be used again.
      expect((await post('/auth/register', { email: user.email, password: PASSWORD })).statusCode).toBe(201);
    });
  });
});

describeEachDatabase(
  'brute-force protection',
  (ctx) => {
    it('answers 429 with Retry-After once an account has too many failed logins, even with the right password', async () => {
      const user = await registerUser(ctx().app);
      const attempt = (password: string) =>
        ctx().app.inject({ method: 'POST', url: `${API}/auth/login`, payload: { email: user.email, password } });
      for (let i = 0; i < 3; i += 1) expect((await attempt('wrong password')).statusCode).toBe(401);
      const blocked = await attempt(PASSWORD);
      expect(blocked.statusCode).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect(blocked.json<Problem>().code).toBe('rate_limited');
    });

    it('answers 429 with Retry-After once one IP has used its auth budget', async () => {
      const responses = [];
      for (let i = 0; i < 12; i += 1) {
        responses.push(
          await ctx().app.inject({
            method: 'POST',
            url: `${API}/auth/login`,
            remoteAddress: '203.0.113.9',
            payload: { email: `nobody${String(i)}@example.com`, password: 'whatever pass' },
          }),
        );
      }
      const limited = responses.filter((r) => r.statusCode === 429);
      expect(limited.length).toBeGreaterThan(0);
      expect(limited[0]?.headers['retry-after']).toBeDefined();
      expect(limited[0]?.headers['content-type']).toContain('application/problem+json');
      // Another address is unaffected.
      const other = await ctx().app.inject({
        method: 'POST',
        url: `${API}/auth/login`,
        remoteAddress: '198.51.100.7',
        payload: { email: 'nobody@example.com', password: 'whatever pass' },
      });
      expect(other.statusCode).toBe(401);
    });
  },
  {
    config: { rateLimits: { apiPerMinute: 1000, accountPerMinute: 1000, authPer15Min: 10, loginFailuresPer15Min: 3 } },
  },
);

describeEachDatabase(
  'API rate limits',
  (ctx) => {
    const me = (authorization: string | undefined, remoteAddress: string) =>
      ctx().app.inject({
        method: 'GET',
        url: `${API}/me`,
        remoteAddress,
        headers: authorization === undefined ? {} : { authorization },
      });

    it('counts signed-in calls per account, so one account at its limit leaves the rest of the household alone', async () => {
      const alice = await registerUser(ctx().app);
      const bob = await registerUser(ctx().app);
      const household = '192.0.2.10';
      // registerUser spent one of Alice's six calls already.
      const statuses: number[] = [];
      for (let i = 0; i < 6; i += 1) statuses.push((await me(alice.auth.authorization, household)).statusCode);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      const limited = await me(alice.auth.authorization, household);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.json<Problem>().code).toBe('rate_limited');
      // Another account behind the same router is not affected...
      expect((await me(bob.auth.authorization, household)).statusCode).toBe(200);
      // ...and the limited account stays limited from any address.
      expect((await me(alice.auth.authorization, '198.51.100.20')).statusCode).toBe(429);
    });

    it('counts calls without a valid token per IP address, with the smaller anonymous budget', async () => {
      const forged = 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await me(forged, '192.0.2.30')).statusCode);
      expect(statuses).toEqual([401, 401, 401, 429]);
      // A signed-in user at the same address still has the account budget.
      const carol = await registerUser(ctx().app);
      expect((await me(carol.auth.authorization, '192.0.2.30')).statusCode).toBe(200);
    });
  },
  { config: { rateLimits: { apiPerMinute: 3, accountPerMinute: 6, authPer15Min: 100, loginFailuresPer15Min: 10 } } },
);
