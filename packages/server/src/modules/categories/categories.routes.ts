import { categoryEndpoints } from '@ttm/contract';
import type { FastifyInstance } from 'fastify';
import { ok, registerEndpoint, type RouteDeps } from '../../http/route.js';
import type { CategoriesService } from './categories.service.js';

export function registerCategoryRoutes(app: FastifyInstance, deps: RouteDeps, categories: CategoriesService): void {
  registerEndpoint(app, deps, categoryEndpoints.list, async ({ auth, query }) =>
    ok(await categories.list(auth.userId, query.walletId)),
  );
}
