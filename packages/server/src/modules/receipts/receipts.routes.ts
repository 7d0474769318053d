import {
  API_PREFIX,
  type Endpoint,
  expenseEndpoints,
  conflictEndpoints,
  meEndpoints,
  RECEIPT_CONTENT_TYPES,
  receiptEndpoints,
  syncEndpoints,
  walletEndpoints,
} from '@ttm/contract';
import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { created, noContent, ok, registerEndpoint, type RouteDeps } from '../../http/route.js';
import { fileNameOf } from './receipts.mapper.js';
import type { ReceiptSweeper } from './receipt-sweeper.js';
import type { ReceiptsService } from './receipts.service.js';

/** Every route that can delete an expense, a wallet or an account: receipt files follow after it answers. */
/** Routes after which deleted receipts' files are removed; the last two can delete whole wallets. */
const DELETING_ROUTES: readonly (readonly [Endpoint, 'receipts' | 'folders'])[] = [
  [expenseEndpoints.delete, 'receipts'],
  [syncEndpoints.push, 'receipts'],
  [conflictEndpoints.resolve, 'receipts'],
  [walletEndpoints.delete, 'folders'],
  [meEndpoints.delete, 'folders'],
];

function isReadable(value: unknown): value is Readable {
  return typeof value === 'object' && value !== null && 'pipe' in value && 'on' in value;
}

/**
 * Receipt routes. Uploads are raw bodies: the accepted media types are parsed only in this
 * module's own scope, as an unread stream (the JSON body limit does not apply; the service
 * enforces the receipt limit while streaming).
 */
export async function registerReceiptRoutes(
  api: FastifyInstance,
  deps: RouteDeps,
  receipts: ReceiptsService,
  sweeper: ReceiptSweeper,
): Promise<void> {
  // Looked up by route path, then method: every API response passes here, so no string is built.
  const deleting = new Map<string, Map<string, 'receipts' | 'folders'>>();
  for (const [endpoint, scope] of DELETING_ROUTES) {
    const path = `${API_PREFIX}${endpoint.path}`;
    deleting.set(path, (deleting.get(path) ?? new Map<string, 'receipts' | 'folders'>()).set(endpoint.method, scope));
  }
  api.addHook('onResponse', (request, reply, done) => {
    if (reply.statusCode < 300) {
      const scope = deleting.get(request.routeOptions.url ?? '')?.get(request.method);
      if (scope !== undefined) sweeper.afterDelete(scope);
    }
    done();
  });

  await api.register((scope, _options, done) => {
    scope.addContentTypeParser([...RECEIPT_CONTENT_TYPES], (_request, payload, done) => {
      done(null, payload);
    });

    registerEndpoint(scope, deps, receiptEndpoints.upload, async ({ auth, params, query, request }) => {
      const length = request.headers['content-length'];
      const { created: isNew, receipt } = await receipts.upload(auth.userId, {
        expenseId: params.id,
        receiptId: query.receiptId,
        contentType: request.headers['content-type'],
        contentLength: length === undefined ? undefined : Number(length),
        body: isReadable(request.body) ? request.body : undefined,
      });
      const headers = { location: `${API_PREFIX}/receipts/${receipt.id}` };
      return isNew ? created(receipt, headers) : ok(receipt, headers);
    });

    registerEndpoint(scope, deps, receiptEndpoints.listForExpense, async ({ auth, params }) =>
      ok(await receipts.listForExpense(auth.userId, params.id)),
    );

    registerEndpoint(scope, deps, receiptEndpoints.listForWallet, async ({ auth, query }) =>
      ok(await receipts.listForWallet(auth.userId, query.walletId)),
    );

    // The file is only ever data: a sandboxing policy and nosniff mean that even a file opened
    // directly from this URL can never run script on our origin; it is always an attachment.
    registerEndpoint(scope, deps, receiptEndpoints.download, async ({ auth, params }) => {
      const { receipt, stream } = await receipts.open(auth.userId, params.id);
      return ok(stream, {
        'content-type': receipt.contentType,
        'content-length': String(receipt.byteSize),
        'content-disposition': `attachment; filename="${fileNameOf(receipt)}"`,
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'; sandbox",
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
        etag: `"${receipt.sha256}"`,
      });
    });

    registerEndpoint(scope, deps, receiptEndpoints.delete, async ({ auth, params }) => {
      await receipts.remove(auth.userId, params.id);
      return noContent();
    });
    done();
  });
}
