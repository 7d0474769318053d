import { memberEndpoints, walletEndpoints } from '@ttm/contract';
import type { FastifyInstance } from 'fastify';
import { created, noContent, ok, registerEndpoint, type RouteDeps } from '../../http/route.js';
import type { WalletsService } from './wallets.service.js';

export function registerWalletRoutes(app: FastifyInstance, deps: RouteDeps, wallets: WalletsService): void {
  registerEndpoint(app, deps, walletEndpoints.list, async ({ auth }) => ok(await wallets.list(auth.userId)));
  registerEndpoint(app, deps, walletEndpoints.create, async ({ auth, body }) => {
    const wallet = await wallets.create(auth.userId, body);
    return created(wallet, { location: `/api/v1/wallets/${wallet.id}` });
  });
  registerEndpoint(app, deps, walletEndpoints.get, async ({ auth, params }) =>
    ok(await wallets.get(auth.userId, params.id)),
  );
  registerEndpoint(app, deps, walletEndpoints.update, async ({ auth, params, body }) =>
    ok(await wallets.rename(auth.userId, params.id, body)),
  );
  registerEndpoint(app, deps, walletEndpoints.delete, async ({ auth, params }) => {
    await wallets.remove(auth.userId, params.id);
    return noContent();
  });

  registerEndpoint(app, deps, memberEndpoints.list, async ({ auth, params }) =>
    ok(await wallets.members(auth.userId, params.id)),
  );
  registerEndpoint(app, deps, memberEndpoints.update, async ({ auth, params, body }) =>
    ok(await wallets.changeRole(auth.userId, params.id, params.userId, body.role)),
  );
  registerEndpoint(app, deps, memberEndpoints.remove, async ({ auth, params }) => {
    await wallets.removeMember(auth.userId, params.id, params.userId);
    return noContent();
  });
}
