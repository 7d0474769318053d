import { defineEndpoint } from '../endpoint.js';
import { EmptyBodySchema } from '../schemas/common.js';
import {
  BudgetListQuerySchema,
  BudgetListSchema,
  BudgetParamsSchema,
  BudgetQuerySchema,
  BudgetSchema,
  PutBudgetBodySchema,
} from '../schemas/summaries.js';

export const budgetEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: '/budgets',
    operationId: 'listBudgets',
    summary: "Monthly limits with the month's spending and status",
    tag: 'budgets',
    auth: true,
    query: BudgetListQuerySchema,
    success: { 200: BudgetListSchema },
    errors: [400, 404],
  }),
  put: defineEndpoint({
    method: 'PUT',
    path: '/budgets/:category',
    operationId: 'setBudget',
    summary: 'Set the monthly limit of a category ("*" = overall) (owner, editor)',
    tag: 'budgets',
    auth: true,
    params: BudgetParamsSchema,
    query: BudgetQuerySchema,
    body: PutBudgetBodySchema,
    success: { 200: BudgetSchema },
    errors: [400, 403, 404, 413, 415],
  }),
  delete: defineEndpoint({
    method: 'DELETE',
    path: '/budgets/:category',
    operationId: 'deleteBudget',
    summary: 'Remove a monthly limit (owner, editor)',
    tag: 'budgets',
    auth: true,
    params: BudgetParamsSchema,
    query: BudgetQuerySchema,
    success: { 204: EmptyBodySchema },
    errors: [400, 403, 404],
  }),
} as const;
