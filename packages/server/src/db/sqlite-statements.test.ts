import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withStatementCache } from './sqlite-statements.js';

describe('withStatementCache', () => {
  const open = () => {
    const sqlite = new SQLite(':memory:');
    sqlite.exec('create table t (n integer); insert into t values (1), (2), (3);');
    return sqlite;
  };

  it('hands out one prepared statement per SQL text', () => {
    const cached = withStatementCache(open());
    const first = cached.prepare('select n from t');
    expect(cached.prepare('select n from t')).toBe(first);
    expect(cached.prepare('select n from t where n > 1')).not.toBe(first);
  });

  it('gives a fresh statement while the cached one is still being iterated', () => {
    const cached = withStatementCache(open());
    const iterating = cached.prepare('select n from t');
    const rows = iterating.iterate([]);
    expect(rows.next().value).toEqual({ n: 1 });
    const other = cached.prepare('select n from t');
    expect(other).not.toBe(iterating);
    expect(other.all([])).toHaveLength(3);
    expect([...rows]).toEqual([{ n: 2 }, { n: 3 }]);
  });

  it('forgets the least recently used statement past its capacity', () => {
    const cached = withStatementCache(open(), 2);
    const a = cached.prepare('select 1');
    cached.prepare('select 2');
    expect(cached.prepare('select 1')).toBe(a);
    cached.prepare('select 3');
    // 'select 2' was dropped, 'select 1' was kept.
    expect(cached.prepare('select 1')).toBe(a);
  });
});
