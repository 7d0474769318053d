import { summaryEndpoints } from '@ttm/contract';
import type { FastifyInstance } from 'fastify';
import { ok, registerEndpoint, type RouteDeps } from '../../http/route.js';
import type { SummariesService } from './summaries.service.js';

export function registerSummaryRoutes(app: FastifyInstance, deps: RouteDeps, summaries: SummariesService): void {
  registerEndpoint(app, deps, summaryEndpoints.monthly, async ({ auth, query }) =>
    ok(await summaries.monthly(auth.userId, query)),
  );
  registerEndpoint(app, deps, summaryEndpoints.categories, async ({ auth, query }) =>
    ok(await summaries.categories(auth.userId, query)),
  );
}
