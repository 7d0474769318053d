import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;

const ALGORITHM = 'HS256';
const TOKEN_TYPE = 'at+jwt';
/** Verified tokens remembered, so a busy device's every request skips the HMAC and JSON work. */
const VERIFIED_CACHE_SIZE = 10_000;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export interface AccessClaims {
  readonly userId: string;
  readonly sessionId: string;
}

export interface TokenSigner {
  issueAccessToken(claims: AccessClaims): string;
  /** Null for anything that is not a valid, unexpired access token of ours. */
  verifyAccessToken(token: string): AccessClaims | null;
}

export interface TokenSignerOptions {
  readonly secret: string;
  readonly issuer: string;
  readonly audience: string;
  /** Milliseconds since the epoch; tests move it. */
  readonly now?: () => number;
}

interface Verified {
  readonly claims: AccessClaims;
  readonly expiresAtMs: number;
}

function encodeSegment(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeSegment(segment: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * HS256 access tokens (RFC 7519, typ at+jwt per RFC 9068) signed and checked synchronously with
 * node:crypto: no thread-pool hop per request. Verification pins the algorithm and the type, and
 * checks the signature in constant time before trusting any claim, then issuer, audience, expiry,
 * not-before and the claims we need. A token that passed is remembered until it expires.
 */
export function createTokenSigner(options: TokenSignerOptions): TokenSigner {
  const key = Buffer.from(options.secret, 'utf8');
  const now = options.now ?? Date.now;
  const header = encodeSegment({ alg: ALGORITHM, typ: TOKEN_TYPE });
  const verified = new Map<string, Verified>();

  const mac = (signingInput: string) => createHmac('sha256', key).update(signingInput).digest();

  function verifyUncached(token: string, nowMs: number): Verified | null {
    if (!COMPACT_JWS.test(token)) return null;
    const [headerSegment = '', payloadSegment = '', signatureSegment = ''] = token.split('.');
    const protectedHeader = decodeSegment(headerSegment);
    if (
      protectedHeader?.['alg'] !== ALGORITHM ||
      protectedHeader['typ'] !== TOKEN_TYPE ||
      // Extensions we do not understand must be refused (RFC 7515 §4.1.11).
      'crit' in protectedHeader
    )
      return null;
    const expected = mac(`${headerSegment}.${payloadSegment}`);
    const given = Buffer.from(signatureSegment, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    // Only the canonical spelling of the signature: no second token string for one signature.
    if (given.toString('base64url') !== signatureSegment) return null;

    const payload = decodeSegment(payloadSegment);
    if (payload === null) return null;
    const { iss, aud, exp, iat, nbf, sub, sid } = payload;
    const nowSeconds = nowMs / 1000;
    if (iss !== options.issuer) return null;
    if (!(aud === options.audience || (Array.isArray(aud) && aud.includes(options.audience)))) return null;
    if (!isNumber(exp) || exp <= nowSeconds || !isNumber(iat)) return null;
    if (nbf !== undefined && (!isNumber(nbf) || nbf > nowSeconds)) return null;
    if (typeof sub !== 'string' || typeof sid !== 'string') return null;
    return { claims: { userId: sub, sessionId: sid }, expiresAtMs: exp * 1000 };
  }

  return {
    issueAccessToken({ userId, sessionId }) {
      const issuedAt = Math.floor(now() / 1000);
      const payload = encodeSegment({
        sid: sessionId,
        sub: userId,
        iss: options.issuer,
        aud: options.audience,
        iat: issuedAt,
        jti: randomUUID(),
        exp: issuedAt + ACCESS_TOKEN_TTL_SECONDS,
      });
      const signingInput = `${header}.${payload}`;
      return `${signingInput}.${mac(signingInput).toString('base64url')}`;
    },
    verifyAccessToken(token) {
      const nowMs = now();
      const remembered = verified.get(token);
      if (remembered !== undefined) {
        if (remembered.expiresAtMs > nowMs) return remembered.claims;
        verified.delete(token);
        return null;
      }
      const result = verifyUncached(token, nowMs);
      if (result === null) return null;
      verified.set(token, result);
      if (verified.size > VERIFIED_CACHE_SIZE) {
        const oldest = verified.keys().next();
        if (oldest.done !== true) verified.delete(oldest.value);
      }
      return result.claims;
    },
  };
}

/** Opaque secret (refresh tokens, invite links): 256 random bits. Only its SHA-256 is stored. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
