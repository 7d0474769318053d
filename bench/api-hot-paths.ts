/**
 * API hot paths over real HTTP: our server, started as `npm start` starts it (compiled entry,
 * NODE_ENV unset, default limits and logging), against a bare Fastify route answering JSON, both
 * as separate processes driven by the same load generator in the same run. Each route's ratio is
 * taken against the mean of the bare runs just before and just after it, so drift on this shared
 * machine cancels out; with several rounds (every route once per round) a route's figures are those
 * of its median round, so one run landing in a neighbour's busy second does not make its figure.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ChildServer, startChildServer } from './support/child-server.js';
import { medianBy } from './support/median.js';
import { processTree } from './support/process-tree.js';
import { SERVER_ENTRY, userEnvironment } from './support/our-server.js';
import { type LoadRequest, runLoad } from './support/load.js';
import { type Household, seedHousehold } from './support/seed-household.js';

const BARE_ENTRY = fileURLToPath(new URL('./support/bare-fastify.ts', import.meta.url));

export interface RouteFigure {
  readonly route: string;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Bytes per answer as received, headers included (our route's, in the median round). */
  readonly bytesPerAnswer: number;
  readonly bareRequestsPerSecond: number;
  readonly ratio: number;
  /** Each round's ratio, in the order measured; the other figures are those of the median round. */
  readonly ratios: readonly number[];
  readonly target: number;
  readonly failures: number;
  /** CPU time (user + system) the server process spent per answered request; NaN off Linux. */
  readonly cpuMicrosPerRequest: number;
  readonly bareCpuMicrosPerRequest: number;
}

