import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_PREFIX } from '@ttm/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

const POLICY: Readonly<HelmetOptions> = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      connectSrc: ["'self'"],
      workerSrc: ["'self'"],
      manifestSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      // Plain-HTTP self-hosting (a home server on the LAN) must keep working.
      upgradeInsecureRequests: null,
    },
  },
};

/**
 * Helmet's headers for our policy, computed once: helmet's middleware is run against a recording
 * response at startup, so the values are helmet's own, but no request pays for building them.
 */
export function computeSecurityHeaders(options: Readonly<HelmetOptions> = POLICY): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- a recorder of header names
      delete headers[name.toLowerCase()];
    },
  };
  const request = Object.create(null) as IncomingMessage;
  helmet(options)(request, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error !== undefined) throw error instanceof Error ? error : new Error('helmet failed');
  });
  return Object.freeze(headers);
}

/**
 * The set for API answers (JSON or CSV, never rendered as a page), after OWASP's REST Security
 * Cheat Sheet: nothing may load or frame them, no sniffing them into HTML, no cross-origin reads,
 * HTTPS remembered, no Referer. The document policy's other headers (script sources, opener and
 * agent-cluster isolation, legacy IE switches) only mean something for HTML, and sending them
 * with every API answer made it about 0.6 KB larger.
 */
export function apiSecurityHeaders(
  documentHeaders: Readonly<Record<string, string>>,
): Readonly<Record<string, string>> {
  const hsts = documentHeaders['strict-transport-security'];
  return Object.freeze({
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    ...(hsts === undefined ? {} : { 'strict-transport-security': hsts }),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'cross-origin-resource-policy': 'same-origin',
    'referrer-policy': 'no-referrer',
  });
}

/** The API, its health probe and its OpenAPI document answer data, not pages. */
function isApiRequest(request: FastifyRequest): boolean {
  const url = request.url;
  return url.startsWith(`${API_PREFIX}/`) || url.startsWith('/healthz') || url.startsWith('/openapi.json');
}

/**
 * Sends precomputed security headers with every response: the full document policy with the web
 * client and the API docs page, the API set with API answers.
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  const documentHeaders = computeSecurityHeaders();
  const apiHeaders = apiSecurityHeaders(documentHeaders);
  app.addHook('onRequest', (request, reply, done) => {
    void reply.headers(isApiRequest(request) ? apiHeaders : documentHeaders);
    done();
  });
}
