import { defineEndpoint } from '../endpoint.js';
import { DeleteAccountBodySchema, UserSchema } from '../schemas/auth.js';
import { EmptyBodySchema } from '../schemas/common.js';

export const meEndpoints = {
  get: defineEndpoint({
    method: 'GET',
    path: '/me',
    operationId: 'getMe',
    summary: 'The signed-in user',
    tag: 'account',
    auth: true,
    success: { 200: UserSchema },
    errors: [401],
  }),
  delete: defineEndpoint({
    method: 'DELETE',
    path: '/me',
    operationId: 'deleteMe',
    summary: 'Delete the account and every wallet only this user owns',
    tag: 'account',
    auth: true,
    body: DeleteAccountBodySchema,
    success: { 204: EmptyBodySchema },
    errors: [400, 401, 403, 413, 415],
  }),
} as const;
