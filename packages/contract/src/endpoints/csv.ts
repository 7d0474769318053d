import { z } from 'zod';
import { defineEndpoint } from '../endpoint.js';
import { ExportQuerySchema, ImportQuerySchema, ImportResultSchema } from '../schemas/csv.js';

export const csvEndpoints = {
  export: defineEndpoint({
    method: 'GET',
    path: '/expenses/export.csv',
    operationId: 'exportExpenses',
    summary: 'Download expenses as CSV (RFC 4180, formula cells neutralised), streamed',
    tag: 'csv',
    auth: true,
    query: ExportQuerySchema,
    success: { 200: z.string().describe('CSV with header date,amount,currency,category,note,id,createdAt') },
    errors: [400, 404],
    produces: 'text/csv',
  }),
  import: defineEndpoint({
    method: 'POST',
    path: '/expenses/import',
    operationId: 'importExpenses',
    summary: 'Import expenses from CSV (up to 20 MB): all or nothing, duplicates skipped (owner, editor)',
    tag: 'csv',
    auth: true,
    query: ImportQuerySchema,
    body: z.string().describe('CSV text with a header row'),
    success: { 200: ImportResultSchema },
    errors: [400, 403, 404, 413, 415],
    consumes: 'text/csv',
  }),
} as const;
