import { type Endpoint, PROBLEM_CONTENT_TYPE, PROBLEM_TYPES, ProblemSchema } from '@ttm/contract';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError } from '../errors.js';
import { type AuthContext, type Authenticator, authenticateRequest } from './auth-context.js';

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

type Parsed<E extends Endpoint, K extends 'params' | 'query' | 'body' | 'headers'> = E[K] extends z.ZodType
  ? z.output<E[K]>
  : undefined;

export interface HandlerContext<E extends Endpoint> {
  readonly params: Parsed<E, 'params'>;
  readonly query: Parsed<E, 'query'>;
  readonly body: Parsed<E, 'body'>;
  readonly headers: Parsed<E, 'headers'>;
  readonly auth: E['auth'] extends true ? AuthContext : null;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
}

type SuccessStatus<E extends Endpoint> = keyof E['success'] & number;

/**
 * A JSON body already written by the route's own serializer (`reply.serialize`), such as a
 * cached response: its UTF-8 bytes, sent as they are, without serializing or encoding again.
 */
export class SerializedJson {
  constructor(readonly bytes: Buffer) {}
}

/** What `reply.serialize` returned, as the bytes to send. */
export function serializedBytes(body: string | Buffer | ArrayBuffer): Buffer {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return Buffer.isBuffer(body) ? body : Buffer.from(body);
}

export type HandlerResult<E extends Endpoint> = {
  [S in SuccessStatus<E>]: {
    readonly status: S;
    readonly body: E['success'][S] extends z.ZodNull
      ? null
      : E['produces'] extends string
        ? Readable | string
        : z.input<E['success'][S]> | SerializedJson;
    readonly headers?: Readonly<Record<string, string>>;
  };
}[SuccessStatus<E>];

type Headers = Readonly<Record<string, string>>;

export function ok<B>(body: B, headers?: Headers) {
  return { status: 200 as const, body, ...(headers ? { headers } : {}) };
}

export function created<B>(body: B, headers?: Headers) {
  return { status: 201 as const, body, ...(headers ? { headers } : {}) };
}

export function noContent() {
  return { status: 204 as const, body: null };
}

export type Handler<E extends Endpoint> = (context: HandlerContext<E>) => Promise<HandlerResult<E>>;

const ALWAYS_POSSIBLE = [429, 500] as const;

/** Each body route takes one media type (JSON unless the contract says otherwise): others get 415. */
function requireMediaType(mediaType: string) {
  return (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void => {
    const header = request.headers['content-type'];
    // No body at all is a validation matter (400), not a media type one.
    const given = header === undefined ? mediaType : header.split(';')[0]?.trim().toLowerCase();
    done(given === mediaType ? undefined : new AppError('unsupported_media_type', `Send the body as ${mediaType}`));
  };
}

function responseSchemas(endpoint: Endpoint): Record<number, unknown> {
  const responses: Record<number, unknown> = {};
  for (const [status, schema] of Object.entries(endpoint.success)) {
    responses[Number(status)] = endpoint.produces
      ? { description: endpoint.summary, content: { [endpoint.produces]: { schema } } }
      : schema;
  }
  const errorStatuses = new Set<number>([...endpoint.errors, ...ALWAYS_POSSIBLE]);
  if (endpoint.auth) errorStatuses.add(401);
  for (const status of errorStatuses) {
    const titles = Object.values(PROBLEM_TYPES)
      .filter((type) => type.status === status)
      .map((type) => type.title);
    responses[status] = {
      description: titles.join(' / ') || 'Error',
      content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } },
    };
  }
  return responses;
}

function routeConfig(endpoint: Endpoint, config: Record<string, unknown> | undefined): Record<string, unknown> {
  return { ...config, ...(endpoint.uploads ? { uploads: endpoint.uploads } : {}) };
}

/** Prefixed with the API prefix by the caller's plugin registration. */
export interface RouteDeps {
  readonly authenticate: Authenticator;
}

/**
 * Registers one contract endpoint: its schemas drive validation, serialization and the OpenAPI
 * document; auth runs before the handler; the handler returns a typed status/body pair.
 */
export function registerEndpoint<E extends Endpoint>(
  app: FastifyInstance,
  deps: RouteDeps,
  endpoint: E,
  handler: Handler<E>,
  options: { config?: Record<string, unknown>; bodyLimit?: number } = {},
): void {
  app.route({
    method: endpoint.method,
    url: endpoint.path,
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
    // Upload media types ride along in the route's config for the OpenAPI document (see app.ts).
    ...(options.config || endpoint.uploads ? { config: routeConfig(endpoint, options.config) } : {}),
    schema: {
      operationId: endpoint.operationId,
      summary: endpoint.summary,
      tags: [endpoint.tag],
      ...(endpoint.auth ? { security: [{ bearerAuth: [] }] } : {}),
      ...(endpoint.consumes ? { consumes: [endpoint.consumes] } : {}),
      ...(endpoint.params ? { params: endpoint.params } : {}),
      ...(endpoint.query ? { querystring: endpoint.query } : {}),
      ...(endpoint.body ? { body: endpoint.body } : {}),
      ...(endpoint.headers ? { headers: endpoint.headers } : {}),
      response: responseSchemas(endpoint),
    },
    // Authentication runs before the body is read and validated, so an anonymous caller learns
    // nothing from validation errors; the rate limit (an onRequest hook) runs before it.
    ...(endpoint.auth
      ? {
          preParsing: async (request: FastifyRequest) => {
            request.auth = await authenticateRequest(request, deps.authenticate);
          },
        }
      : {}),
    ...(endpoint.body ? { preValidation: requireMediaType(endpoint.consumes ?? 'application/json') } : {}),
    handler: async (request, reply) => {
      const auth = request.auth;
      const result = await handler({
        params: request.params,
        query: request.query,
        body: request.body,
        headers: request.headers,
        auth,
        request,
        reply,
      } as unknown as HandlerContext<E>);
      for (const [name, value] of Object.entries(result.headers ?? {})) void reply.header(name, value);
      void reply.code(result.status);
      // A handler that names the media type itself (a stored file) keeps it.
      if (endpoint.produces && result.headers?.['content-type'] === undefined)
        void reply.type(`${endpoint.produces}; charset=utf-8`);
      if (result.body instanceof SerializedJson)
        return reply.type('application/json; charset=utf-8').send(result.body.bytes);
      return result.status === 204 ? reply.send() : reply.send(result.body);
    },
  });
}
