import { defineEndpoint } from '../endpoint.js';
import {
  CategorySummaryQuerySchema,
  CategorySummarySchema,
  MonthlySummaryQuerySchema,
  MonthlySummarySchema,
} from '../schemas/summaries.js';

export const summaryEndpoints = {
  monthly: defineEndpoint({
    method: 'GET',
    path: '/summary/monthly',
    operationId: 'monthlySummary',
    summary: 'Totals per month (every month in the range, zero months included) and per category',
    tag: 'summaries',
    auth: true,
    query: MonthlySummaryQuerySchema,
    success: { 200: MonthlySummarySchema },
    errors: [400, 404],
  }),
  categories: defineEndpoint({
    method: 'GET',
    path: '/summary/categories',
    operationId: 'categorySummary',
    summary: 'Totals per category for a date range, largest first, with shares',
    tag: 'summaries',
    auth: true,
    query: CategorySummaryQuerySchema,
    success: { 200: CategorySummarySchema },
    errors: [400, 404],
  }),
} as const;
