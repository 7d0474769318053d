import fc from 'fast-check';

/**
 * Ways to spoil a valid request: a JSON value with one node replaced, removed or joined by an
 * unknown property, and query strings and path parameters with a value replaced. Whether the
 * result is still valid is for the schema to say (a mutation can land on an optional field).
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = readonly (string | number)[];

function nested(depth: number): Json {
  let value: Json = 'bottom';
  for (let i = 0; i < depth; i += 1) value = i % 2 === 0 ? [value] : { deeper: value };
  return value;
}

/** More than the API's 64 KiB body limit once serialised; under the push route's 4 MiB. */
export const HUGE_TEXT_LENGTH = 70_000;

const POISON_VALUES: readonly Json[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e300,
  '',
  ' ',
  'x',
  '\u0000',
  '\ud800',
  'NaN',
  '2026-02-30',
  '00000000-0000-0000-0000-00000000000g',
  '=cmd|"/c calc"!A0',
  [],
  {},
  [1, 'two'],
  { a: 1 },
  nested(400),
];

export const poisonJson: fc.Arbitrary<Json> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...POISON_VALUES) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
  { weight: 1, arbitrary: fc.constant('x'.repeat(HUGE_TEXT_LENGTH)) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }) },
);

function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const paths: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((item, index) => paths.push(...pathsOf(item, [...prefix, index])));
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...prefix, key]));
  return paths;
}

function clone(value: unknown): Json {
  return JSON.parse(JSON.stringify(value ?? null)) as Json;
}

function nodeAt(root: Json, path: Path): Json {
  let node: Json = root;
  for (const key of path) node = (node as Record<string | number, Json>)[key] ?? null;
  return node;
}

function edit(value: unknown, path: Path, change: (parent: Json, key: string | number) => void): Json {
  const root = clone(value);
  const key = path[path.length - 1];
  if (key === undefined) return root;
  change(nodeAt(root, path.slice(0, -1)), key);
  return root;
}

export type JsonMutation =
  | { readonly op: 'replace'; readonly path: Path; readonly with: Json }
  | { readonly op: 'remove'; readonly path: Path }
  | { readonly op: 'add'; readonly path: Path; readonly key: string; readonly with: Json };

export function applyJsonMutation(value: unknown, mutation: JsonMutation): Json {
  switch (mutation.op) {
    case 'replace':
      if (mutation.path.length === 0) return mutation.with;
      return edit(value, mutation.path, (parent, key) => {
        (parent as Record<string | number, Json>)[key] = mutation.with;
      });
    case 'remove':
      return edit(value, mutation.path, (parent, key) => {
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- removing the chosen property
        else delete (parent as Record<string, Json>)[key];
      });
    case 'add': {
      const root = clone(value);
      const target = nodeAt(root, mutation.path);
      // defineProperty, so "__proto__" becomes an own property as JSON.parse would make it.
      if (target !== null && typeof target === 'object' && !Array.isArray(target))
        Object.defineProperty(target, mutation.key, { value: mutation.with, enumerable: true, writable: true });
      return root;
    }
  }
}

/** One mutation of `value`: a node replaced by a poison value, a property removed, or one added. */
export function jsonMutationOf(value: unknown): fc.Arbitrary<JsonMutation> {
  const paths = pathsOf(value);
  const objectPaths = paths.filter((path) => {
    const node = nodeAt(clone(value), path);
    return node !== null && typeof node === 'object' && !Array.isArray(node);
  });
  const path = fc.constantFrom(...paths);
  const inner = paths.filter((p) => p.length > 0);
  const options: fc.Arbitrary<JsonMutation>[] = [
    fc.record({ op: fc.constant('replace' as const), path, with: poisonJson }),
  ];
  if (inner.length > 0)
    options.push(fc.record({ op: fc.constant('remove' as const), path: fc.constantFrom(...inner) }));
  if (objectPaths.length > 0) {
    options.push(
      fc.record({
        op: fc.constant('add' as const),
        path: fc.constantFrom(...objectPaths),
        key: fc.constantFrom('unknownField', 'version', 'createdBy', 'currency', '__proto__', 'constructor'),
        with: poisonJson,
      }),
    );
  }
  return fc.oneof(...options);
}

const POISON_STRINGS: readonly string[] = [
  '',
  ' ',
  'abc',
  '-1',
  '0',
  '1.5',
  '1e999',
  'null',
  'true',
  '2026-13-01',
  '2026-02-30',
  '2026-1',
  '00000000-0000-0000-0000-00000000000g',
  '\u0000',
  '/',
  'a/b',
  '%',
  '💥',
  'x'.repeat(3000),
];

/**
 * A text value that is probably not what a query or path parameter expects. Never "." or "..":
 * URL parsing resolves those as path segments (the request then names another route).
 */
export const poisonString: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 4, arbitrary: fc.constantFrom(...POISON_STRINGS) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  )
  .filter((value) => value !== '.' && value !== '..');

export type QueryValue = string | readonly string[];
export type Query = Readonly<Record<string, QueryValue>>;

/** A query with one parameter replaced, repeated, or an unknown one added. */
export function queryMutationOf(query: Query): fc.Arbitrary<Query> {
  const keys = Object.keys(query);
  const options: fc.Arbitrary<Query>[] = [
    fc
      .tuple(fc.constantFrom('unknown', 'walletid', 'limit[]', '__proto__'), poisonString)
      .map(([key, value]) => ({ ...query, [key]: value })),
  ];
  if (keys.length > 0) {
    const key = fc.constantFrom(...keys);
    options.push(
      fc.tuple(key, poisonString).map(([name, value]) => ({ ...query, [name]: value })),
      key.map((name) => ({ ...query, [name]: [String(query[name]), String(query[name])] })),
    );
  }
  return fc.oneof(...options);
}

/** `?a=1&b=2`, repeated keys for arrays; empty when there is nothing to send. */
export function queryString(query: Query): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    for (const item of typeof value === 'string' ? [value] : value)
      parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(item)}`);
  }
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}
