import { API_PREFIX, expenseEndpoints, syncEndpoints } from '@ttm/contract';
import type { FastifyInstance } from 'fastify';
import type { JsonCache } from '../../http/json-cache.js';
import {
  created as createdResponse,
  noContent,
  ok,
  registerEndpoint,
  type RouteDeps,
  SerializedJson,
  serializedBytes,
} from '../../http/route.js';
import { etagOf } from './expenses.mapper.js';
import type { ExpensesService } from './expenses.service.js';

export function registerExpenseRoutes(
  app: FastifyInstance,
  deps: RouteDeps,
  expenses: ExpensesService,
  pages: JsonCache,
): void {
  registerEndpoint(app, deps, expenseEndpoints.create, async ({ auth, body }) => {
    const { created, expense } = await expenses.create(auth.userId, body);
    const headers = { location: `${API_PREFIX}/expenses/${expense.id}`, etag: etagOf(expense.version) };
    return created ? createdResponse(expense, headers) : ok(expense, headers);
  });

  // History pages (searches included) are served from a cache keyed by the wallet's version:
  // the membership check and the version are one indexed read, the page itself is reused until
  // the next write to the wallet.
  registerEndpoint(app, deps, expenseEndpoints.list, async ({ auth, query, reply }) => {
    const scope = await expenses.historyScope(auth.userId, query.walletId);
    const key = `history:${scope.id}:${String(scope.version)}:${JSON.stringify(query)}`;
    const bytes = await pages.getOrCompute(key, async () =>
      serializedBytes(reply.serialize(await expenses.list(auth.userId, query))),
    );
    return ok(new SerializedJson(bytes));
  });

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
