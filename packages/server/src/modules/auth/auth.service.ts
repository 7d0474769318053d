import { randomUUID } from 'node:crypto';
import type { AuthSession, ChangePasswordBodySchema, LoginBodySchema, RegisterBodySchema, User } from '@ttm/contract';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { type Clock, isoAt } from '../../clock.js';
import { isUniqueViolation } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import type { Db } from '../../db/types.js';
import { AppError, RateLimitedError } from '../../errors.js';
import type { ActiveSessionCache } from '../../security/active-sessions.js';
import type { LoginThrottle } from '../../security/login-throttle.js';
import { hashPassword, isCommonPassword, verifyAgainstDummy, verifyPassword } from '../../security/passwords.js';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  hashOpaqueToken,
  newOpaqueToken,
  REFRESH_TOKEN_TTL_SECONDS,
  type TokenSigner,
} from '../../security/tokens.js';
import { insertMember, insertWallet } from '../wallets/wallets.repository.js';
import {
  claimRefreshToken,
  findRefreshToken,
  findUserByEmail,
  findUserById,
  insertRefreshToken,
  insertSession,
  isSessionActive,
  revokeOtherSessions,
  revokeSession,
  updatePasswordHash,
} from './auth.repository.js';

type RegisterBody = z.output<typeof RegisterBodySchema>;
type LoginBody = z.output<typeof LoginBodySchema>;
type ChangePasswordBody = z.output<typeof ChangePasswordBodySchema>;

export interface AuthServiceDeps {
  readonly db: Kysely<Database>;
  readonly signer: TokenSigner;
  readonly throttle: LoginThrottle;
  readonly clock: Clock;
  readonly activeSessions: ActiveSessionCache;
}

/** A new session: the session body plus the refresh token to hand over (body or cookie). */
export type IssuedSession = AuthSession & { readonly refreshToken: string };

function toUser(row: { id: string; email: string; created_at: string }): User {
  return { id: row.id, email: row.email, createdAt: row.created_at };
}

function commonPasswordError(): AppError {
  return new AppError('common_password', 'This password is among the most common ones; choose another', {
    fieldErrors: [{ path: 'password', message: 'This password is too common' }],
  });
}

