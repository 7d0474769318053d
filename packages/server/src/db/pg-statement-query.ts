import pg from 'pg';

/** The parts of node-postgres' `Result` a row description sets up (pg/lib/result.js). */
interface ResultSetUp {
  fields: pg.FieldDef[];
  _parsers?: unknown;
  _prebuiltEmptyResultObject?: unknown;
  readonly _types?: object;
}

/** What `Query.handleRowDescription` touches besides the result (pg/lib/query.js). */
interface QueryInternals {
  readonly _result: ResultSetUp;
  _accumulateRows: boolean;
  _checkForMultirow(): void;
}

interface RowSetUp {
  readonly fields: readonly pg.FieldDef[];
  readonly parsers: unknown;
  readonly emptyRow: unknown;
}

interface RowDescription {
  readonly fields: pg.FieldDef[];
}

const queryPrototype = pg.Query.prototype as unknown as {
  handleRowDescription(this: pg.Query, message: RowDescription): void;
};

/**
 * Row set-ups by the connection's type parsers (node-postgres gives every client its own), then by
 * statement name: a connection sets each named statement up once.
 */
const setUps = new WeakMap<object, Map<string, RowSetUp>>();

function sameFields(known: readonly pg.FieldDef[], given: readonly pg.FieldDef[]): boolean {
  if (known.length !== given.length) return false;
  for (let index = 0; index < given.length; index += 1) {
    const a = known[index];
    const b = given[index];
    if (a?.name !== b?.name || a?.dataTypeID !== b?.dataTypeID || a?.format !== b?.format) return false;
  }
  return true;
}

/**
 * A query as node-postgres runs it, without two costs it pays on every execution that a named
 * statement does not need to pay again: its config object copied property descriptor by property
 * descriptor (the text goes to the constructor as a string, the name is set after), and, for every
 * result, a row template and the column parsers built afresh from the row description PostgreSQL
 * sends with each execution (an object with a null prototype filled column by column, then
 * copied). Together about a ninth of a point read's time in a profile; see the twelfth
 * round of docs/performance-log.md for what removing them measured.
 *
 * The set-up of a named statement's first result is kept and given to later results whose row
 * description is the same (names, types and formats, column by column), for the same type
 * parsers; anything else is set up by node-postgres as before. Everything else (binding,
 * pipelining, errors) is node-postgres' own `Query`.
 */
export class StatementQuery extends pg.Query {
  /** Settles with the query's result once node-postgres has run it. */
  readonly done: Promise<pg.QueryResult>;

  /** `values` is the query's own array from here on (node-postgres keeps it until the query is sent). */
  constructor(name: string | undefined, text: string, values: unknown[]) {
    let settle: (error: Error | undefined, result: unknown) => void = () => undefined;
    const result = new Promise<pg.QueryResult>((resolve, reject) => {
      settle = (error, value) => {
        if (error) reject(error);
        else resolve(value as pg.QueryResult);
      };
    });
    super(text, values, (error, value) => {
      settle(error, value);
    });
    this.done = result;
    // A named statement is parsed once per connection and bound by name afterwards.
    if (name !== undefined) (this as { name?: string }).name = name;
  }

  /** Runs the query on `client` (pooled or pipelined) and settles with its result. */
  runOn(client: pg.ClientBase): Promise<pg.QueryResult> {
    client.query(this);
    return this.done;
  }

  handleRowDescription(message: RowDescription): void {
    const name = (this as { name?: string }).name;
    const internals = this as unknown as QueryInternals;
    const types = internals._result._types;
    const known = types === undefined || name === undefined ? undefined : setUps.get(types)?.get(name);
    if (known !== undefined && sameFields(known.fields, message.fields)) {
      internals._checkForMultirow();
      const result = internals._result;
      result.fields = message.fields;
      result._parsers = known.parsers;
      result._prebuiltEmptyResultObject = known.emptyRow;
      // What node-postgres decides for a query with a callback, which this one always has.
      internals._accumulateRows = true;
      return;
    }
    queryPrototype.handleRowDescription.call(this, message);
    const result = internals._result;
    // Kept only when node-postgres set up the parts this class knows (its internals may change).
    if (types === undefined || name === undefined || !Array.isArray(result._parsers)) return;
    if (typeof result._prebuiltEmptyResultObject !== 'object' || result._prebuiltEmptyResultObject === null) return;
    let forTypes = setUps.get(types);
    if (forTypes === undefined) {
      forTypes = new Map();
      setUps.set(types, forTypes);
    }
    forTypes.set(name, {
      fields: message.fields,
      parsers: result._parsers,
      emptyRow: result._prebuiltEmptyResultObject,
    });
  }
}
