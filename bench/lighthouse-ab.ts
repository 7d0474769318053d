/**
 * Two builds of the web client side by side under Lighthouse 12 mobile, on the signed-in history
 * of 10,000 expenses, in interleaved rounds: on a shared machine whose speed drifts from minute to
 * minute (the same build's history scores 77 to 95 within an hour here), only builds measured in
 * turn can be compared. Each build is served by its own server (`npm start`'s entry, default
 * limits, its own SQLite database and seeded user) on a loopback address of its own, so one
 * browser holds both sign-ins apart; the order within a round alternates.
 *
 *   LIGHTHOUSE_AB=<dist folder A>,<dist folder B> [LIGHTHOUSE_RUNS=8] npm run bench:web:ab
 *
 * Build each client with `npm run web:build` and copy `packages/web/dist` aside first. Prints
 * every round, each build's medians, and how many rounds B won on score and on total blocking time.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import type { Result } from 'lighthouse';
import {
  CHROME_FLAGS,
  checkApiAnswers,
  numeric,
  runLighthouse,
  score,
  seedUser,
  signInBrowser,
  startServer,
} from './lighthouse.js';
import { median } from './support/median.js';

interface RoundFigures {
  readonly score: number;
  readonly tbtMs: number;
  readonly fcpMs: number;
  readonly lcpMs: number;
  readonly benchmarkIndex: number;
}

const EXPENSES = 10_000;

function figures(lhr: Result): RoundFigures {
  return {
    score: score(lhr),
    tbtMs: numeric(lhr, 'total-blocking-time'),
    fcpMs: numeric(lhr, 'first-contentful-paint'),
    lcpMs: numeric(lhr, 'largest-contentful-paint'),
    benchmarkIndex: lhr.environment.benchmarkIndex,
  };
}

const describe = (round: RoundFigures): string =>
  `score ${String(round.score)}  TBT ${String(Math.round(round.tbtMs))} ms  FCP ${String(Math.round(round.fcpMs))} ms  LCP ${String(Math.round(round.lcpMs))} ms  benchmark index ${String(Math.round(round.benchmarkIndex))}`;

/** Interleaved Lighthouse rounds of the history on two builds; returns each build's rounds. */
export async function runLighthouseAb(
  builds: readonly [string, string],
  rounds: number,
  log: (line: string) => void,
): Promise<[RoundFigures[], RoundFigures[]]> {
  for (const build of builds)
    if (!existsSync(join(build, 'index.html'))) throw new Error(`${build} holds no built client (index.html)`);
  const root = mkdtempSync(join(tmpdir(), 'ttm-lighthouse-ab-'));
  const profile = join(root, 'profile');
  mkdirSync(profile);
  const servers: Awaited<ReturnType<typeof startServer>>[] = [];
  let chrome: chromeLauncher.LaunchedChrome | undefined;
  try {
    chrome = await chromeLauncher.launch({
      chromePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      chromeFlags: CHROME_FLAGS,
      userDataDir: profile,
      logLevel: 'error',
    });
    for (const [index, build] of builds.entries()) {
      const dataDir = join(root, `server-${String(index)}`);
      mkdirSync(dataDir);
      const server = await startServer(dataDir, { host: `127.0.0.${String(index + 1)}`, webDist: build });
      servers.push(server);
      log(
        `${index === 0 ? 'A' : 'B'} (${build}) at ${server.url}: seeding ${String(EXPENSES)} expenses and signing in...`,
      );
      await signInBrowser(chrome.port, server.url, await seedUser(server.url, EXPENSES), EXPENSES);
    }
    const results: [RoundFigures[], RoundFigures[]] = [[], []];
    for (let round = 0; round < rounds; round += 1) {
      const order = round % 2 === 0 ? [0, 1] : [1, 0];
      for (const index of order) {
        const server = servers[index];
        if (!server) throw new Error('a server is missing');
        const lhr = await runLighthouse(chrome.port, `${server.url}/`, log);
        checkApiAnswers(lhr, true);
        const measured = figures(lhr);
        results[index as 0 | 1].push(measured);
        log(`  round ${String(round + 1)} ${index === 0 ? 'A' : 'B'}: ${describe(measured)}`);
      }
    }
    return results;
  } finally {
    chrome?.kill();
    for (const server of servers) await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

export function formatLighthouseAb(
  builds: readonly [string, string],
  results: [RoundFigures[], RoundFigures[]],
): string {
  const [a, b] = results;
  const summary = (name: string, build: string, rounds: readonly RoundFigures[]) =>
    `${name} ${build}: median score ${String(median(rounds.map((r) => r.score)))}, TBT ${String(Math.round(median(rounds.map((r) => r.tbtMs))))} ms, FCP ${String(Math.round(median(rounds.map((r) => r.fcpMs))))} ms, LCP ${String(Math.round(median(rounds.map((r) => r.lcpMs))))} ms; scores ${rounds.map((r) => r.score).join(' ')}`;
  const paired = a
    .map((round, index) => [round, b[index]] as const)
    .filter((pair): pair is readonly [RoundFigures, RoundFigures] => pair[1] !== undefined);
  const better = paired.filter(([x, y]) => y.score > x.score).length;
  const worse = paired.filter(([x, y]) => y.score < x.score).length;
  const lowerTbt = paired.filter(([x, y]) => y.tbtMs < x.tbtMs).length;
  return [
    'Lighthouse 12 mobile, history of 10,000 expenses (signed in), interleaved rounds',
    summary('A', builds[0], a),
    summary('B', builds[1], b),
    `B scored higher in ${String(better)} of ${String(paired.length)} rounds, lower in ${String(worse)}; B's TBT was lower in ${String(lowerTbt)}`,
  ].join('\n');
}

function main(): void {
  const builds = (process.env['LIGHTHOUSE_AB'] ?? '')
    .split(',')
    .filter(Boolean)
    .map((build) => resolve(build));
  const rounds = Number(process.env['LIGHTHOUSE_RUNS'] ?? 8);
  if (builds.length !== 2 || !Number.isInteger(rounds) || rounds < 1) {
    process.stderr.write(
      'Set LIGHTHOUSE_AB=<dist folder A>,<dist folder B> (two builds of packages/web) and, if at all, LIGHTHOUSE_RUNS to a whole number of rounds (default 8).\n',
    );
    process.exit(2);
  }
  const pair: [string, string] = [builds[0] ?? '', builds[1] ?? ''];
  runLighthouseAb(pair, rounds, (line) => {
    process.stdout.write(`${line}\n`);
  }).then(
    (results) => {
      process.stdout.write(`${formatLighthouseAb(pair, results)}\n`);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
