import { walletEndpoints } from '@ttm/contract';
import type { FastifyInstance } from 'fastify';
import { ok, registerEndpoint, type RouteDeps } from '../../http/route.js';
import type { WalletsService } from './wallets.service.js';

export function registerWalletRoutes(app: FastifyInstance, deps: RouteDeps, wallets: WalletsService): void {
  registerEndpoint(app, deps, walletEndpoints.list, async ({ auth }) => ok(await wallets.list(auth.userId)));
}
