import { recurringEndpoints } from '@ttm/contract';
import type { FastifyInstance } from 'fastify';
import { created, noContent, ok, registerEndpoint, type RouteDeps } from '../../http/route.js';
import type { RecurringService } from './recurring.service.js';

export function registerRecurringRoutes(app: FastifyInstance, deps: RouteDeps, recurring: RecurringService): void {
  registerEndpoint(app, deps, recurringEndpoints.list, async ({ auth, query }) =>
    ok(await recurring.list(auth.userId, query.walletId)),
  );
  registerEndpoint(app, deps, recurringEndpoints.create, async ({ auth, body }) => {
    const rule = await recurring.create(auth.userId, body);
    return created(rule, { location: `/api/v1/recurring-rules/${rule.id}` });
  });
  registerEndpoint(app, deps, recurringEndpoints.get, async ({ auth, params }) =>
    ok(await recurring.get(auth.userId, params.id)),
  );
  registerEndpoint(app, deps, recurringEndpoints.update, async ({ auth, params, body }) =>
    ok(await recurring.update(auth.userId, params.id, body)),
  );
  registerEndpoint(app, deps, recurringEndpoints.delete, async ({ auth, params }) => {
    await recurring.remove(auth.userId, params.id);
    return noContent();
  });
}
