import pg from 'pg';

export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A scratch PostgreSQL database on the server at `pgUrl` for one run, dropped afterwards; null
 * (and a line on stdout) when `pgUrl` is "off" or nothing answers there.
 */
export async function withScratchPostgres<T>(pgUrl: string, run: (url: string) => Promise<T>): Promise<T | null> {
  if (pgUrl === 'off') return null;
  const admin = new pg.Client({ connectionString: pgUrl });
  try {
    await admin.connect();
  } catch (error) {
    process.stdout.write(`PostgreSQL not reachable at ${pgUrl} (${String(error)}): skipped\n`);
    return null;
  }
  const name = `ttm_bench_${String(process.pid)}_${String(Date.now())}`;
  await admin.query(`create database ${name}`);
  try {
    const url = new URL(pgUrl);
    url.pathname = `/${name}`;
    return await run(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
