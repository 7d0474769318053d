import { meEndpoints } from '@ttm/contract';
import type { FastifyInstance } from 'fastify';
import { noContent, ok, registerEndpoint, type RouteDeps } from '../../http/route.js';
import { clearRefreshCookie } from '../auth/refresh-cookie.js';
import type { AccountService } from './account.service.js';

export function registerAccountRoutes(app: FastifyInstance, deps: RouteDeps, account: AccountService): void {
  registerEndpoint(app, deps, meEndpoints.get, async ({ auth }) => ok(await account.me(auth.userId)));

  registerEndpoint(app, deps, meEndpoints.delete, async ({ auth, body, reply }) => {
    await account.deleteAccount(auth.userId, body);
    clearRefreshCookie(reply);
    return noContent();
  });
}
