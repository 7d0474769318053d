import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_TTL_SECONDS, createTokenSigner, newOpaqueToken } from './tokens.js';

const SECRET = 'unit-test-secret-that-is-at-least-32-bytes';
const CLAIMS = { userId: '11111111-1111-4111-8111-111111111111', sessionId: '22222222-2222-4222-8222-222222222222' };

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An independent HS256/HS512 signer, so the checks below do not trust the code under test. */
function forge(header: Record<string, unknown>, payload: Record<string, unknown>, secret = SECRET, hash = 'sha256') {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac(hash, secret).update(input).digest('base64url')}`;
}

function setup(startMs = Date.UTC(2026, 11, 3, 12)) {
  let now = startMs;
  const signer = createTokenSigner({ secret: SECRET, issuer: 'ttm', audience: 'ttm-api', now: () => now });
  return {
    signer,
    advance: (ms: number) => {
      now += ms;
    },
    nowSeconds: () => Math.floor(now / 1000),
  };
}

describe('access tokens', () => {
  it('verifies its own tokens until they expire, also once remembered', () => {
    const { signer, advance } = setup();
    const token = signer.issueAccessToken(CLAIMS);
    expect(signer.verifyAccessToken(token)).toEqual(CLAIMS);
    expect(signer.verifyAccessToken(token)).toEqual(CLAIMS);
    advance(ACCESS_TOKEN_TTL_SECONDS * 1000 - 1000);
    expect(signer.verifyAccessToken(token)).toEqual(CLAIMS);
    advance(1000);
    expect(signer.verifyAccessToken(token)).toBeNull();
  });

  it('accepts a token signed the same way by another implementation', () => {
    const { signer, nowSeconds } = setup();
    const payload = { sub: CLAIMS.userId, sid: CLAIMS.sessionId, iss: 'ttm', aud: ['other', 'ttm-api'] };
    const token = forge({ alg: 'HS256', typ: 'at+jwt' }, { ...payload, iat: nowSeconds(), exp: nowSeconds() + 60 });
    expect(signer.verifyAccessToken(token)).toEqual(CLAIMS);
  });

  it('rejects every tampered, foreign, expired or malformed token', () => {
    const { signer, nowSeconds } = setup();
    const good = signer.issueAccessToken(CLAIMS);
    const [header = '', payload = '', signature = ''] = good.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const iat = nowSeconds();
    const standard = { alg: 'HS256', typ: 'at+jwt' };
    const flippedSignature = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'AB' : 'AA'}`;
    const cases: Record<string, string> = {
      'tampered payload': `${header}.${b64({ ...claims, sub: 'someone-else' })}.${signature}`,
      'tampered signature': `${header}.${payload}.${flippedSignature}`,
      'alg none': `${b64({ alg: 'none', typ: 'at+jwt' })}.${payload}.`,
      'alg none with a signature': `${b64({ alg: 'none', typ: 'at+jwt' })}.${payload}.${signature}`,
      'HS512 with the same secret': forge({ alg: 'HS512', typ: 'at+jwt' }, claims, SECRET, 'sha512'),
      'RS256 header': forge({ alg: 'RS256', typ: 'at+jwt' }, claims),
      'other secret': forge(standard, claims, 'another-secret-that-is-at-least-32-bytes'),
      expired: forge(standard, { ...claims, exp: iat - 1 }),
      'expiring now': forge(standard, { ...claims, exp: iat }),
      'not yet valid': forge(standard, { ...claims, nbf: iat + 60 }),
      'no expiry': forge(standard, { ...claims, exp: undefined }),
      'no issued-at': forge(standard, { ...claims, iat: undefined }),
      'wrong audience': forge(standard, { ...claims, aud: 'someone-else' }),
      'wrong issuer': forge(standard, { ...claims, iss: 'someone-else' }),
      'wrong type': forge({ alg: 'HS256', typ: 'JWT' }, claims),
      'no type': forge({ alg: 'HS256' }, claims),
      'critical extension': forge({ ...standard, crit: ['exp'] }, claims),
      'no session': forge(standard, { ...claims, sid: undefined }),
      'numeric subject': forge(standard, { ...claims, sub: 42 }),
      'payload not JSON': `${header}.${Buffer.from('not json').toString('base64url')}.${signature}`,
      'two segments': `${header}.${payload}`,
      'four segments': `${good}.extra`,
      'padding in signature': `${good}=`,
      'refresh token': newOpaqueToken(),
      empty: '',
    };
    for (const [name, token] of Object.entries(cases)) expect(signer.verifyAccessToken(token), name).toBeNull();
    // The untouched token still passes, so each case failed for its own reason.
    expect(signer.verifyAccessToken(good)).toEqual(CLAIMS);
  });
});
