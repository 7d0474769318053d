import { budgetEndpoints } from '@ttm/contract';
import type { FastifyInstance } from 'fastify';
import { noContent, ok, registerEndpoint, type RouteDeps } from '../../http/route.js';
import type { BudgetsService } from './budgets.service.js';

export function registerBudgetRoutes(app: FastifyInstance, deps: RouteDeps, budgets: BudgetsService): void {
  registerEndpoint(app, deps, budgetEndpoints.list, async ({ auth, query }) =>
    ok(await budgets.list(auth.userId, query)),
  );
  registerEndpoint(app, deps, budgetEndpoints.put, async ({ auth, params, query, body }) =>
    ok(await budgets.put(auth.userId, query.walletId, params.category, body)),
  );
  registerEndpoint(app, deps, budgetEndpoints.delete, async ({ auth, params, query }) => {
    await budgets.remove(auth.userId, query.walletId, params.category);
    return noContent();
  });
}
