import type { z } from 'zod';
import { API_PREFIX, type Endpoint, type EndpointInput, type EndpointOutput } from './endpoint.js';
import { ApiError, NetworkError, ProblemSchema, PROBLEM_TYPES, problemTypeUri } from './errors.js';

export interface ApiClientOptions {
  /** Origin of the server, e.g. "http://localhost:8000"; empty for same-origin. */
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  /** Returns the current access token, if any. */
  readonly getAccessToken?: () => string | null | undefined;
  /** Extra RequestInit (e.g. credentials: 'include' for the refresh cookie). */
  readonly init?: RequestInit;
}

export type CallOptions = { readonly signal?: AbortSignal };

export interface ApiClient {
  call<E extends Endpoint>(endpoint: E, input: EndpointInput<E>, options?: CallOptions): Promise<EndpointOutput<E>>;
}

function buildPath(endpoint: Endpoint, params: Record<string, unknown> | undefined): string {
  return endpoint.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params?.[name];
    if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`Missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
}

function buildQuery(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      if (value !== '') search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The HTTP date format servers send (IMF-fixdate, RFC 9110 5.6.7), e.g. `Sun, 06 Nov 1994 08:49:37 GMT`. */
const IMF_FIXDATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * `Retry-After` in seconds from now: a number of seconds, or a date (RFC 9110 10.2.3). Anything
 * else is ignored.
 */
export function retryAfterSeconds(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text);
  if (!IMF_FIXDATE.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * The problem+json of an error response as an ApiError. When something other than our server
 * answered (a proxy, a crashed process), the status is kept and the closest code is picked.
 */
export async function readProblem(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => undefined);
  const parsed = ProblemSchema.safeParse(body);
  const wait = { retryAfterSeconds: retryAfterSeconds(response.headers.get('retry-after')) };
  if (parsed.success) return new ApiError(parsed.data, wait);
  const code =
    response.status === 404
      ? 'not_found'
      : response.status === 413
        ? 'payload_too_large'
        : response.status >= 500
          ? 'service_unavailable'
          : 'internal_error';
  return new ApiError(
    {
      type: problemTypeUri(code),
      title: PROBLEM_TYPES[code].title,
      status: response.status,
      detail: `Unexpected ${String(response.status)} response`,
      code,
    },
    wait,
  );
}

/** A typed client for every endpoint in the contract; responses are validated by the same schemas. */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = `${options.baseUrl ?? ''}${API_PREFIX}`;

  return {
    async call<E extends Endpoint>(endpoint: E, input: EndpointInput<E>, callOptions?: CallOptions) {
      const { params, query, body, headers } = input as {
        params?: Record<string, unknown>;
        query?: Record<string, unknown>;
        body?: unknown;
        headers?: Record<string, string | undefined>;
      };
      const requestHeaders = new Headers(options.init?.headers);
      requestHeaders.set('accept', endpoint.produces ?? 'application/json');
      for (const [key, value] of Object.entries(headers ?? {})) if (value !== undefined) requestHeaders.set(key, value);
      const token = options.getAccessToken?.();
      if (endpoint.auth && token) requestHeaders.set('authorization', `Bearer ${token}`);
      if (body !== undefined) requestHeaders.set('content-type', endpoint.consumes ?? 'application/json');

      let response: Response;
      try {
        response = await doFetch(`${base}${buildPath(endpoint, params)}${buildQuery(query)}`, {
          ...options.init,
          method: endpoint.method,
          headers: requestHeaders,
          body: body === undefined ? null : endpoint.consumes && typeof body === 'string' ? body : JSON.stringify(body),
          signal: callOptions?.signal ?? null,
        });
      } catch (error) {
        if (error instanceof DOMException && error.name === 'AbortError') throw error;
        throw new NetworkError(error);
      }

      const schema: z.ZodType | undefined = endpoint.success[response.status];
      if (!schema) throw await readProblem(response);
      if (response.status === 204) return undefined as EndpointOutput<E>;
      // Non-JSON answers (CSV) come back as text, still checked by the endpoint's schema.
      const payload: unknown = endpoint.produces ? await response.text() : await response.json();
      return schema.parse(payload) as EndpointOutput<E>;
    },
  };
}
