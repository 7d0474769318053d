import { conflictEndpoints, syncEndpoints } from '@ttm/contract';
import type { FastifyInstance } from 'fastify';
import { ok, registerEndpoint, type RouteDeps } from '../../http/route.js';
import type { ConflictsService } from './conflicts.service.js';
import type { SyncService } from './sync.service.js';

export function registerSyncRoutes(
  app: FastifyInstance,
  deps: RouteDeps,
  services: { sync: SyncService; conflicts: ConflictsService },
): void {
  registerEndpoint(app, deps, syncEndpoints.pull, async ({ auth, body }) =>
    ok(await services.sync.pull(auth.userId, body)),
  );

  registerEndpoint(
    app,
    deps,
    syncEndpoints.push,
    async ({ auth, body }) => ok(await services.sync.push(auth.userId, body)),
    { bodyLimit: syncEndpoints.push.maxBodyBytes },
  );

  registerEndpoint(app, deps, conflictEndpoints.list, async ({ auth, query }) =>
    ok(await services.conflicts.list(auth.userId, query)),
  );

  registerEndpoint(app, deps, conflictEndpoints.resolve, async ({ auth, params, body }) =>
    ok(await services.conflicts.resolve(auth.userId, params.id, body)),
  );
}
