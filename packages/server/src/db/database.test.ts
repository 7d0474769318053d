import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createDatabase } from './database.js';

describe('a SQLite database file', () => {
  it('is checkpointed every 10,000 WAL pages, not at SQLite’s 1,000', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ttm-wal-'));
    const database = createDatabase(`sqlite:${join(dir, 'wal.db')}`);
    try {
      const { db } = database;
      const settings = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db);
      expect(settings.rows[0]?.journal_mode).toBe('wal');
      await sql`create table filler (id integer primary key, body blob not null)`.execute(db);
      // 1,500 commits of about a page each: past SQLite's default threshold, short of ours.
      for (let row = 0; row < 1500; row++) await sql`insert into filler (body) values (zeroblob(3000))`.execute(db);
      // `log` is how many pages the WAL holds; had a checkpoint run at 1,000, the next commit
      // would have started the WAL over and it would hold about 500.
      const { rows } = await sql<{ log: number }>`pragma wal_checkpoint(PASSIVE)`.execute(db);
      expect(rows[0]?.log).toBeGreaterThan(1500);
    } finally {
      await database.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
