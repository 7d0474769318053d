import { csvEndpoints } from '@ttm/contract';
import type { FastifyInstance } from 'fastify';
import { ok, registerEndpoint, type RouteDeps } from '../../http/route.js';
import type { ExportService } from './export.service.js';
import type { ImportService } from './import.service.js';

export const IMPORT_BODY_LIMIT_BYTES = 20 * 1024 * 1024;

export function registerCsvRoutes(
  app: FastifyInstance,
  deps: RouteDeps,
  services: { exporter: ExportService; importer: ImportService },
): void {
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT_BYTES },
    (_request, body, done) => {
      done(null, body);
    },
  );

  registerEndpoint(app, deps, csvEndpoints.export, async ({ auth, query }) => {
    const { filename, stream } = await services.exporter.exportCsv(auth.userId, query);
    // RFC 6266: an ASCII fallback for old clients, the real (UTF-8) name in filename*.
    const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
    return ok(stream, {
      'content-disposition': `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      'cache-control': 'no-store',
    });
  });

  registerEndpoint(
    app,
    deps,
    csvEndpoints.import,
    async ({ auth, query, body }) => ok(await services.importer.importCsv(auth.userId, query, body)),
    { bodyLimit: IMPORT_BODY_LIMIT_BYTES },
  );
}
