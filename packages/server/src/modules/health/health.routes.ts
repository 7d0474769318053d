import { healthEndpoints } from '@ttm/contract';
import { type Kysely, sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { ok, registerEndpoint, type RouteDeps } from '../../http/route.js';

export function registerHealthRoutes(app: FastifyInstance, deps: RouteDeps, db: Kysely<Database>): void {
  registerEndpoint(app, deps, healthEndpoints.health, () => Promise.resolve(ok({ status: 'ok' as const })));

  registerEndpoint(app, deps, healthEndpoints.ready, async ({ request }) => {
    try {
      await sql`select 1`.execute(db);
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check: database unreachable');
      throw new AppError('service_unavailable', 'The database does not answer');
    }
    return ok({ status: 'ok' as const, database: 'ok' as const });
  });
}
