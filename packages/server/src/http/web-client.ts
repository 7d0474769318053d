import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { API_PREFIX } from '@ttm/contract';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendRouteNotFound } from './problem.js';

/** Paths of files that must always be revalidated, so a new release reaches installed apps. */
const NO_CACHE = new Set(['/sw.js', '/index.html', '/manifest.webmanifest', '/registerSW.js']);

/** The suffixes of the build's precompressed siblings (`app.js.br`, `app.js.gz`). */
const ENCODED_SUFFIX = /\.(?:br|gz)$/;

function wantsPage(request: FastifyRequest): boolean {
  return (
    request.method === 'GET' &&
    !request.url.startsWith(`${API_PREFIX}/`) &&
    !request.url.startsWith('/docs') &&
    (request.headers.accept ?? '').includes('text/html')
  );
}

/**
 * Serves the built web client from the same origin as the API: static files, and index.html for
 * client-side routes. Anything else unknown is a problem+json 404. The build writes brotli and
 * gzip copies beside every text file; they are sent by the request's Accept-Encoding (with
 * `Vary: Accept-Encoding`), the original file to clients that accept neither.
 */
export async function registerWebClient(app: FastifyInstance, webDist: string | null): Promise<void> {
  const hasClient = webDist !== null && existsSync(join(webDist, 'index.html'));
  if (hasClient) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: true,
      index: ['index.html'],
      preCompressed: true,
      setHeaders(reply, path) {
        const name = path.slice(webDist.length).replaceAll('\\', '/').replace(ENCODED_SUFFIX, '');
        if (NO_CACHE.has(name)) void reply.header('cache-control', 'no-cache');
        else if (name.startsWith('/assets/')) void reply.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  }
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    if (hasClient && wantsPage(request)) {
      void reply.header('cache-control', 'no-cache');
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    return sendRouteNotFound(reply);
  });
}
