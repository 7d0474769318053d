import { API_PREFIX } from '@ttm/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { REFRESH_TOKEN_TTL_SECONDS } from '../../security/tokens.js';

/**
 * Browsers keep the refresh token in an httpOnly, SameSite=Strict cookie scoped to the auth
 * routes: injected scripts cannot read it and other sites cannot send it.
 */
export const REFRESH_COOKIE = 'ttm_refresh';
const COOKIE_PATH = `${API_PREFIX}/auth`;

export function setRefreshCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  void reply.setCookie(REFRESH_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    path: COOKIE_PATH,
    maxAge: REFRESH_TOKEN_TTL_SECONDS,
  });
}

export function clearRefreshCookie(reply: FastifyReply): void {
  void reply.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH });
}

export function readRefreshCookie(request: FastifyRequest): string | undefined {
  const value = request.cookies[REFRESH_COOKIE];
  return value === undefined || value === '' ? undefined : value;
}
