import { inviteEndpoints } from '@ttm/contract';
import type { FastifyInstance } from 'fastify';
import { created, noContent, ok, registerEndpoint, type RouteDeps } from '../../http/route.js';
import type { InvitesService } from './invites.service.js';

export function registerInviteRoutes(app: FastifyInstance, deps: RouteDeps, invites: InvitesService): void {
  registerEndpoint(app, deps, inviteEndpoints.create, async ({ auth, params, body }) =>
    created(await invites.create(auth.userId, params.id, body)),
  );
  registerEndpoint(app, deps, inviteEndpoints.listForWallet, async ({ auth, params }) =>
    ok(await invites.listForWallet(auth.userId, params.id)),
  );
  registerEndpoint(app, deps, inviteEndpoints.revoke, async ({ auth, params }) => {
    await invites.revoke(auth.userId, params.id, params.inviteId);
    return noContent();
  });
  registerEndpoint(app, deps, inviteEndpoints.listMine, async ({ auth }) => ok(await invites.listMine(auth.userId)));
  registerEndpoint(app, deps, inviteEndpoints.accept, async ({ auth, params }) =>
    ok(await invites.acceptById(auth.userId, params.id)),
  );
  registerEndpoint(app, deps, inviteEndpoints.decline, async ({ auth, params }) => {
    await invites.declineById(auth.userId, params.id);
    return noContent();
  });
  registerEndpoint(app, deps, inviteEndpoints.acceptToken, async ({ auth, body }) =>
    ok(await invites.acceptByToken(auth.userId, body.token)),
  );
}
