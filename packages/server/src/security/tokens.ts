import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;

const ALGORITHM = 'HS256';
const TOKEN_TYPE = 'at+jwt';

export interface AccessClaims {
  readonly userId: string;
  readonly sessionId: string;
}

export interface TokenSigner {
  issueAccessToken(claims: AccessClaims): Promise<string>;
  /** Null for anything that is not a valid, unexpired access token of ours. */
  verifyAccessToken(token: string): Promise<AccessClaims | null>;
}

export function createTokenSigner(options: { secret: string; issuer: string; audience: string }): TokenSigner {
  const key = new TextEncoder().encode(options.secret);
  return {
    issueAccessToken({ userId, sessionId }) {
      return new SignJWT({ sid: sessionId })
        .setProtectedHeader({ alg: ALGORITHM, typ: TOKEN_TYPE })
        .setSubject(userId)
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setIssuedAt()
        .setJti(randomUUID())
        .setExpirationTime(`${String(ACCESS_TOKEN_TTL_SECONDS)}s`)
        .sign(key);
    },
    async verifyAccessToken(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [ALGORITHM],
          issuer: options.issuer,
          audience: options.audience,
          typ: TOKEN_TYPE,
          requiredClaims: ['sub', 'exp', 'iat'],
        });
        if (typeof payload.sub !== 'string' || typeof payload['sid'] !== 'string') return null;
        return { userId: payload.sub, sessionId: payload['sid'] };
      } catch (error) {
        if (error instanceof joseErrors.JOSEError) return null;
        throw error;
      }
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