/** One process's user + system CPU time so far, in microseconds (Linux /proc; NaN elsewhere). */
function processCpuMicros(pid: number): number {
  try {
    const fields =
      readFileSync(`/proc/${String(pid)}/stat`, 'utf8')
        .split(') ')[1]
        ?.split(' ') ?? [];
    // utime and stime, in clock ticks of 10 ms (USER_HZ is 100 on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU time of a server so far, its worker processes included, per process id: a worker that was
 * replaced between two readings would otherwise make the difference meaningless.
 */
function cpuMicros(pid: number | undefined): Map<number, number> {
  const times = new Map<number, number>();
  if (pid !== undefined) for (const member of processTree(pid)) times.set(member, processCpuMicros(member));
  return times;
}

/** CPU spent between two readings by the processes present at both. */
function cpuSpent(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  if (before.size === 0) return Number.NaN;
  let spent = 0;
  for (const [pid, micros] of after) spent += micros - (before.get(pid) ?? micros);
  return spent;
}

export interface HotPathOptions {
  /** `sqlite` (a file in a temporary folder) or a PostgreSQL URL of an empty database. */
  readonly databaseUrl: string;
  /** Rows and member accounts of each household's shared wallet. */
  readonly rows: number;
  readonly members: number;
  /**
   * How many households (each a shared wallet with its own members) the load is spread over, one
   * request in turn for each: enough accounts that the default per-account rate limit never
   * refuses the load generator, with each wallet the size of one household.
   */
  readonly households: number;
  readonly connections: number;
  readonly seconds: number;
  /**
   * How many times each route is measured, each time between bare runs of its own (default 1); the
   * creates run last in every round, so every read of the first round meets the seeded wallet.
   */
  readonly rounds?: number;
  /** Only the routes whose name contains this text (for profiling one route). */
  readonly only?: string | undefined;
  /** Extra arguments for our server's `node` (e.g. `--cpu-prof`), and extra environment. */
  readonly nodeArgs?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

/** One run of a route between two bare runs. */
type RouteMeasurement = Omit<RouteFigure, 'route' | 'ratios' | 'target'>;

/**
 * A route's figures over its rounds: those of its median round by ratio, so a row's columns come
 * from one run and agree with each other; every round's ratio is kept and every failure counted.
 */
function summarize(route: string, target: number, rounds: readonly RouteMeasurement[]): RouteFigure {
  const middle = medianBy(rounds, (round) => round.ratio);
  if (middle === undefined) throw new Error(`${route} was not measured`);
  return {
    ...middle,
    route,
    ratios: rounds.map((m) => m.ratio),
    target,
    failures: rounds.reduce((sum, m) => sum + m.failures, 0),
  };
}

export async function runApiHotPaths(options: HotPathOptions): Promise<RouteFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ttm-hot-'));
  const databaseUrl = options.databaseUrl === 'sqlite' ? `sqlite:${join(dir, 'ttm.db')}` : options.databaseUrl;
  let ours: ChildServer | null = null;
  let bare: ChildServer | null = null;
  try {
    ours = await startChildServer({
      args: [...(options.nodeArgs ?? []), SERVER_ENTRY],
      env: userEnvironment({ DATABASE_URL: databaseUrl, DATA_DIR: dir, ...options.env }),
      logFile: join(dir, 'server.log'),
      readyPath: '/healthz',
    });
    bare = await startChildServer({
      args: ['--import', 'tsx', BARE_ENTRY],
      env: userEnvironment({}),
      logFile: join(dir, 'bare.log'),
      readyPath: '/bare',
    });
    const households: Household[] = [];
    for (let n = 0; n < options.households; n += 1) {
      households.push(
        await seedHousehold(ours.origin, {
          rows: options.rows,
          members: options.members,
          firstAccount: n * options.members,
        }),
      );
    }
    // Member by member, one request for each household in turn.
    const perAccount = (request: (household: Household, token: string) => LoadRequest): LoadRequest[] =>
      Array.from({ length: options.members }, (_, member) =>
        households.map((household) => {
          const token = household.tokens[member];
          if (token === undefined) throw new Error(`household ${household.walletId} has no member ${String(member)}`);
          return request(household, token);
        }),
      ).flat();
    const as = (
      method: 'GET' | 'POST',
      path: (household: Household) => string,
      body?: (household: Household) => unknown,
    ): LoadRequest[] =>
      perAccount((household, token) => ({
        method,
        path: `/api/v1${path(household)}`,
        headers: { authorization: `Bearer ${token}` },
        ...(body === undefined ? {} : { body: JSON.stringify(body(household)) }),
      }));
    const wallet = (household: Household) => `walletId=${household.walletId}`;
    const today = new Date();
    const month = (back: number) =>
      new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
    const allRoutes: { route: string; target: number; requests: LoadRequest[] }[] = [
      { route: 'GET /expenses/{id}', target: 0.6, requests: as('GET', (h) => `/expenses/${h.expenseId}`) },
      { route: 'GET /expenses (first page, 50)', target: 0.6, requests: as('GET', (h) => `/expenses?${wallet(h)}`) },
      {
        route: 'POST /expenses',
        target: 0.6,
        requests: as(
          'POST',
          () => '/expenses',
          (h) => ({
            walletId: h.walletId,
            amount: '12.34',
            category: 'Groceries',
            date: today.toISOString().slice(0, 10),
            note: 'bench',
          }),
        ),
      },
      {
        route: 'GET /expenses?q=receipt (common)',
        target: 0.3,
        requests: as('GET', (h) => `/expenses?${wallet(h)}&q=receipt`),
      },
      {
        route: 'GET /expenses?q=receipt 9982 (rare)',
        target: 0.3,
        requests: as('GET', (h) => `/expenses?${wallet(h)}&q=receipt%209982`),
      },
      {
        route: 'GET /summary/monthly (12 months)',
        target: 0.3,
        requests: as('GET', (h) => `/summary/monthly?${wallet(h)}&from=${month(11)}&to=${month(0)}`),
      },
      {
        route: 'GET /summary/categories (12 months)',
        target: 0.3,
        requests: as(
          'GET',
          (h) => `/summary/categories?${wallet(h)}&from=${month(11)}-01&to=${today.toISOString().slice(0, 10)}`,
        ),
      },
    ];
    const routes = allRoutes.filter((route) => options.only === undefined || route.route.includes(options.only));
    const bareRequests: LoadRequest[] = perAccount((_household, token) => ({
      method: 'GET',
      path: '/bare',
      headers: { authorization: `Bearer ${token}` },
    }));
    const measured = async (server: ChildServer, requests: LoadRequest[]) => {
      const before = cpuMicros(server.process.pid);
      const result = await runLoad(server.origin, requests, {
        connections: options.connections,
        seconds: options.seconds,
      });
      return {
        ...result,
        cpuPerRequest: cpuSpent(before, cpuMicros(server.process.pid)) / Math.max(1, result.total),
      };
    };
    const oursServer = ours;
    const bareServer = bare;

    // Warm both processes up (JIT, caches, pools) before anything is recorded.
    await runLoad(bare.origin, bareRequests, { connections: options.connections, seconds: 2 });
    for (const route of routes) {
      if (route.route !== 'POST /expenses')
        await runLoad(ours.origin, route.requests, { connections: options.connections, seconds: 1 });
    }

    // Round after round over all routes, so each route's runs are spread over the whole bench.
    const rounds = options.rounds ?? 1;
    if (!Number.isInteger(rounds) || rounds < 1)
      throw new Error(`rounds must be a whole number from 1, not ${String(rounds)}`);
    const measureOrder = [
      ...routes.filter((route) => route.route !== 'POST /expenses'),
      ...routes.filter((route) => route.route === 'POST /expenses'),
    ];
    const measurements = new Map<string, RouteMeasurement[]>();
    let before = await measured(bareServer, bareRequests);
    for (let round = 0; round < rounds; round += 1) {
      for (const route of measureOrder) {
        const result = await measured(oursServer, route.requests);
        const after = await measured(bareServer, bareRequests);
        const bareRps = (before.requestsPerSecond + after.requestsPerSecond) / 2;
        const measurement: RouteMeasurement = {
          requestsPerSecond: result.requestsPerSecond,
          p50Ms: result.p50Ms,
          p99Ms: result.p99Ms,
          bytesPerAnswer: result.bytesPerAnswer,
          bareRequestsPerSecond: bareRps,
          ratio: result.requestsPerSecond / bareRps,
          failures: result.failures + before.failures + after.failures,
          cpuMicrosPerRequest: result.cpuPerRequest,
          bareCpuMicrosPerRequest: (before.cpuPerRequest + after.cpuPerRequest) / 2,
        };
        measurements.set(route.route, [...(measurements.get(route.route) ?? []), measurement]);
        before = after;
      }
    }
    return routes.map((route) => summarize(route.route, route.target, measurements.get(route.route) ?? []));
  } finally {
    await ours?.stop();
    await bare?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatHotPaths(title: string, figures: readonly RouteFigure[]): string {
  const roundsWidth = Math.max(
    'rounds (ours/bare)'.length,
    ...figures.map((figure) => figure.ratios.map((ratio) => ratio.toFixed(3)).join(' ').length),
  );
  const lines = [
    title,
    `${'route'.padEnd(38)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'B/answer'.padStart(8)} ${'bare req/s'.padStart(10)} ${'ours/bare'.padStart(9)} ${'rounds (ours/bare)'.padEnd(roundsWidth)} ${'target'.padStart(6)} ${'cpu µs/req'.padStart(10)} ${'bare'.padStart(5)}`,
  ];
  for (const figure of figures) {
    const verdict =
      figure.failures > 0
        ? `  ${String(figure.failures)} FAILED REQUESTS`
        : figure.ratio >= figure.target
          ? ''
          : '  below target';
    lines.push(
      `${figure.route.padEnd(38)} ${figure.requestsPerSecond.toFixed(0).padStart(8)} ${figure.p50Ms.toFixed(1).padStart(7)} ${figure.p99Ms.toFixed(1).padStart(7)} ${figure.bytesPerAnswer.toFixed(0).padStart(8)} ${figure.bareRequestsPerSecond.toFixed(0).padStart(10)} ${figure.ratio.toFixed(3).padStart(9)} ${figure.ratios
        .map((ratio) => ratio.toFixed(3))
        .join(' ')
        .padEnd(
          roundsWidth,
        )} ${`>=${figure.target.toFixed(1)}`.padStart(6)} ${figure.cpuMicrosPerRequest.toFixed(0).padStart(10)} ${figure.bareCpuMicrosPerRequest.toFixed(0).padStart(5)}${verdict}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
