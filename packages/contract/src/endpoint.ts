import type { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One API operation: the single description the server registers, the OpenAPI document is
 * generated from, and the typed client calls. Paths use `:param` placeholders and are
 * relative to `API_PREFIX`.
 */
export interface Endpoint {
  readonly method: HttpMethod;
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tag: string;
  /** Whether a bearer access token is required. */
  readonly auth: boolean;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  readonly headers?: z.ZodType;
  /** Success responses by status. A `null` schema means no body (204). */
  readonly success: Readonly<Record<number, z.ZodType>>;
  /** Error statuses this operation can answer with (problem+json), besides 429 and 500. */
  readonly errors: readonly number[];
  /** Media type of the success body when it is not JSON (e.g. text/csv). */
  readonly produces?: string;
  /** Media type of the request body when it is not JSON (e.g. text/csv). */
  readonly consumes?: string;
  /** A raw file as the whole body, in any of these media types (no `body` schema: it is a stream). */
  readonly uploads?: readonly string[];
  /** Largest accepted request body in bytes, when it differs from the API's default (64 KiB). */
  readonly maxBodyBytes?: number;
}

export const API_PREFIX = '/api/v1';

export function defineEndpoint<const E extends Endpoint>(endpoint: E): E {
  return endpoint;
}

type Field<E, K extends keyof Endpoint, Name extends string> =
  E extends Record<K, infer S extends z.ZodType>
    ? undefined extends z.input<S>
      ? { readonly [P in Name]?: z.input<S> }
      : { readonly [P in Name]: z.input<S> }
    : { readonly [P in Name]?: never };

/** What a caller passes to invoke an endpoint. */
export type EndpointInput<E extends Endpoint> = Field<E, 'params', 'params'> &
  Field<E, 'query', 'query'> &
  Field<E, 'body', 'body'> &
  Field<E, 'headers', 'headers'>;

/** What a successful call returns (the union of its success bodies; undefined for 204). */
export type EndpointOutput<E extends Endpoint> = {
  [S in keyof E['success']]: E['success'][S] extends z.ZodNull ? undefined : z.output<E['success'][S]>;
}[keyof E['success']];
