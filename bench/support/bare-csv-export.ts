/**
 * The CSV export baseline: a bare `node:http` server with one route, `GET /export?walletId=`, that
 * streams the same rows as our export (a wallet's live expenses, oldest first) with one
 * hand-written SELECT and the least CSV formatting that stays valid (quoting only). SQLite: one
 * better-sqlite3 `iterate`; PostgreSQL: a server-side cursor fetched 5,000 rows at a time.
 * Environment: DATABASE_URL (`sqlite:PATH` or a PostgreSQL URL), PORT.
 */
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import SQLite from 'better-sqlite3';
import pg from 'pg';

const HEADER = 'date,amount,currency,category,note,id,createdAt\n';
const FLUSH_BYTES = 64 * 1024;

type Cell = string | number | null;

function cell(value: Cell): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function decimal(minor: number): string {
  const cents = Math.abs(minor) % 100;
  return `${minor < 0 ? '-' : ''}${String(Math.floor(Math.abs(minor) / 100))}.${String(cents).padStart(2, '0')}`;
}

/** One CSV line from a row's columns in export order (amount in minor units). */
function line(row: readonly [string, number, string, string, string | null, string, string]): string {
  const [date, minor, currency, category, note, id, createdAt] = row;
  return `${date},${decimal(minor)},${currency},${cell(category)},${cell(note)},${id},${createdAt}\n`;
}

/** Writes `text`, waiting for the socket to drain when its buffer is full. */
async function write(response: ServerResponse, text: string): Promise<void> {
  if (!response.write(text)) await once(response, 'drain');
}

interface ExportRow {
  date: string;
  amount_minor: number | string;
  currency: string;
  category: string;
  note: string | null;
  id: string;
  created_at: string;
}

const columns = (row: ExportRow) =>
  [row.date, Number(row.amount_minor), row.currency, row.category, row.note, row.id, row.created_at] as const;

const databaseUrl = process.env['DATABASE_URL'] ?? '';

async function exportSqlite(sqlite: SQLite.Database, walletId: string, response: ServerResponse): Promise<void> {
  const statement = sqlite.prepare<[string], ExportRow>(
    `select e.date, e.amount_minor, w.currency, e.category, e.note, e.id, e.created_at
       from expenses e join wallets w on w.id = e.wallet_id
      where e.wallet_id = ? and e.deleted_at is null
      order by e.date, e.created_at, e.id`,
  );
  let chunk = HEADER;
  for (const row of statement.iterate(walletId)) {
    chunk += line(columns(row));
    if (chunk.length >= FLUSH_BYTES) {
      await write(response, chunk);
      chunk = '';
    }
  }
  await write(response, chunk);
}

async function exportPostgres(pool: pg.Pool, walletId: string, response: ServerResponse): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin read only');
    await client.query(
      `declare export_rows no scroll cursor for
       select to_char(e.date, 'YYYY-MM-DD') as date, e.amount_minor, w.currency, e.category, e.note, e.id,
              to_char(e.created_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at
         from expenses e join wallets w on w.id = e.wallet_id
        where e.wallet_id = $1 and e.deleted_at is null
        order by e.date, e.created_at, e.id`,
      [walletId],
    );
    await write(response, HEADER);
    for (;;) {
      const { rows } = await client.query<ExportRow>('fetch 5000 from export_rows');
      if (rows.length === 0) break;
      let chunk = '';
      for (const row of rows) chunk += line(columns(row));
      await write(response, chunk);
    }
    await client.query('commit');
  } finally {
    client.release();
  }
}

const sqlite = databaseUrl.startsWith('sqlite:') ? new SQLite(databaseUrl.slice('sqlite:'.length)) : null;
if (sqlite) sqlite.pragma('busy_timeout = 5000');
const pool = sqlite ? null : new pg.Pool({ connectionString: databaseUrl, max: 2 });

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname === '/ready') {
    response.end('ok');
    return;
  }
  const walletId = url.searchParams.get('walletId');
  if (url.pathname !== '/export' || !walletId) {
    response.statusCode = 404;
    response.end();
    return;
  }
  response.setHeader('content-type', 'text/csv; charset=utf-8');
  const run = sqlite ? exportSqlite(sqlite, walletId, response) : exportPostgres(pool as pg.Pool, walletId, response);
  run.then(
    () => response.end(),
    (error: unknown) => {
      process.stderr.write(`export failed: ${String(error)}\n`);
      response.destroy();
    },
  );
});
server.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1');
