import { summaryEndpoints } from '@ttm/contract';
import type { FastifyInstance } from 'fastify';
import type { JsonCache } from '../../http/json-cache.js';
import { ok, registerEndpoint, type RouteDeps, SerializedJson, serializedBytes } from '../../http/route.js';
import type { SummariesService, SummaryRange } from './summaries.service.js';

/**
 * Everything a summary depends on: the wallet's data (its version, bumped by every expense write),
 * its member list (members_version; summaries name every member) and the resolved range. Nothing
 * in a summary depends on who asks, once membership is checked.
 */
function summaryKey(
  kind: string,
  wallet: { readonly id: string; readonly version: number; readonly members_version: number },
  range: SummaryRange,
): string {
  return `${kind}:${wallet.id}:${String(wallet.version)}:${String(wallet.members_version)}:${range.from}:${range.to}`;
}

/**
 * Summaries are served from a cache of serialized answers keyed by what they depend on, read from
 * the wallet row on every request (the same indexed read that checks membership): a write, in this
 * process or another, changes the key, so a cached answer is never stale, only no longer asked for.
 */
export function registerSummaryRoutes(
  app: FastifyInstance,
  deps: RouteDeps,
  summaries: SummariesService,
  cache: JsonCache,
): void {
  registerEndpoint(app, deps, summaryEndpoints.monthly, async ({ auth, query, reply }) => {
    const wallet = await summaries.wallet(auth.userId, query.walletId);
    const range = summaries.monthlyRange(query);
    const bytes = await cache.getOrCompute(summaryKey('monthly', wallet, range), async () =>
      serializedBytes(reply.serialize(await summaries.monthly(wallet, range))),
    );
    return ok(new SerializedJson(bytes));
  });
  registerEndpoint(app, deps, summaryEndpoints.categories, async ({ auth, query, reply }) => {
    const wallet = await summaries.wallet(auth.userId, query.walletId);
    const range = summaries.categoriesRange(query);
    const bytes = await cache.getOrCompute(summaryKey('categories', wallet, range), async () =>
      serializedBytes(reply.serialize(await summaries.categories(wallet, range))),
    );
    return ok(new SerializedJson(bytes));
  });
}
