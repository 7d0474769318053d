import type { AuthSession, Problem, User } from '@ttm/contract';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase, TEST_JWT_SECRET } from './support/app.js';
import { API, PASSWORD, registerUser, uniqueEmail } from './support/factories.js';

describeEachDatabase('auth', (ctx) => {
  const post = (path: string, payload: unknown, headers: Record<string, string> = {}) =>
    ctx().app.inject({ method: 'POST', url: `${API}${path}`, payload: payload as object, headers });

  describe('POST /auth/register', () => {
    it('returns 201 with the user, a token pair and a personal wallet', async () => {
      const response = await post('/auth/register', {
        email: '  Mixed.Case@Example.COM ',
        password: PASSWORD,
        currency: 'usd',
      });
      expect(response.statusCode).toBe(201);
      const body = response.json<AuthSession>();
      expect(body.user.email).toBe('mixed.case@example.com');
      expect(body.tokenType).toBe('Bearer');
      expect(body.expiresIn).toBe(900);
      expect(body.accessToken.split('.')).toHaveLength(3);
      expect(body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Object.keys(body).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'tokenType', 'user']);
      const wallets = await ctx().app.inject({
        method: 'GET',
        url: `${API}/wallets`,
        headers: { authorization: `Bearer ${body.accessToken}` },
      });
      expect(wallets.json()).toEqual([
        expect.objectContaining({ name: 'Personal', currency: 'USD', role: 'owner', personal: true }),
      ]);
    });

    it('returns 409 email_taken for an email that differs only in case and spaces', async () => {
      const email = uniqueEmail();
      expect((await post('/auth/register', { email, password: PASSWORD })).statusCode).toBe(201);
      const again = await post('/auth/register', { email: ` ${email.toUpperCase()}`, password: PASSWORD });
      expect(again.statusCode).toBe(409);
      expect(again.headers['content-type']).toContain('application/problem+json');
      expect(again.json<Problem>().code).toBe('email_taken');
    });

    it('creates exactly one account when the same email registers concurrently', async () => {
      const email = uniqueEmail('race');
      const results = await Promise.all(
        Array.from({ length: 5 }, () => post('/auth/register', { email, password: PASSWORD })),
      );
      expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409]);
    });

    it('refuses passwords from the common-password list and outside 8..256 characters', async () => {
      for (const password of ['password1', 'iloveyou', 'qwertyuiop', 'Password123']) {
        const response = await post('/auth/register', { email: uniqueEmail(), password });
        expect(response.statusCode, password).toBe(400);
        expect(response.json<Problem>().code).toBe('common_password');
      }
      const short = await post('/auth/register', { email: uniqueEmail(), password: 'short7!' });
      expect(short.json<Problem>()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'password' }] });
      const long = await post('/auth/register', { email: uniqueEmail(), password: 'x'.repeat(257) });
      expect(long.statusCode).toBe(400);
      expect((await post('/auth/register', { email: uniqueEmail(), password: 'ø'.repeat(256) })).statusCode).toBe(201);
    });

    it('rejects an invalid email and an unknown currency with field errors', async () => {
      const response = await post('/auth/register', { email: 'not-an-email', password: PASSWORD, currency: 'XYZ1' });
      expect(response.statusCode).toBe(400);
      const paths = response.json<Problem>().errors?.map((e) => e.path);
      expect(paths).toEqual(expect.arrayContaining(['email', 'currency']));
    });
  });

  describe('POST /auth/login', () => {
    it('returns 200 with a new session for the right password, any email case', async () => {
      const user = await registerUser(ctx().app);
      const response = await post('/auth/login', { email: user.email.toUpperCase(), password: PASSWORD });
      expect(response.statusCode).toBe(200);
      expect(response.json<AuthSession>().user.id).toBe(user.id);
    });

    it('answers an unknown email and a wrong password with the same 401 body', async () => {
      const user = await registerUser(ctx().app);
      const wrong = await post('/auth/login', { email: user.email, password: 'not the password' });
      const unknown = await post('/auth/login', { email: uniqueEmail('ghost'), password: 'not the password' });
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.body).toBe(unknown.body);
      expect(wrong.json<Problem>().code).toBe('invalid_credentials');
    });
  });

  describe('access tokens', () => {
    const sign = (claims: Record<string, unknown>, header: Record<string, unknown> = {}, secret = TEST_JWT_SECRET) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', ...header })
        .sign(new TextEncoder().encode(secret));

    const me = (authorization?: string) =>
      ctx().app.inject({ method: 'GET', url: `${API}/me`, headers: authorization ? { authorization } : {} });

    it('GET /me returns the user for a valid token', async () => {
      const user = await registerUser(ctx().app);
      const response = await me(user.auth.authorization);
      expect(response.statusCode).toBe(200);
      expect(response.json<User>()).toMatchObject({ id: user.id, email: user.email });
      expect(Object.keys(response.json<User>()).sort()).toEqual(['createdAt', 'email', 'id']);
    });

    it('returns 401 with WWW-Authenticate for missing, malformed, expired, tampered, alg none, wrong audience, issuer or type', async () => {
      const user = await registerUser(ctx().app);
      const [, payload = ''] = user.accessToken.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      const now = Math.floor(Date.now() / 1000);
      const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const tampered = { ...claims, sub: '00000000-0000-4000-8000-000000000000' };
      const cases: Record<string, string | undefined> = {
        missing: undefined,
        'not bearer': `Basic ${Buffer.from('a:b').toString('base64')}`,
        malformed: 'Bearer not.a.jwt',
        empty: 'Bearer ',
        expired: `Bearer ${await sign({ ...claims, iat: now - 3600, exp: now - 60 })}`,
        tampered: `Bearer ${user.accessToken.split('.')[0] ?? ''}.${b64(tampered)}.${user.accessToken.split('.')[2] ?? ''}`,
        'alg none': `Bearer ${b64({ alg: 'none', typ: 'at+jwt' })}.${b64(claims)}.`,
        'other secret': `Bearer ${await sign(claims, {}, 'another-secret-that-is-at-least-32-bytes')}`,
        'wrong audience': `Bearer ${await sign({ ...claims, aud: 'someone-else' })}`,
        'wrong issuer': `Bearer ${await sign({ ...claims, iss: 'someone-else' })}`,
        'wrong type': `Bearer ${await sign(claims, { typ: 'JWT' })}`,
      };
      for (const [name, header] of Object.entries(cases)) {
        const response = await me(header);
        expect(response.statusCode, name).toBe(401);
        expect(response.headers['www-authenticate'], name).toMatch(/^Bearer /);
        expect(response.json<Problem>().code, name).toBe('unauthenticated');
      }
      // The untouched token still works, so the cases above failed for their own reason.
      expect((await me(user.auth.authorization)).statusCode).toBe(200);
    });
  });
});
