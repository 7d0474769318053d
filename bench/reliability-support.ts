import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { AuthSession, Expense, ExpensePage, MonthlySummary, PullResult, SyncChange } from '@ttm/contract';
import pg from 'pg';
import { type ChildServer, startChildServer } from './support/child-server.js';
import { SERVER_ENTRY } from './support/our-server.js';

export const API = '/api/v1';
export const PASSWORD = 'reliability check passphrase';

/**
 * Rate limits are per process and in memory: one load generator on loopback is one IP and a few
 * hundred accounts hammering, which the production defaults would (rightly) throttle.
 */
export const HIGH_RATE_LIMITS: Readonly<Record<string, string>> = {
  RATE_LIMIT_API_PER_MINUTE: '10000000',
  RATE_LIMIT_ACCOUNT_PER_MINUTE: '10000000',
  RATE_LIMIT_AUTH_PER_15_MIN: '10000000',
  RATE_LIMIT_LOGIN_FAILURES_PER_15_MIN: '10000000',
};

/** Shared by every server process of one run, so two instances accept each other's tokens. */
const JWT_SECRET = randomBytes(48).toString('hex');

/** The caller's environment without our server's variables, plus `extra`. */
function serverEnvironment(extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(NODE_ENV|LOG_LEVEL|RATE_LIMIT_|DATABASE_URL|DATA_DIR|JWT_|TEST_DATABASE_URL|RELIABILITY_)/.test(key))
      continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/** The built server (`packages/server/dist/main.js`) as its own process, production mode. */
export function startServer(databaseUrl: string, dir: string, name: string): Promise<ChildServer> {
  return startChildServer({
    args: [SERVER_ENTRY],
    env: serverEnvironment({
      NODE_ENV: 'production',
      JWT_SECRET,
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      DATA_DIR: dir,
      ...HIGH_RATE_LIMITS,
    }),
    logFile: join(dir, `${name}.log`),
    readyPath: '/healthz',
  });
}

/** `kill -9`: no shutdown hook runs, nothing is flushed. Resolves once the process is gone. */
export function killHard(server: ChildServer): Promise<void> {
  return new Promise((resolve) => {
    if (server.process.exitCode !== null || server.process.signalCode !== null) {
      resolve();
      return;
    }
    server.process.once('exit', () => {
      resolve();
    });
    server.process.kill('SIGKILL');
  });
}

