import { defineEndpoint } from '../endpoint.js';
import { CategoryListSchema } from '../schemas/categories.js';
import { WalletIdQuerySchema } from '../schemas/common.js';

export const categoryEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: '/categories',
    operationId: 'listCategories',
    summary: "A wallet's categories, most used first, then suggested defaults",
    tag: 'expenses',
    auth: true,
    query: WalletIdQuerySchema,
    success: { 200: CategoryListSchema },
    errors: [400, 401, 404],
  }),
} as const;
