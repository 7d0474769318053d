import { API_PREFIX, type Endpoint, endpoints, ERROR_CODES, PROBLEM_CONTENT_TYPE } from '@ttm/contract';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from './support/app.js';

type Json = Record<string, unknown>;

interface Operation extends Json {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean; schema?: Json }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Json }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Json }> }>;
}

interface Document {
  openapi: string;
  info: { title?: string; version?: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> };
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const PROBLEM_REF = '#/components/schemas/Problem';
/** Statuses every operation can answer with, besides its own (see Endpoint.errors). */
const ALWAYS_POSSIBLE = [429, 500];

const ALL_ENDPOINTS: readonly Endpoint[] = Object.values(endpoints).flatMap((group) =>
  Object.values(group as Record<string, Endpoint>),
);

/** `/expenses/:id` -> `/api/v1/expenses/{id}` */
function documentedPath(endpoint: Endpoint): string {
  return `${API_PREFIX}${endpoint.path.replace(/:(\w+)/g, '{$1}')}`;
}

function shapeOf(schema: Endpoint['body']): Record<string, { safeParse(value: unknown): { success: boolean } }> {
  const shape = (
    schema as unknown as { shape?: Record<string, { safeParse(value: unknown): { success: boolean } }> } | undefined
  )?.shape;
  if (!shape) throw new Error('expected an object schema');
  return shape;
}

function hasShape(schema: Endpoint['body']): boolean {
  return (schema as unknown as { shape?: unknown } | undefined)?.shape !== undefined;
}

function expectedErrorStatuses(endpoint: Endpoint): string[] {
  const statuses = new Set([...endpoint.errors, ...ALWAYS_POSSIBLE, ...(endpoint.auth ? [401] : [])]);
  return [...statuses].map(String).sort();
}

/** Every `$ref` string anywhere in a JSON value. */
function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsIn(item, out);
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') out.push(child);
      else refsIn(child, out);
    }
  }
  return out;
}

function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (node === null || typeof node !== 'object' || !(key in node)) return undefined;
    node = (node as Json)[key];
  }
  return node;
}

