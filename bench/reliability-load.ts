import { randomUUID } from 'node:crypto';
import type { AuthSession, PullResult } from '@ttm/contract';
import {
  type Account,
  type Answer,
  call,
  inBatches,
  isSuccess,
  type LatencyFigures,
  latencyFigures,
  listAll,
  PASSWORD,
  register,
} from './reliability-support.js';

const OPERATIONS = ['login', 'add', 'list', 'summary', 'pull'] as const;
type Operation = (typeof OPERATIONS)[number];

export interface LoadOptions {
  readonly origin: string;
  readonly clients: number;
  readonly seconds: number;
  /** Pause between one client's requests (0: each client sends its next request at once). */
  readonly thinkMs: number;
}

export interface LoadReport {
  readonly clients: number;
  readonly seconds: number;
  readonly thinkMs: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly errors: number;
  readonly errorSamples: readonly string[];
  readonly overall: LatencyFigures;
  readonly byOperation: Readonly<Record<Operation, LatencyFigures>>;
  /** After the run: expenses acknowledged with 2xx, and how many of them the history lists. */
  readonly acknowledged: number;
  readonly found: number;
}

function day(n: number): string {
  return `2026-${String((n % 12) + 1).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}`;
}

/**
 * `clients` simulated users, each signing in and then looping add, list, summary and sync pull
 * until the time is up. Registration happens before the clock starts (it is argon2 work, not
 * the load being measured); every non-2xx answer or network failure counts as an error.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const accounts = await inBatches(options.clients, 8, () => register(options.origin, 'load'));
  const samples: Record<Operation, number[]> = { login: [], add: [], list: [], summary: [], pull: [] };
  const errorSamples: string[] = [];
  let errors = 0;
  const acknowledged = new Map<Account, Set<string>>(accounts.map((account) => [account, new Set<string>()]));

  const record = (operation: Operation, answer: Answer): boolean => {
    samples[operation].push(answer.ms);
    if (isSuccess(answer)) return true;
    errors += 1;
    if (errorSamples.length < 20)
      errorSamples.push(`${operation}: ${String(answer.status)} ${JSON.stringify(answer.body)}`);
    return false;
  };
  const pause = () =>
    options.thinkMs > 0 ? new Promise((resolve) => setTimeout(resolve, options.thinkMs)) : Promise.resolve();

  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  await Promise.all(
    accounts.map(async (account, index) => {
      const login = await call(options.origin, 'POST', '/auth/login', {
        body: { email: account.email, password: PASSWORD },
      });
      if (!record('login', login)) return;
      const token = (login.body as AuthSession).accessToken;
      let cursor: string | null = null;
      for (let n = 0; performance.now() < deadline; n += 1) {
        const id = randomUUID();
        const added = await call(options.origin, 'POST', '/expenses', {
          token,
          body: { id, amount: `${String(1 + ((index + n) % 90))}.25`, category: `Load ${String(n % 5)}`, date: day(n) },
        });
        if (record('add', added)) acknowledged.get(account)?.add(id);
        await pause();
        record('list', await call(options.origin, 'GET', '/expenses?limit=50', { token }));
        await pause();
        record('summary', await call(options.origin, 'GET', '/summary/monthly?from=2026-01&to=2026-12', { token }));
        await pause();
        const pulled = await call(options.origin, 'POST', '/sync/pull', { token, body: { cursor, limit: 500 } });
        if (record('pull', pulled)) {
          const result = pulled.body as PullResult;
          cursor = result.reset ? null : result.cursor;
        }
        await pause();
      }
    }),
  );
  const elapsedSeconds = (performance.now() - started) / 1000;

  let found = 0;
  let total = 0;
  for (const [account, ids] of acknowledged) {
    const listed = await listAll(options.origin, account.token, account.walletId);
    total += ids.size;
    for (const id of ids) if (listed.has(id)) found += 1;
  }
  const all = OPERATIONS.flatMap((operation) => samples[operation]);
  return {
    clients: options.clients,
    seconds: Math.round(elapsedSeconds * 10) / 10,
    thinkMs: options.thinkMs,
    requests: all.length,
    requestsPerSecond: Math.round(all.length / elapsedSeconds),
    errors,
    errorSamples,
    overall: latencyFigures(all),
    byOperation: Object.fromEntries(
      OPERATIONS.map((operation) => [operation, latencyFigures(samples[operation])]),
    ) as Record<Operation, LatencyFigures>,
    acknowledged: total,
    found,
  };
}