export function createAuthService({ db, signer, throttle, clock, activeSessions }: AuthServiceDeps) {
  const invalidRefresh = () => new AppError('invalid_refresh_token', 'Sign in again: the session has ended');

  async function issueTokens(trx: Db, user: User, sessionId: string): Promise<IssuedSession> {
    const refreshToken = newOpaqueToken();
    const now = clock();
    await insertRefreshToken(trx, {
      token_hash: hashOpaqueToken(refreshToken),
      session_id: sessionId,
      created_at: isoAt(now),
      expires_at: isoAt(now + REFRESH_TOKEN_TTL_SECONDS * 1000),
      used_at: null,
    });
    return {
      user,
      accessToken: signer.issueAccessToken({ userId: user.id, sessionId }),
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    };
  }

  async function startSession(trx: Db, user: User, userAgent: string | null): Promise<IssuedSession> {
    const sessionId = randomUUID();
    const now = clock();
    await insertSession(trx, {
      id: sessionId,
      user_id: user.id,
      created_at: isoAt(now),
      expires_at: isoAt(now + REFRESH_TOKEN_TTL_SECONDS * 1000),
      revoked_at: null,
      user_agent: userAgent?.slice(0, 256) ?? null,
    });
    return issueTokens(trx, user, sessionId);
  }

  return {
    async register(body: RegisterBody, userAgent: string | null): Promise<IssuedSession> {
      if (isCommonPassword(body.password)) throw commonPasswordError();
      const passwordHash = await hashPassword(body.password);
      const now = isoAt(clock());
      const user: User = { id: randomUUID(), email: body.email, createdAt: now };
      try {
        return await db.transaction().execute(async (trx) => {
          await trx
            .insertInto('users')
            .values({ id: user.id, email: user.email, password_hash: passwordHash, created_at: now })
            .execute();
          const walletId = randomUUID();
          await insertWallet(trx, {
            id: walletId,
            name: 'Personal',
            currency: body.currency ?? 'EUR',
            kind: 'personal',
            version: 0,
            created_at: now,
          });
          await insertMember(trx, { wallet_id: walletId, user_id: user.id, role: 'owner', joined_at: now });
          return startSession(trx, user, userAgent);
        });
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new AppError('email_taken', 'An account with this email already exists; sign in instead', {
            fieldErrors: [{ path: 'email', message: 'This email is already registered' }],
          });
        }
        throw error;
      }
    },

    async login(body: LoginBody, userAgent: string | null): Promise<IssuedSession> {
      const wait = await throttle.attempt(body.email);
      if (wait > 0) throw new RateLimitedError(wait);
      const row = await findUserByEmail(db, body.email);
      const valid = row
        ? await verifyPassword(row.password_hash, body.password)
        : await verifyAgainstDummy(body.password);
      if (!row || !valid) throw new AppError('invalid_credentials', 'The email or the password is wrong');
      await throttle.succeeded(body.email);
      return db.transaction().execute((trx) => startSession(trx, toUser(row), userAgent));
    },

    /** Rotation: each refresh token works once. Presenting a used one ends the whole session. */
    async refresh(refreshToken: string): Promise<IssuedSession> {
      const tokenHash = hashOpaqueToken(refreshToken);
      const found = await findRefreshToken(db, tokenHash);
      const nowIso = isoAt(clock());
      if (!found || found.revoked_at !== null || found.expires_at <= nowIso) throw invalidRefresh();
      if (found.used_at !== null || !(await claimRefreshToken(db, tokenHash, nowIso))) {
        await revokeSession(db, found.session_id, nowIso);
        activeSessions.forgetSession(found.session_id);
        throw invalidRefresh();
      }
      const user = await findUserById(db, found.user_id);
      if (!user) throw invalidRefresh();
      return db.transaction().execute((trx) => issueTokens(trx, toUser(user), found.session_id));
    },

    async logout(refreshToken: string): Promise<void> {
      const found = await findRefreshToken(db, hashOpaqueToken(refreshToken));
      if (found) {
        await revokeSession(db, found.session_id, isoAt(clock()));
        activeSessions.forgetSession(found.session_id);
      }
    },

    async changePassword(userId: string, sessionId: string, body: ChangePasswordBody): Promise<void> {
      const user = await findUserById(db, userId);
      if (!user || !(await verifyPassword(user.password_hash, body.currentPassword))) {
        throw new AppError('wrong_password', 'The current password is wrong', {
          fieldErrors: [{ path: 'currentPassword', message: 'The current password is wrong' }],
        });
      }
      if (isCommonPassword(body.newPassword)) {
        throw new AppError('common_password', 'This password is among the most common ones; choose another', {
          fieldErrors: [{ path: 'newPassword', message: 'This password is too common' }],
        });
      }
      const passwordHash = await hashPassword(body.newPassword);
      await db.transaction().execute(async (trx) => {
        await updatePasswordHash(trx, userId, passwordHash);
        await revokeOtherSessions(trx, userId, sessionId, isoAt(clock()));
      });
      activeSessions.forgetUser(userId);
    },

    /** Every authenticated request: a valid token of a session that is still active. */
    async authenticate(token: string) {
      const claims = signer.verifyAccessToken(token);
      if (!claims) return null;
      if (activeSessions.isActive(claims.sessionId, claims.userId)) return claims;
      const epoch = activeSessions.epoch;
      if (!(await isSessionActive(db, claims.sessionId, claims.userId, isoAt(clock())))) return null;
      activeSessions.remember(claims.sessionId, claims.userId, epoch);
      return claims;
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