describeEachDatabase('OpenAPI document', (ctx) => {
  let doc: Document;

  function operationOf(endpoint: Endpoint): Operation {
    const operation = doc.paths[documentedPath(endpoint)]?.[endpoint.method.toLowerCase()];
    if (!operation) throw new Error(`${endpoint.method} ${documentedPath(endpoint)} is not documented`);
    return operation;
  }

  function deref(schema: Json | undefined): Json | undefined {
    return schema && typeof schema['$ref'] === 'string'
      ? (resolvePointer(doc, schema['$ref']) as Json | undefined)
      : schema;
  }

  beforeAll(async () => {
    const response = await ctx().app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    doc = response.json<Document>();
  });

  it('GET /openapi.json is an OpenAPI 3.1 document with info, paths, schemas and a bearer scheme', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toMatch(/\S/);
    expect(doc.info.version).toMatch(/\S/);
    expect(Object.keys(doc.paths).length).toBeGreaterThan(0);
    expect(doc.components.securitySchemes['bearerAuth']).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const path of Object.keys(doc.paths)) {
      expect(path, path).toMatch(/^\/[^:]*$/);
      expect(path.startsWith(`${API_PREFIX}/`), path).toBe(true);
    }
  });

  it('every $ref in the document points at something inside it', () => {
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of new Set(refs)) expect(resolvePointer(doc, ref), ref).toBeDefined();
  });

  it('documents exactly the contract endpoints: each method and {param} path once, with unique operationIds', () => {
    const documented: string[] = [];
    const operationIds: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (!HTTP_METHODS.includes(method)) continue;
        documented.push(`${method.toUpperCase()} ${path}`);
        operationIds.push(operation.operationId ?? '');
      }
    }
    const expected = ALL_ENDPOINTS.map((endpoint) => `${endpoint.method} ${documentedPath(endpoint)}`);
    expect(documented.sort()).toEqual(expected.sort());
    expect(new Set(operationIds).size).toBe(operationIds.length);
  });

  it('every contract endpoint carries its operationId, summary and tag', () => {
    for (const endpoint of ALL_ENDPOINTS) {
      const operation = operationOf(endpoint);
      expect(operation.operationId, endpoint.operationId).toBe(endpoint.operationId);
      expect(operation.summary, endpoint.operationId).toBe(endpoint.summary);
      expect(operation.tags, endpoint.operationId).toEqual([endpoint.tag]);
    }
  });

  it('every contract endpoint is served by the app at its documented path', () => {
    for (const endpoint of ALL_ENDPOINTS) {
      const url = `${API_PREFIX}${endpoint.path}`;
      expect(ctx().app.hasRoute({ method: endpoint.method, url }), `${endpoint.method} ${url}`).toBe(true);
    }
  });

  it('documents each success status: a body schema of its media type (JSON unless stated), or no content for 204', () => {
    for (const endpoint of ALL_ENDPOINTS) {
      const responses = operationOf(endpoint).responses ?? {};
      for (const status of Object.keys(endpoint.success)) {
        const response = responses[status];
        const where = `${endpoint.operationId} ${status}`;
        expect(response, where).toBeDefined();
        expect(response?.description, where).toMatch(/\S/);
        const mediaType = endpoint.produces ?? 'application/json';
        if (status === '204') {
          expect(response?.content, where).toBeUndefined();
        } else {
          expect(Object.keys(response?.content ?? {}), where).toEqual([mediaType]);
          expect(deref(response?.content?.[mediaType]?.schema), where).toBeDefined();
        }
      }
    }
  });

  it('documents every error status of every endpoint as application/problem+json referencing the Problem schema', () => {
    for (const endpoint of ALL_ENDPOINTS) {
      const responses = operationOf(endpoint).responses ?? {};
      const errorStatuses = Object.keys(responses)
        .filter((status) => Number(status) >= 400)
        .sort();
      expect(errorStatuses, endpoint.operationId).toEqual(expectedErrorStatuses(endpoint));
      for (const status of errorStatuses) {
        const response = responses[status];
        const where = `${endpoint.operationId} ${status}`;
        expect(response?.description, where).toMatch(/\S/);
        expect(Object.keys(response?.content ?? {}), where).toEqual([PROBLEM_CONTENT_TYPE]);
        expect(response?.content?.[PROBLEM_CONTENT_TYPE]?.schema, where).toEqual({ $ref: PROBLEM_REF });
      }
    }
  });

  it('the Problem schema requires type, title, status, detail and code and lists every stable code', () => {
    const problem = resolvePointer(doc, PROBLEM_REF) as {
      type: string;
      required: string[];
      properties: Record<string, Json>;
    };
    expect(problem.type).toBe('object');
    expect([...problem.required].sort()).toEqual(['code', 'detail', 'status', 'title', 'type']);
    expect(problem.properties['code']?.['enum']).toEqual([...ERROR_CODES]);
    expect(problem.properties['errors']).toMatchObject({ type: 'array' });
  });

  it('authenticated endpoints require the bearer scheme and public ones require nothing', () => {
    for (const endpoint of ALL_ENDPOINTS) {
      const security = operationOf(endpoint).security;
      if (endpoint.auth) expect(security, endpoint.operationId).toEqual([{ bearerAuth: [] }]);
      else expect(security ?? [], endpoint.operationId).toEqual([]);
    }
  });

  it('body endpoints document a required request body (JSON unless stated) with exactly the contract fields, uploads the file in each accepted type; the others document none', () => {
    for (const endpoint of ALL_ENDPOINTS) {
      const body = operationOf(endpoint).requestBody;
      if (endpoint.uploads) {
        // A file upload: the body is the file, in any of the accepted media types.
        expect(Object.keys(body?.content ?? {}), endpoint.operationId).toEqual([...endpoint.uploads]);
        for (const mediaType of endpoint.uploads)
          expect(body?.content?.[mediaType]?.schema, endpoint.operationId).toEqual({
            type: 'string',
            format: 'binary',
          });
        continue;
      }
      if (!endpoint.body) {
        expect(body, endpoint.operationId).toBeUndefined();
        continue;
      }
      const mediaType = endpoint.consumes ?? 'application/json';
      expect(body?.required, endpoint.operationId).toBe(true);
      expect(Object.keys(body?.content ?? {}), endpoint.operationId).toEqual([mediaType]);
      const schema = deref(body?.content?.[mediaType]?.schema) as
        { type?: string; properties?: Json; required?: string[]; additionalProperties?: unknown } | undefined;
      expect(schema, endpoint.operationId).toBeDefined();
      // Non-object bodies (CSV text) have no fields to compare.
      if (!hasShape(endpoint.body)) continue;
      const shape = shapeOf(endpoint.body);
      const required = Object.entries(shape)
        .filter(([, field]) => !field.safeParse(undefined).success)
        .map(([name]) => name);
      expect(schema?.type, endpoint.operationId).toBe('object');
      expect(Object.keys(schema?.properties ?? {}).sort(), endpoint.operationId).toEqual(Object.keys(shape).sort());
      expect([...(schema?.required ?? [])].sort(), endpoint.operationId).toEqual(required.sort());
      expect(schema?.additionalProperties, endpoint.operationId).toBe(false);
    }
  });

  it('path, query and header parameters match the contract', () => {
    for (const endpoint of ALL_ENDPOINTS) {
      const parameters = operationOf(endpoint).parameters ?? [];
      const names = (location: string) =>
        parameters
          .filter((parameter) => parameter.in === location)
          .map((parameter) => parameter.name)
          .sort();
      const pathNames = [...endpoint.path.matchAll(/:(\w+)/g)].map((match) => match[1] ?? '').sort();
      expect(names('path'), endpoint.operationId).toEqual(pathNames);
      for (const parameter of parameters.filter((p) => p.in === 'path')) {
        const where = `${endpoint.operationId} ${parameter.name}`;
        expect(parameter.required, where).toBe(true);
        expect(parameter.schema, where).toBeDefined();
        if (parameter.name === 'id' || parameter.name.endsWith('Id')) {
          expect(parameter.schema, where).toMatchObject({ type: 'string', format: 'uuid' });
        }
      }
      expect(names('query'), endpoint.operationId).toEqual(
        endpoint.query ? Object.keys(shapeOf(endpoint.query)).sort() : [],
      );
      expect(names('header'), endpoint.operationId).toEqual(
        endpoint.headers ? Object.keys(shapeOf(endpoint.headers)).sort() : [],
      );
    }
  });

  it('GET /docs (after any redirect) serves the Swagger UI page, its assets load, and it reads the same document', async () => {
    let url = '/docs';
    let response = await ctx().app.inject({ method: 'GET', url });
    for (let hops = 0; hops < 3 && response.statusCode >= 300 && response.statusCode < 400; hops += 1) {
      url = new URL(String(response.headers['location']), `http://localhost${url}`).pathname;
      response = await ctx().app.inject({ method: 'GET', url });
    }
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('<title>Swagger UI</title>');
    expect(response.body).toContain('id="swagger-ui"');

    const assets = [...response.body.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((match) => match[1] ?? '');
    expect(assets.some((asset) => asset.endsWith('swagger-ui-bundle.js'))).toBe(true);
    for (const asset of assets) {
      const path = new URL(asset, `http://localhost${url}`).pathname;
      const loaded = await ctx().app.inject({ method: 'GET', url: path });
      expect(loaded.statusCode, path).toBe(200);
      expect(loaded.body.length, path).toBeGreaterThan(0);
    }

    const fromUi = await ctx().app.inject({ method: 'GET', url: new URL('json', `http://localhost/docs/`).pathname });
    expect(fromUi.statusCode).toBe(200);
    expect(fromUi.json()).toEqual(doc);
  });
});
