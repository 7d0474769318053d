import { API_PREFIX, expenseEndpoints, syncEndpoints } from '@ttm/contract';
import type { FastifyInstance } from 'fastify';
import { created as createdResponse, noContent, ok, registerEndpoint, type RouteDeps } from '../../http/route.js';
import { etagOf } from './expenses.mapper.js';
import type { ExpensesService } from './expenses.service.js';

export function registerExpenseRoutes(app: FastifyInstance, deps: RouteDeps, expenses: ExpensesService): void {
  registerEndpoint(app, deps, expenseEndpoints.create, async ({ auth, body }) => {
    const { created, expense } = await expenses.create(auth.userId, body);
    const headers = { location: `${API_PREFIX}/expenses/${expense.id}`, etag: etagOf(expense.version) };
    return created ? createdResponse(expense, headers) : ok(expense, headers);
  });

  registerEndpoint(app, deps, expenseEndpoints.list, async ({ auth, query }) =>
    ok(await expenses.list(auth.userId, query)),
  );

  registerEndpoint(app, deps, syncEndpoints.changes, async ({ auth, params, query }) =>
    ok(await expenses.changes(auth.userId, params.id, query)),
  );

  registerEndpoint(app, deps, expenseEndpoints.get, async ({ auth, params }) => {
    const expense = await expenses.get(auth.userId, params.id);
    return ok(expense, { etag: etagOf(expense.version) });
  });

  registerEndpoint(app, deps, expenseEndpoints.update, async ({ auth, params, body, headers }) => {
    const expense = await expenses.update(auth.userId, params.id, body, headers['if-match']);
    return ok(expense, { etag: etagOf(expense.version) });
  });

  registerEndpoint(app, deps, expenseEndpoints.delete, async ({ auth, params, headers }) => {
    await expenses.remove(auth.userId, params.id, headers['if-match']);
    return noContent();
  });
}
