import { randomUUID } from 'node:crypto';
import SQLite from 'better-sqlite3';
import pg from 'pg';

/**
 * The CSV import baseline: the same file parsed by hand (it has no quoted cells) and its rows
 * written into `expenses` with the fastest plain statement each database has: one prepared INSERT
 * per row inside one transaction on SQLite, one INSERT ... SELECT FROM unnest(arrays) on
 * PostgreSQL. None of the import's checks (duplicates, access, versions, totals) are done.
 * Returns the number of rows written.
 */
export async function bulkInsertCsv(databaseUrl: string, walletId: string, csv: string): Promise<number> {
  const lines = csv.split('\n');
  const now = new Date().toISOString();
  const ids: string[] = [];
  const amounts: number[] = [];
  const categories: string[] = [];
  const keys: string[] = [];
  const dates: string[] = [];
  const notes: (string | null)[] = [];
  const searches: string[] = [];
  const versions: number[] = [];
  for (let i = 1; i < lines.length; i += 1) {
    const line = lines[i];
    if (!line) continue;
    const [date = '', amount = '', category = '', note = ''] = line.split(',');
    ids.push(randomUUID());
    amounts.push(Math.round(Number(amount) * 100));
    categories.push(category);
    keys.push(category.toLowerCase());
    dates.push(date);
    notes.push(note === '' ? null : note);
    searches.push(`${category}\n${note}`.toLowerCase());
    versions.push(i);
  }

  if (databaseUrl.startsWith('sqlite:')) {
    const sqlite = new SQLite(databaseUrl.slice('sqlite:'.length));
    try {
      sqlite.pragma('busy_timeout = 5000');
      sqlite.pragma('synchronous = NORMAL');
      const insert = sqlite.prepare(
        `insert into expenses (id, wallet_id, amount_minor, category, category_key, date, note, search_text,
           created_at, updated_at, version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      sqlite.transaction(() => {
        for (const [n, id] of ids.entries())
          insert.run(
            id,
            walletId,
            amounts[n],
            categories[n],
            keys[n],
            dates[n],
            notes[n],
            searches[n],
            now,
            now,
            versions[n],
          );
      })();
    } finally {
      sqlite.close();
    }
    return ids.length;
  }

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `insert into expenses (id, wallet_id, amount_minor, category, category_key, date, note, search_text,
         created_at, updated_at, version)
       select id, $2, amount, category, key, date, note, search, $9, $9, version
         from unnest($1::text[], $3::bigint[], $4::text[], $5::text[], $6::date[], $7::text[], $8::text[],
                     $10::bigint[]) as t(id, amount, category, key, date, note, search, version)`,
      [ids, walletId, amounts, categories, keys, dates, notes, searches, now, versions],
    );
  } finally {
    await client.end();
  }
  return ids.length;
}
