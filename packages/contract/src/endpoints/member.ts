import { defineEndpoint } from '../endpoint.js';
import { EmptyBodySchema, IdParamsSchema } from '../schemas/common.js';
import { MemberListSchema, MemberParamsSchema, MemberSchema, UpdateMemberBodySchema } from '../schemas/wallets.js';

export const memberEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: '/wallets/:id/members',
    operationId: 'listMembers',
    summary: "A wallet's members and their roles",
    tag: 'members',
    auth: true,
    params: IdParamsSchema,
    success: { 200: MemberListSchema },
    errors: [400, 404],
  }),
  update: defineEndpoint({
    method: 'PATCH',
    path: '/wallets/:id/members/:userId',
    operationId: 'changeMemberRole',
    summary: "Change a member's role (owner); a wallet always keeps one owner",
    tag: 'members',
    auth: true,
    params: MemberParamsSchema,
    body: UpdateMemberBodySchema,
    success: { 200: MemberSchema },
    errors: [400, 403, 404, 409, 413, 415],
  }),
  remove: defineEndpoint({
    method: 'DELETE',
    path: '/wallets/:id/members/:userId',
    operationId: 'removeMember',
    summary: 'Remove a member (owner), or leave the wallet (your own userId)',
    tag: 'members',
    auth: true,
    params: MemberParamsSchema,
    success: { 204: EmptyBodySchema },
    errors: [400, 403, 404, 409],
  }),
} as const;