/** A scratch PostgreSQL database on `adminUrl`'s server; `drop()` removes it. */
export async function scratchPostgres(
  adminUrl: string,
  label: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `ttm_rel_${label.replace(/[^a-z0-9]/g, '_')}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Whether a PostgreSQL server answers at `url`. */
export async function postgresReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

export interface Answer {
  /** HTTP status, or 0 when the request failed below HTTP (refused, reset). */
  readonly status: number;
  readonly body: unknown;
  readonly ms: number;
}

/** One JSON request; never throws for HTTP or network failures (they are the data here). */
export async function call(
  origin: string,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  options: {
    token?: string;
    body?: unknown;
    /** A non-JSON body (CSV) with its media type, instead of `body`. */
    raw?: { readonly text: string; readonly contentType: string };
    headers?: Readonly<Record<string, string>>;
  } = {},
): Promise<Answer> {
  const started = performance.now();
  const payload = options.raw
    ? { text: options.raw.text, contentType: options.raw.contentType }
    : options.body === undefined
      ? null
      : { text: JSON.stringify(options.body), contentType: 'application/json' };
  try {
    const response = await fetch(`${origin}${API}${path}`, {
      method,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(payload ? { 'content-type': payload.contentType } : {}),
        ...options.headers,
      },
      ...(payload ? { body: payload.text } : {}),
    });
    const text = await response.text();
    let body: unknown = text;
    if (text && (response.headers.get('content-type') ?? '').includes('json')) body = JSON.parse(text) as unknown;
    return { status: response.status, body, ms: performance.now() - started };
  } catch {
    return { status: 0, body: null, ms: performance.now() - started };
  }
}

export function isSuccess(answer: Answer): boolean {
  return answer.status >= 200 && answer.status < 300;
}

/** Throws unless the answer is a success; for setup and verification steps. */
export function expectSuccess(answer: Answer, what: string): unknown {
  if (!isSuccess(answer)) throw new Error(`${what}: ${String(answer.status)} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export interface Account {
  readonly email: string;
  readonly token: string;
  readonly walletId: string;
}

export async function register(origin: string, label: string): Promise<Account> {
  const email = `${label}-${randomUUID()}@example.com`;
  const session = expectSuccess(
    await call(origin, 'POST', '/auth/register', { body: { email, password: PASSWORD } }),
    'register',
  ) as AuthSession;
  const wallets = expectSuccess(await call(origin, 'GET', '/wallets', { token: session.accessToken }), 'wallets') as {
    id: string;
    personal: boolean;
  }[];
  const personal = wallets.find((wallet) => wallet.personal);
  if (!personal) throw new Error('no personal wallet');
  return { email, token: session.accessToken, walletId: personal.id };
}

/** Every live expense of a wallet through the history endpoint, by id. */
export async function listAll(origin: string, token: string, walletId: string): Promise<Map<string, Expense>> {
  const items = new Map<string, Expense>();
  let cursor: string | null = null;
  do {
    const query = `?walletId=${walletId}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: ExpensePage = expectSuccess(
      await call(origin, 'GET', `/expenses${query}`, { token }),
      'list',
    ) as ExpensePage;
    for (const item of page.items) {
      if (items.has(item.id)) throw new Error(`history lists ${item.id} twice`);
      items.set(item.id, item);
    }
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** A full sync download from cursor null: the live expenses it ends with, by id. */
export async function pullAll(origin: string, token: string): Promise<Map<string, Expense>> {
  const live = new Map<string, Expense>();
  let cursor: string | null = null;
  for (;;) {
    const result: PullResult = expectSuccess(
      await call(origin, 'POST', '/sync/pull', { token, body: { cursor, limit: 1000 } }),
      'pull',
    ) as PullResult;
    if (result.reset) throw new Error(`unexpected reset: ${result.reason}`);
    for (const change of result.changes as SyncChange[]) {
      if (change.op === 'upsert') live.set(change.expense.id, change.expense);
      else live.delete(change.id);
    }
    cursor = result.cursor;
    if (!result.hasMore) return live;
  }
}

/** Problems (empty when none): the monthly summary of 2026 disagrees with the listed expenses. */
export async function summaryMismatches(
  origin: string,
  token: string,
  walletId: string,
  expenses: ReadonlyMap<string, Expense>,
): Promise<string[]> {
  const expected = new Map<string, { cents: number; count: number }>();
  for (const expense of expenses.values()) {
    const month = expense.date.slice(0, 7);
    const bucket = expected.get(month) ?? { cents: 0, count: 0 };
    expected.set(month, { cents: bucket.cents + Math.round(Number(expense.amount) * 100), count: bucket.count + 1 });
  }
  const summary = expectSuccess(
    await call(origin, 'GET', `/summary/monthly?walletId=${walletId}&from=2026-01&to=2026-12`, { token }),
    'summary',
  ) as MonthlySummary;
  const problems: string[] = [];
  for (const month of summary.months) {
    const want = expected.get(month.month) ?? { cents: 0, count: 0 };
    const cents = Math.round(Number(month.total) * 100);
    if (cents !== want.cents || month.count !== want.count)
      problems.push(
        `${month.month}: summary ${month.total} x${String(month.count)}, expenses ${(want.cents / 100).toFixed(2)} x${String(want.count)}`,
      );
  }
  return problems;
}

export interface LatencyFigures {
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export function latencyFigures(samples: readonly number[]): LatencyFigures {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? 0;
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return { count: sorted.length, p50Ms: round(at(0.5)), p99Ms: round(at(0.99)), maxMs: round(at(1)) };
}

/** Runs `tasks` with at most `limit` at once. */
export async function inBatches<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next;
      next += 1;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return results;
}
