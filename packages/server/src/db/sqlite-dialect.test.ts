import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { immediateSqliteDialect } from './sqlite-dialect.js';

interface Tables {
  counter: { id: number; value: number };
}

const cleanups: (() => void)[] = [];

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** Two connections to one database file, as two server processes have. */
function twoConnections() {
  const dir = mkdtempSync(join(tmpdir(), 'ttm-sqlite-'));
  const file = join(dir, 'db.sqlite');
  const setup = new SQLite(file);
  setup.pragma('journal_mode = WAL');
  setup.exec(
    'create table counter (id integer primary key, value integer not null); insert into counter values (1, 0)',
  );
  setup.close();
  const ours = new SQLite(file);
  ours.pragma('busy_timeout = 5000');
  const theirs = new SQLite(file);
  // The other process gives up at once instead of waiting, so the test can see who holds the lock.
  theirs.pragma('busy_timeout = 0');
  const db = new Kysely<Tables>({ dialect: immediateSqliteDialect(ours) });
  cleanups.push(() => {
    theirs.close();
    ours.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { db, theirs };
}

describe('SQLite transactions with other processes on the file', () => {
  it('hold the write lock from BEGIN, so a read-then-write transaction never fails for a write committed in between', async () => {
    const { db, theirs } = twoConnections();
    const result = await db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('counter').select('value').where('id', '=', 1).executeTakeFirstOrThrow();
      // Another process tries to write in between: it has to wait for this transaction (with a
      // deferred BEGIN it would commit, and this transaction's write would fail SQLITE_BUSY_SNAPSHOT).
      expect(() => theirs.prepare('update counter set value = value + 100 where id = 1').run()).toThrow(
        expect.objectContaining({ code: 'SQLITE_BUSY' }),
      );
      await trx
        .updateTable('counter')
        .set({ value: before.value + 1 })
        .where('id', '=', 1)
        .execute();
      return before.value + 1;
    });
    expect(result).toBe(1);
    // Once it committed, the other process writes on top of it.
    theirs.prepare('update counter set value = value + 100 where id = 1').run();
    const { rows } = await sql<{ value: number }>`select value from counter where id = 1`.execute(db);
    expect(rows[0]?.value).toBe(101);
  });
});
