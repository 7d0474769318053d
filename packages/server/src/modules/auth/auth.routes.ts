import { type AuthSession, authEndpoints } from '@ttm/contract';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import { created, noContent, ok, registerEndpoint, type RouteDeps } from '../../http/route.js';
import type { AuthService, IssuedSession } from './auth.service.js';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from './refresh-cookie.js';

/** Hands the refresh token over in the body (native apps) or as an httpOnly cookie (browsers). */
function deliver(
  request: FastifyRequest,
  reply: FastifyReply,
  session: IssuedSession,
  transport: 'body' | 'cookie',
): AuthSession {
  if (transport === 'body') return session;
  setRefreshCookie(request, reply, session.refreshToken);
  const { refreshToken: _omitted, ...rest } = session;
  return rest;
}

export function registerAuthRoutes(
  app: FastifyInstance,
  deps: RouteDeps,
  auth: AuthService,
  rateLimit: Record<string, unknown>,
): void {
  const userAgent = (request: FastifyRequest) => request.headers['user-agent'] ?? null;

  registerEndpoint(
    app,
    deps,
    authEndpoints.register,
    async ({ body, request, reply }) =>
      created(deliver(request, reply, await auth.register(body, userAgent(request)), body.refreshTransport)),
    { config: { rateLimit } },
  );

  registerEndpoint(
    app,
    deps,
    authEndpoints.login,
    async ({ body, request, reply }) =>
      ok(deliver(request, reply, await auth.login(body, userAgent(request)), body.refreshTransport)),
    { config: { rateLimit } },
  );

  registerEndpoint(
    app,
    deps,
    authEndpoints.refresh,
    async ({ body, request, reply }) => {
      const fromCookie = body.refreshToken === undefined;
      const token = body.refreshToken ?? readRefreshCookie(request);
      if (token === undefined) throw new AppError('invalid_refresh_token', 'No refresh token was sent');
      try {
        const session = await auth.refresh(token);
        return ok(deliver(request, reply, session, fromCookie ? 'cookie' : 'body'));
      } catch (error) {
        if (fromCookie) clearRefreshCookie(reply);
        throw error;
      }
    },
    { config: { rateLimit } },
  );

  registerEndpoint(app, deps, authEndpoints.logout, async ({ body, request, reply }) => {
    const token = body.refreshToken ?? readRefreshCookie(request);
    if (token !== undefined) await auth.logout(token);
    clearRefreshCookie(reply);
    return noContent();
  });

  registerEndpoint(app, deps, authEndpoints.changePassword, async ({ auth: caller, body }) => {
    await auth.changePassword(caller.userId, caller.sessionId, body);
    return noContent();
  });
}
