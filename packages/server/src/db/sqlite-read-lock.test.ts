import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDatabase } from './database.js';
import { SqliteReadLockKeeper, startReadLockKeeper } from './sqlite-read-lock.js';

const TICK_MS = 10;
/** A WAL frame: a 24-byte frame header and a 4 KB page. */
const FRAME_BYTES = 24 + 4096;

describe('SqliteReadLockKeeper', () => {
  let dir: string;
  let path: string;
  let main: SQLite.Database;
  const opened: SqliteReadLockKeeper[] = [];

  const keeper = (checkpointPages = 1000) => {
    const made = new SqliteReadLockKeeper(path, checkpointPages, TICK_MS);
    opened.push(made);
    return made;
  };
  /** A query of the main connection, as the server's every query does, then one tick. */
  const queryAndTick = (lockKeeper: SqliteReadLockKeeper) => {
    lockKeeper.touch();
    main.prepare('select count(*) from t').get();
    vi.advanceTimersByTime(TICK_MS);
  };

  /** A keeper that holds: two ticks with queries and no commit between them. */
  const holdingKeeper = () => {
    const lockKeeper = keeper();
    queryAndTick(lockKeeper);
    queryAndTick(lockKeeper);
    expect(lockKeeper.holding).toBe(true);
    return lockKeeper;
  };
  /** A commit by a connection of its own, as another worker process's would be. */
  const commitElsewhere = (id: number) => {
    const other = new SQLite(path);
    try {
      other.prepare('insert into t (id) values (?)').run(id);
    } finally {
      other.close();
    }
  };

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    dir = mkdtempSync(join(tmpdir(), 'ttm-read-lock-'));
    path = join(dir, 'db.sqlite');
    main = new SQLite(path);
    main.pragma('journal_mode = WAL');
    main.exec('create table t (id integer primary key, body blob)');
  });

  afterEach(() => {
    for (const made of opened.splice(0)) made.close();
    main.close();
    rmSync(dir, { recursive: true, force: true });
    vi.useRealTimers();
  });

  it('holds a read transaction while queries come and nothing is written, and lets go when they stop', () => {
    const lockKeeper = keeper();
    queryAndTick(lockKeeper);
    // The first tick has no earlier data_version to compare with: it cannot tell the database is quiet.
    expect(lockKeeper.holding).toBe(false);
    queryAndTick(lockKeeper);
    expect(lockKeeper.holding).toBe(true);
    queryAndTick(lockKeeper);
    expect(lockKeeper.holding).toBe(true);

    // A tick without a query: nothing held, and no timer left to wake an idle server.
    vi.advanceTimersByTime(TICK_MS);
    expect(lockKeeper.holding).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('lets go within a tick of a commit by any connection, hides it from no read, and holds again once writes stop', () => {
    const lockKeeper = holdingKeeper();
    commitElsewhere(1);
    // Still held from before the commit, yet the commit is read: every read takes its own snapshot.
    expect(lockKeeper.holding).toBe(true);
    expect(main.prepare('select id from t').pluck().all()).toEqual([1]);

    queryAndTick(lockKeeper);
    expect(lockKeeper.holding).toBe(false);
    main.prepare('insert into t (id) values (2)').run();
    queryAndTick(lockKeeper);
    expect(lockKeeper.holding).toBe(false);
    queryAndTick(lockKeeper);
    expect(lockKeeper.holding).toBe(true);
  });

  it('lets writes now and then start the WAL over: it does not hold once a checkpoint is due', () => {
    const checkpointPages = 20;
    main.pragma(`wal_autocheckpoint = ${String(checkpointPages)}`);
    const lockKeeper = keeper(checkpointPages);
    const insert = main.prepare('insert into t (body) values (zeroblob(3000))');
    let held = 0;
    // A write, then quiet ticks with reads, over and over: the keeper holds between the writes, so
    // without its frame rule every commit's checkpoint would stop at the keeper's snapshot, the WAL
    // would never start over and would end about 300 frames long.
    for (let write = 0; write < 300; write++) {
      insert.run();
      queryAndTick(lockKeeper);
      queryAndTick(lockKeeper);
      queryAndTick(lockKeeper);
      if (lockKeeper.holding) held += 1;
    }
    expect(held).toBeGreaterThan(100);
    expect(statSync(`${path}-wal`).size).toBeLessThan((checkpointPages + 10) * FRAME_BYTES);
  });

  it('holds again once a checkpoint has copied the whole WAL back', () => {
    const checkpointPages = 20;
    // No automatic checkpoint: the WAL grows past the keeper's size and stays there.
    main.pragma('wal_autocheckpoint = 0');
    const lockKeeper = keeper(checkpointPages);
    const insert = main.prepare('insert into t (body) values (zeroblob(3000))');
    for (let row = 0; row < 30; row++) insert.run();
    queryAndTick(lockKeeper);
    queryAndTick(lockKeeper);
    expect(lockKeeper.holding).toBe(false);

    // Copied back, the WAL no longer needs to start over before a snapshot can skip it.
    const [checkpoint] = main.pragma('wal_checkpoint(PASSIVE)') as {
      busy: number;
      log: number;
      checkpointed: number;
    }[];
    expect(checkpoint?.busy).toBe(0);
    expect(checkpoint?.log).toBeGreaterThanOrEqual(checkpointPages);
    expect(checkpoint?.checkpointed).toBe(checkpoint?.log);
    queryAndTick(lockKeeper);
    expect(lockKeeper.holding).toBe(true);
  });

  it('shares one descriptor per WAL index file, closed with the last keeper, and closes once', () => {
    const walIndexDescriptors = () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === `${path}-shm`;
        } catch {
          return false;
        }
      }).length;
    const sqliteOwn = walIndexDescriptors();
    const first = new SqliteReadLockKeeper(path, 1000, TICK_MS);
    const second = new SqliteReadLockKeeper(path, 1000, TICK_MS);
    expect(walIndexDescriptors()).toBe(sqliteOwn + 1);
    let databaseClosed = 0;
    first.close(() => {
      databaseClosed += 1;
    });
    first.close(() => {
      databaseClosed += 1;
    });
    expect(databaseClosed).toBe(1);
    expect(walIndexDescriptors()).toBe(sqliteOwn + 1);
    second.close();
    expect(walIndexDescriptors()).toBe(sqliteOwn);
  });

  it('is not started for a database that is not in WAL mode', () => {
    const rollback = join(dir, 'rollback.sqlite');
    const other = new SQLite(rollback);
    other.pragma('journal_mode = DELETE');
    other.exec('create table t (id integer primary key)');
    try {
      expect(startReadLockKeeper(rollback, 1000)).toBeNull();
    } finally {
      other.close();
    }
  });
});

describe('a SQLite database file opened by createDatabase', () => {
  it('closes its read-lock keeper with it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ttm-read-lock-'));
    const path = join(dir, 'db.sqlite');
    const database = createDatabase(`sqlite:${path}`);
    try {
      await sql`create table t (id integer primary key)`.execute(database.db);
      await sql`insert into t (id) values (1)`.execute(database.db);
      expect(existsSync(`${path}-wal`)).toBe(true);
      await database.destroy();
      // The last connection to close checkpoints the WAL and removes it: the keeper was closed too.
      expect(existsSync(`${path}-wal`)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
