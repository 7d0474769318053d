import type SQLite from 'better-sqlite3';
import type { SqliteStatement } from 'kysely';

type Row = Record<string, unknown>;

/** A statement as Kysely runs it; `busy` while an iteration of it is still open. */
export interface CachedStatement extends SqliteStatement {
  readonly busy: boolean;
}

/** One statement's row shape: how many columns, and the object literal that builds a row. */
interface RowShape {
  readonly width: number;
  readonly build: (values: readonly unknown[]) => Row;
}

/**
 * An object literal with one property per column name, compiled once per statement: each
 * statement's rows then have one hidden class and are built by one monomorphic literal. (Copying a
 * template object instead, or filling one in by key, shares one call site among every statement's
 * shapes, and measured 35 % more CPU per request than better-sqlite3's own objects.) A name that
 * several columns share is written once, where it first appears, with the last such column's
 * value, as better-sqlite3 does (a literal may not repeat `__proto__`). Column names are embedded
 * as JSON string literals, so no name can break out of the literal.
 */
function rowShapeOf(statement: SQLite.Statement): RowShape {
  const columns = statement.columns().map((column) => column.name);
  const lastIndex = new Map<string, number>();
  columns.forEach((column, index) => lastIndex.set(column, index));
  const properties = [...lastIndex].map(([column, index]) => `${JSON.stringify(column)}: values[${String(index)}]`);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- see above: the names are JSON literals
  const build = new Function('values', `return { ${properties.join(', ')} };`) as RowShape['build'];
  return { width: columns.length, build };
}

/**
 * A statement whose rows better-sqlite3 hands over as arrays (its raw mode), turned into objects
 * here. In its object mode better-sqlite3 builds each row key by key, looking every column name
 * up in V8's string table; on a point read of one 21-column row that was about 8 % of the
 * request's CPU in a `perf` profile of the server (docs/performance-log.md, tenth round). Objects are the
 * same: one property per column, in column order, a later column of the same name winning.
 *
 * The shape is read when the statement is prepared. SQLite re-prepares a statement by itself when
 * the schema changes under it, and a row whose length no longer matches makes the shape read
 * again (a column added under a `select *`). A change that keeps the width (a column renamed, or
 * dropped and another added) would keep the old names: none of the migrations does that going
 * up, and one that did would have to empty the statement cache after it.
 */
export function rowsAsObjects(statement: SQLite.Statement): CachedStatement {
  if (!statement.reader) return statement;
  statement.raw(true);
  let shape = rowShapeOf(statement);

  const toObject = (values: readonly unknown[]): Row => {
    if (values.length !== shape.width) shape = rowShapeOf(statement);
    return shape.build(values);
  };

  return {
    reader: true,
    get busy() {
      return statement.busy;
    },
    all(parameters) {
      const rows = statement.all(parameters) as unknown[][];
      const objects: Row[] = new Array<Row>(rows.length);
      for (let index = 0; index < rows.length; index += 1) objects[index] = toObject(rows[index] as unknown[]);
      return objects;
    },
    run(parameters) {
      return statement.run(parameters);
    },
    *iterate(parameters) {
      for (const values of statement.iterate(parameters) as IterableIterator<unknown[]>) yield toObject(values);
    },
  };
}
