import { defineEndpoint } from '../endpoint.js';
import { IdParamsSchema } from '../schemas/common.js';
import { ChangesQuerySchema, ChangesSchema } from '../schemas/expenses.js';
import {
  MAX_PUSH_BODY_BYTES,
  PullBodySchema,
  PullResultSchema,
  PushBodySchema,
  PushResultSchema,
} from '../schemas/sync.js';

export const syncEndpoints = {
  changes: defineEndpoint({
    method: 'GET',
    path: '/wallets/:id/changes',
    operationId: 'walletChanges',
    summary: "Expenses changed or deleted since a wallet version (a device's incremental sync)",
    tag: 'sync',
    auth: true,
    params: IdParamsSchema,
    query: ChangesQuerySchema,
    success: { 200: ChangesSchema },
    errors: [400, 404],
  }),
  pull: defineEndpoint({
    method: 'POST',
    path: '/sync/pull',
    operationId: 'syncPull',
    summary:
      'Changes to every wallet you can see since a cursor, from one consistent snapshot, paged; or a reset instruction',
    tag: 'sync',
    auth: true,
    body: PullBodySchema,
    success: { 200: PullResultSchema },
    errors: [400, 413, 415],
  }),
  push: defineEndpoint({
    method: 'POST',
    path: '/sync/push',
    operationId: 'syncPush',
    summary:
      'Apply a batch of offline mutations in order, each on its own and idempotent by (clientId, mutationId), merging field by field',
    tag: 'sync',
    auth: true,
    body: PushBodySchema,
    maxBodyBytes: MAX_PUSH_BODY_BYTES,
    success: { 200: PushResultSchema },
    errors: [400, 413, 415],
  }),
} as const;
