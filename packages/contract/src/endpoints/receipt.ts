import { z } from 'zod';
import { defineEndpoint } from '../endpoint.js';
import { EmptyBodySchema, IdParamsSchema, WalletIdQuerySchema } from '../schemas/common.js';
import {
  RECEIPT_CONTENT_TYPES,
  ReceiptListSchema,
  ReceiptSchema,
  UploadReceiptQuerySchema,
} from '../schemas/receipts.js';

export const receiptEndpoints = {
  upload: defineEndpoint({
    method: 'POST',
    path: '/expenses/:id/receipts',
    operationId: 'uploadReceipt',
    summary: `Attach a receipt to an expense (owner, editor): the body is the file itself, up to 10 MiB, sent with its own Content-Type (${RECEIPT_CONTENT_TYPES.join(', ')}), which must match the file's content`,
    tag: 'receipts',
    auth: true,
    params: IdParamsSchema,
    query: UploadReceiptQuerySchema,
    uploads: RECEIPT_CONTENT_TYPES,
    success: { 201: ReceiptSchema, 200: ReceiptSchema },
    errors: [400, 401, 403, 404, 409, 413, 415],
  }),
  listForExpense: defineEndpoint({
    method: 'GET',
    path: '/expenses/:id/receipts',
    operationId: 'listExpenseReceipts',
    summary: "An expense's receipts, oldest first",
    tag: 'receipts',
    auth: true,
    params: IdParamsSchema,
    success: { 200: ReceiptListSchema },
    errors: [400, 401, 404],
  }),
  listForWallet: defineEndpoint({
    method: 'GET',
    path: '/receipts',
    operationId: 'listWalletReceipts',
    summary: "Every receipt of a wallet's live expenses (metadata only), oldest first",
    tag: 'receipts',
    auth: true,
    query: WalletIdQuerySchema,
    success: { 200: ReceiptListSchema },
    errors: [400, 401, 404],
  }),
  download: defineEndpoint({
    method: 'GET',
    path: '/receipts/:id',
    operationId: 'downloadReceipt',
    summary:
      'The receipt file, with its own Content-Type (image/jpeg, image/png, image/webp, image/heic or application/pdf) as an attachment',
    tag: 'receipts',
    auth: true,
    params: IdParamsSchema,
    success: { 200: z.string().describe('The file bytes') },
    errors: [400, 401, 404],
    produces: 'application/octet-stream',
  }),
  delete: defineEndpoint({
    method: 'DELETE',
    path: '/receipts/:id',
    operationId: 'deleteReceipt',
    summary: 'Remove a receipt (owner, editor)',
    tag: 'receipts',
    auth: true,
    params: IdParamsSchema,
    success: { 204: EmptyBodySchema },
    errors: [400, 401, 403, 404],
  }),
} as const;
