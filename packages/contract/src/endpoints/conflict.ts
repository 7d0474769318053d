import { defineEndpoint } from '../endpoint.js';
import {
  ConflictListQuerySchema,
  ConflictListSchema,
  ConflictParamsSchema,
  ConflictSchema,
  ResolveConflictBodySchema,
} from '../schemas/sync.js';

export const conflictEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: '/conflicts',
    operationId: 'listConflicts',
    summary: 'Open sync conflicts of a wallet, oldest first, with both sides and the expense as it is now',
    tag: 'sync',
    auth: true,
    query: ConflictListQuerySchema,
    success: { 200: ConflictListSchema },
    errors: [400, 404],
  }),
  resolve: defineEndpoint({
    method: 'POST',
    path: '/conflicts/:id/resolve',
    operationId: 'resolveConflict',
    summary: 'Keep the server side, apply the client side, or write your own values (a normal versioned write)',
    tag: 'sync',
    auth: true,
    params: ConflictParamsSchema,
    body: ResolveConflictBodySchema,
    success: { 200: ConflictSchema },
    errors: [400, 403, 404, 409, 413, 415],
  }),
} as const;
