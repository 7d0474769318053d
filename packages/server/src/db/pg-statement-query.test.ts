import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { StatementQuery } from './pg-statement-query.js';

/** The node-postgres internals a row description goes through (pg/lib/query.js, result.js). */
interface Internals {
  handleRowDescription(message: { fields: pg.FieldDef[] }): void;
  readonly _result: { _types?: object; fields: pg.FieldDef[]; parseRow(values: (string | null)[]): unknown };
}

const INT4 = 23;
const TEXT = 25;

function field(name: string, dataTypeID: number): pg.FieldDef {
  return { name, dataTypeID, tableID: 0, columnID: 0, dataTypeSize: -1, dataTypeModifier: -1, format: 'text' };
}

/** A query as a connection with these type parsers would run it, up to its row description. */
function described(name: string | undefined, types: object, fields: pg.FieldDef[]): Internals {
  const query = new StatementQuery(name, 'select', []) as unknown as Internals;
  query._result._types = types;
  query.handleRowDescription({ fields });
  return query;
}

describe('StatementQuery row set-up', () => {
  it('builds rows with the columns and parsers of its own row description', () => {
    const parsers = { getTypeParser: (oid: number) => (oid === INT4 ? Number : String) };
    const first = described('s1', parsers, [field('a', INT4)]);
    expect(first._result.parseRow(['1'])).toEqual({ a: 1 });
    // The same statement name with another row shape (a column added under `select *`) is set
    // up again, not given the first one's parsers.
    const second = described('s1', parsers, [field('a', INT4), field('b', TEXT)]);
    expect(second._result.fields.map((column) => column.name)).toEqual(['a', 'b']);
    expect(second._result.parseRow(['2', 'x'])).toEqual({ a: 2, b: 'x' });
    // And the same shape again reuses what was kept, rows still right.
    const third = described('s1', parsers, [field('a', INT4), field('b', TEXT)]);
    expect(third._result.parseRow(['3', null])).toEqual({ a: 3, b: null });
  });

  it('sets up unnamed queries and other type parsers each on their own', () => {
    const numbers = { getTypeParser: () => Number };
    const strings = { getTypeParser: () => String };
    expect(described('s2', numbers, [field('a', INT4)])._result.parseRow(['4'])).toEqual({ a: 4 });
    expect(described('s2', strings, [field('a', INT4)])._result.parseRow(['4'])).toEqual({ a: '4' });
    expect(described(undefined, numbers, [field('a', INT4)])._result.parseRow(['5'])).toEqual({ a: 5 });
    expect(described(undefined, strings, [field('a', INT4)])._result.parseRow(['5'])).toEqual({ a: '5' });
  });
});
