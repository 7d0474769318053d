import type { Compilable, CompiledQuery } from 'kysely';
import { registerHotStatement } from './pg-named-statements.js';
import type { Db } from './types.js';

const SENTINEL = '\u0000ttm-parameter:';

type Slot = { readonly name: string } | { readonly constant: unknown };

interface Template {
  readonly compiled: CompiledQuery;
  readonly slots: readonly Slot[];
}

/** The dialect's adapter is shared by a Kysely instance and all of its transactions. */
function dialectKeyOf(db: Db): object {
  return (db as unknown as { getExecutor(): { readonly adapter: object } }).getExecutor().adapter;
}

/**
 * Stand-ins for the parameters: each property reads as a marker the compiled query can be
 * searched for; `read` collects the names the builder used.
 */
function placeholders(read: Set<string>): object {
  return new Proxy(
    {},
    {
      get: (_target, name) => {
        if (typeof name !== 'string') return undefined;
        read.add(name);
        return `${SENTINEL}${name}`;
      },
    },
  );
}

function compileTemplate(query: Compilable, read: ReadonlySet<string>, pointRead: boolean): Template {
  const compiled = query.compile();
  if (compiled.sql.includes(SENTINEL)) throw new Error('A prepared query parameter was inlined into its SQL');
  const slots = compiled.parameters.map((value): Slot => {
    if (typeof value !== 'string' || !value.includes(SENTINEL)) return { constant: value };
    const name = value.slice(SENTINEL.length);
    if (!value.startsWith(SENTINEL) || !read.has(name))
      throw new Error('A prepared query parameter was transformed while building; compute it before the call');
    return { name };
  });
  registerHotStatement(compiled.sql, { pointRead });
  return { compiled, slots };
}

export type PreparedQuery<P extends object, R, S extends string> = (db: Db, params: P, shape?: S) => Promise<R[]>;

/**
 * A query built and compiled once per dialect (and per `shape`, for queries whose optional
 * filters change the SQL), then run with new parameter values: no query-builder or compiler work
 * per request. `build` receives stand-ins for the parameters and must pass them to Kysely as they
 * are (compute derived values before calling); anything else it uses is fixed in the template.
 * A `pointRead` (a row or two through a unique index, never slow) may share PostgreSQL's
 * pipelined connection when it runs outside a transaction (db/pg-pipeline.ts).
 */
export function preparedQuery<P extends object, R, S extends string = never>(
  build: (db: Db, params: P, shape: S | undefined) => Compilable<R>,
  options: { readonly pointRead?: boolean } = {},
): PreparedQuery<P, R, S> {
  const templates = new WeakMap<object, Map<string, Template>>();
  return async (db, params, shape) => {
    const dialectKey = dialectKeyOf(db);
    let byShape = templates.get(dialectKey);
    if (byShape === undefined) {
      byShape = new Map();
      templates.set(dialectKey, byShape);
    }
    const shapeKey = shape ?? '';
    let template = byShape.get(shapeKey);
    if (template === undefined) {
      const read = new Set<string>();
      template = compileTemplate(build(db, placeholders(read) as P, shape), read, options.pointRead === true);
      byShape.set(shapeKey, template);
    }
    const values = params as Record<string, unknown>;
    const parameters = template.slots.map((slot) => {
      if (!('name' in slot)) return slot.constant;
      const value = values[slot.name];
      if (value === undefined) throw new Error(`Prepared query parameter ${slot.name} is missing`);
      return value;
    });
    const result = await db.executeQuery<R>({ ...(template.compiled as CompiledQuery<R>), parameters });
    return result.rows;
  };
}
