import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, uniqueEmail } from './support/factories.js';
import { type ServerProcess, startServerProcess } from './support/server-process.js';

const LOGIN_FAILURES = 3;

function startPrimary(dataDir: string): Promise<ServerProcess> {
  return startServerProcess(
    dataDir,
    {
      WORKERS: '2',
      REDIS_URL: '',
      RATE_LIMIT_API_PER_MINUTE: '600',
      RATE_LIMIT_LOGIN_FAILURES_PER_15_MIN: String(LOGIN_FAILURES),
    },
    /TrackThatMoney is ready: http:\/\/127\.0\.0\.1:(\d+) .*2 worker processes/,
  );
}

/** The worker processes the primary started (Linux: the kernel lists a process's children). */
function workerPids(primary: ServerProcess): number[] {
  const pid = primary.child.pid ?? 0;
  const file = `/proc/${String(pid)}/task/${String(pid)}/children`;
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** One request on a connection of its own, so successive requests reach the workers in turn. */
function send(port: number, method: string, path: string, body?: unknown, token?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: false,
        headers: {
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, body: text, headers: response.headers });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function call(port: number, method: string, path: string, body?: unknown, token?: string): Promise<number> {
  return (await send(port, method, path, body, token)).status;
}

/** The pids that wrote access-log lines for `path`. */
function pidsAnswering(output: string, path: string): Set<number> {
  const pids = new Set<number>();
  for (const line of output.split('\n')) {
    if (!line.includes('"request completed"') || !line.includes(`"url":"${path}"`)) continue;
    pids.add((JSON.parse(line) as { pid: number }).pid);
  }
  return pids;
}

/** The pids that logged that they listen. */
function listeningPids(output: string): Set<number> {
  const pids = new Set<number>();
  for (const line of output.split('\n'))
    if (line.includes('"Server listening at')) pids.add((JSON.parse(line) as { pid: number }).pid);
  return pids;
}

describe('the server with several worker processes (WORKERS=2)', () => {
  let dataDir: string;
  let primary: ServerProcess;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ttm-workers-'));
    primary = await startPrimary(dataDir);
  }, 40_000);

  afterAll(async () => {
    if (primary.child.exitCode === null) {
      primary.child.kill('SIGKILL');
      await primary.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers on one port from two worker processes', async () => {
    expect(workerPids(primary)).toHaveLength(2);
    for (let n = 0; n < 6; n++) expect(await call(primary.port, 'GET', '/api/v1/readyz')).toBe(200);
    await expect.poll(() => pidsAnswering(primary.output(), '/api/v1/readyz').size).toBe(2);
  });

  it('gives each worker an equal share of the per-minute API budget, so together they never exceed it', async () => {
    const limits = new Set<string>();
    for (let n = 0; n < 4; n++) {
      const answer = await send(primary.port, 'GET', '/api/v1/readyz');
      limits.add(String(answer.headers['x-ratelimit-limit']));
    }
    // RATE_LIMIT_API_PER_MINUTE=600: 300 on each of the two workers.
    expect([...limits]).toEqual(['300']);
  });

  it('counts failed sign-ins once across the workers (the budget is not per process)', async () => {
    const email = uniqueEmail();
    expect(await call(primary.port, 'POST', '/api/v1/auth/register', { email, password: PASSWORD })).toBe(201);
    const statuses: number[] = [];
    for (let n = 0; n < LOGIN_FAILURES + 2; n++)
      statuses.push(await call(primary.port, 'POST', '/api/v1/auth/login', { email, password: `${PASSWORD}-wrong` }));
    expect(statuses).toEqual([...Array<number>(LOGIN_FAILURES).fill(401), 429, 429]);
    // The attempts really were spread over both workers.
    await expect.poll(() => pidsAnswering(primary.output(), '/api/v1/auth/login').size).toBe(2);
  });

  it('ends a signed-out session on every worker at once, not when their session caches expire', async () => {
    const registered = await send(primary.port, 'POST', '/api/v1/auth/register', {
      email: uniqueEmail(),
      password: PASSWORD,
    });
    expect(registered.status).toBe(201);
    const { accessToken, refreshToken } = JSON.parse(registered.body) as { accessToken: string; refreshToken: string };
    // Both workers confirm the session and would trust it for a second without reading it again.
    for (let n = 0; n < 4; n++)
      expect(await call(primary.port, 'GET', '/api/v1/wallets', undefined, accessToken)).toBe(200);
    expect(await call(primary.port, 'POST', '/api/v1/auth/logout', { refreshToken })).toBe(204);
    for (let n = 0; n < 4; n++)
      expect(await call(primary.port, 'GET', '/api/v1/wallets', undefined, accessToken)).toBe(401);
  });

  it('starts a new worker when one dies, and keeps answering meanwhile', async () => {
    const [victim, survivor] = workerPids(primary);
    if (victim === undefined || survivor === undefined) throw new Error('two workers expected');
    process.kill(victim, 'SIGKILL');
    // A connection handed to the worker in the instant it died is lost with it (node:cluster); once
    // the primary has seen the death, new connections go to the survivor.
    await expect.poll(() => primary.output()).toContain('a worker exited unexpectedly: starting a new one');
    for (let n = 0; n < 4; n++) expect(await call(primary.port, 'GET', '/api/v1/readyz')).toBe(200);
    await expect
      .poll(
        () => {
          const pids = workerPids(primary);
          return pids.length === 2 && pids.includes(survivor) && !pids.includes(victim);
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    const replacement = workerPids(primary).find((pid) => pid !== survivor);
    await expect.poll(() => listeningPids(primary.output()).has(replacement ?? 0), { timeout: 20_000 }).toBe(true);
  });

  it('lets every worker finish and exits 0 on SIGTERM', async () => {
    const workers = workerPids(primary);
    expect(workers).toHaveLength(2);
    primary.child.kill('SIGTERM');
    expect(await primary.exited).toBe(0);
    for (const pid of workers) expect(alive(pid)).toBe(false);
    expect(primary.output().match(/shutting down: finishing in-flight requests/g)).toHaveLength(2);
  });

  it('takes its workers with it when the primary is killed outright', async () => {
    const killed = await startPrimary(dataDir);
    const workers = workerPids(killed);
    expect(workers).toHaveLength(2);
    killed.child.kill('SIGKILL');
    await killed.exited;
    await expect.poll(() => workers.filter(alive), { timeout: 10_000 }).toEqual([]);
  }, 40_000);
});
