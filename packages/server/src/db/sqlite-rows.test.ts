import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { rowsAsObjects } from './sqlite-rows.js';

describe('rowsAsObjects', () => {
  const open = () => {
    const sqlite = new SQLite(':memory:');
    sqlite.exec(`
      create table t (id integer primary key, name text, note text, data blob);
      insert into t (name, note, data) values ('a', null, x'00ff'), ('b', 'x', null);
    `);
    return sqlite;
  };

  it('answers the objects better-sqlite3 builds itself, property for property and in column order', () => {
    const sqlite = open();
    const queries = [
      'select * from t order by id',
      // Names a literal must quote, a name Object.prototype has, a repeated name (the last wins).
      `select id as "a""b", name as constructor, note as "two words", id as name, name as name from t`,
      'select 9007199254740993 as big, 1.5 as ratio, null as missing',
      // A literal may not repeat __proto__; better-sqlite3 sets it like any other name.
      'select 1 as __proto__, 2 as __proto__, 3 as after',
    ];
    for (const sql of queries) {
      const expected = sqlite.prepare(sql).all();
      const rows = rowsAsObjects(sqlite.prepare(sql)).all([]) as object[];
      expect(rows).toEqual(expected);
      expect(rows.map((row) => Object.keys(row))).toEqual(expected.map((row) => Object.keys(row as object)));
      expect(rows.map((row) => Object.getPrototypeOf(row) as unknown)).toEqual(
        expected.map((row) => Object.getPrototypeOf(row) as unknown),
      );
    }
  });

  it('builds the same objects when a statement is iterated, and takes parameters', () => {
    const sqlite = open();
    const statement = rowsAsObjects(sqlite.prepare('select id, name from t where id >= ? order by id'));
    expect([...statement.iterate([1])]).toEqual([
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
    ]);
    expect(statement.all([2])).toEqual([{ id: 2, name: 'b' }]);
  });

  it('follows a column added under a prepared statement', () => {
    const sqlite = open();
    const statement = rowsAsObjects(sqlite.prepare('select * from t where id = ?'));
    expect(statement.all([1])).toEqual([{ id: 1, name: 'a', note: null, data: Buffer.from([0, 255]) }]);
    sqlite.exec(`alter table t add column extra text not null default 'e'`);
    expect(statement.all([1])).toEqual([{ id: 1, name: 'a', note: null, data: Buffer.from([0, 255]), extra: 'e' }]);
  });

  it('runs statements that return no rows as better-sqlite3 does', () => {
    const sqlite = open();
    const statement = rowsAsObjects(sqlite.prepare('update t set note = ? where id = ?'));
    expect(statement.reader).toBe(false);
    expect(statement.run(['y', 2])).toEqual({ changes: 1, lastInsertRowid: expect.anything() as unknown });
    const returning = rowsAsObjects(sqlite.prepare('insert into t (name) values (?) returning id, name'));
    expect(returning.all(['c'])).toEqual([{ id: 3, name: 'c' }]);
  });
});
