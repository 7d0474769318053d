import { createHmac, generateKeyPairSync, sign as rsaSign } from 'node:crypto';
import { type Problem, PROBLEM_CONTENT_TYPE } from '@ttm/contract';
import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import { describeEachDatabase, TEST_JWT_SECRET } from './support/app.js';
import { API, PASSWORD, registerUser } from './support/factories.js';

/**
 * Forged bearer tokens through the whole HTTP stack, on a data route as well as /me. The token
 * signer's unit test covers the same cases without HTTP; auth.test.ts covers missing, malformed,
 * expired, tampered payload, alg none, another secret, wrong audience, issuer and type.
 */

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An independent HMAC signer, so the forgeries do not trust the code under test. */
function hmacToken(header: Record<string, unknown>, claims: Record<string, unknown>, hash = 'sha256'): string {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${createHmac(hash, TEST_JWT_SECRET).update(input).digest('base64url')}`;
}

function rsaToken(claims: Record<string, unknown>): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const input = `${b64({ alg: 'RS256', typ: 'at+jwt' })}.${b64(claims)}`;
  return `${input}.${rsaSign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

function claimsOf(accessToken: string): Record<string, unknown> {
  const [, payload = ''] = accessToken.split('.');
  return JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
}

function expectUnauthenticated(response: LightMyRequestResponse, label: string): void {
  expect(response.statusCode, label).toBe(401);
  expect(response.headers['content-type'], label).toBe(`${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
  expect(response.headers['www-authenticate'], label).toMatch(/^Bearer /);
  expect(response.json<Problem>().code, label).toBe('unauthenticated');
}

describeEachDatabase('token attacks over HTTP', (ctx) => {
  const call = (method: 'GET' | 'POST', path: string, authorization: string, payload?: object) =>
    ctx().app.inject({
      method,
      url: `${API}${path}`,
      headers: { authorization },
      ...(payload ? { payload } : {}),
    });

  it('answers 401 problem+json to a tampered signature, HS512 or RS256 signing, a future nbf and a refresh token, on /me and on the history', async () => {
    const user = await registerUser(ctx().app);
    const [header = '', payload = '', signature = ''] = user.accessToken.split('.');
    const claims = claimsOf(user.accessToken);
    const now = Math.floor(Date.now() / 1000);
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'AB' : 'AA'}`;
    const cases: Record<string, string> = {
      'tampered signature': `${header}.${payload}.${flipped}`,
      'signature dropped': `${header}.${payload}.`,
      'HS512 with the same secret': hmacToken({ alg: 'HS512', typ: 'at+jwt' }, claims, 'sha512'),
      'HS384 with the same secret': hmacToken({ alg: 'HS384', typ: 'at+jwt' }, claims, 'sha384'),
      'HS256 signature under an HS512 header': hmacToken({ alg: 'HS512', typ: 'at+jwt' }, claims),
      'RS256 with its own key': rsaToken(claims),
      'not yet valid': hmacToken({ alg: 'HS256', typ: 'at+jwt' }, { ...claims, nbf: now + 600 }),
      'refresh token as access token': user.refreshToken,
    };
    for (const [name, token] of Object.entries(cases)) {
      expectUnauthenticated(await call('GET', '/me', `Bearer ${token}`), `${name} on /me`);
      expectUnauthenticated(await call('GET', '/expenses', `Bearer ${token}`), `${name} on /expenses`);
    }
    // The genuine token passes on both routes, so each case above failed for its own reason.
    expect((await call('GET', '/me', user.auth.authorization)).statusCode).toBe(200);
    expect((await call('GET', '/expenses', user.auth.authorization)).statusCode).toBe(200);
    // ...and so does a token this test signs with the right key and claims: the forger is sound.
    const genuine = hmacToken({ alg: 'HS256', typ: 'at+jwt' }, { ...claims, iat: now, exp: now + 300 });
    expect((await call('GET', '/me', `Bearer ${genuine}`)).statusCode).toBe(200);
  });

  it('answers 401 to an access token sent as a refresh token, and leaves the session working', async () => {
    const user = await registerUser(ctx().app);
    const refreshed = await ctx().app.inject({
      method: 'POST',
      url: `${API}/auth/refresh`,
      payload: { refreshToken: user.accessToken },
    });
    expect(refreshed.statusCode).toBe(401);
    expect(refreshed.headers['content-type']).toBe(`${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    expect((await call('GET', '/me', user.auth.authorization)).statusCode).toBe(200);
  });

  it("answers 401 to a deleted account's still unexpired access token", async () => {
    const user = await registerUser(ctx().app);
    const deleted = await ctx().app.inject({
      method: 'DELETE',
      url: `${API}/me`,
      headers: user.auth,
      payload: { password: PASSWORD },
    });
    expect(deleted.statusCode).toBe(204);
    expectUnauthenticated(await call('GET', '/me', user.auth.authorization), 'deleted account on /me');
    expectUnauthenticated(
      await call('POST', '/expenses', user.auth.authorization, {
        amount: '1.00',
        category: 'Ghost',
        date: '2026-11-20',
      }),
      'deleted account writing',
    );
  });
});
