/**
 * Lighthouse 12 (mobile: Moto G Power emulation, simulated slow 4G and 4x CPU slowdown) on the
 * production build as `npm start` serves it: the sign-in screen of a new visitor, and the history
 * of a signed-in user with 10,000 expenses. Run: npm run bench:web (builds first). Prints each
 * page's median run; LIGHTHOUSE_RUNS=… changes the number of runs per page (default 3),
 * LIGHTHOUSE_REPORTS=dir keeps every run's JSON report.
 *
 * Lighthouse's storage reset before each run removes service workers, Cache Storage and the HTTP
 * cache but keeps cookies, localStorage and IndexedDB: the history runs are a returning user whose
 * browser kept the app's data and its refresh cookie but nothing of the app's code.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { type Flags, type Result } from 'lighthouse';
import { chromium } from 'playwright-core';
import { medianBy } from './support/median.js';
import { userEnvironment } from './support/our-server.js';

const ROOT = join(import.meta.dirname, '..');
const SERVER_MAIN = join(ROOT, 'packages', 'server', 'dist', 'main.js');
const WEB_DIST = join(ROOT, 'packages', 'web', 'dist');
export const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const PASSWORD = 'lighthouse benchmark passphrase';
const REFRESH_PATH = '/api/v1/auth/refresh';
const CATEGORIES = ['Groceries', 'Transport', 'Dining out', 'Utilities', 'Health', 'Shopping', 'Travel', 'Coffee'];

export interface LighthouseOptions {
  /** Lighthouse runs per page; the run with the median performance score is reported. */
  readonly runs?: number;
  /** Expenses seeded for the signed-in user. */
  readonly expenses?: number;
  readonly chromePath?: string;
  /** A folder to write every run's Lighthouse JSON report to (open them in the Lighthouse viewer). */
  readonly reportDir?: string;
  readonly log?: (line: string) => void;
}

export interface LighthousePageResult {
  readonly page: string;
  /** Performance scores (0-100) of every run, in run order. */
  readonly scores: readonly number[];
  /** The median run's figures. */
  readonly score: number;
  readonly firstContentfulPaintMs: number;
  readonly largestContentfulPaintMs: number;
  readonly totalBlockingTimeMs: number;
  readonly cumulativeLayoutShift: number;
  readonly speedIndexMs: number;
  /** Bytes transferred (compressed, headers included) for all requests, and for scripts only. */
  readonly totalBytes: number;
  readonly scriptBytes: number;
  readonly scriptRequests: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

async function waitUntilUp(url: string, server: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (server.exitCode !== null) throw new Error(`the server exited with code ${String(server.exitCode)}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the server did not answer on ${url}`);
}

/**
 * `node packages/server/dist/main.js` as `npm start` runs it (`NODE_ENV` unset, default limits and
 * logging, a signing key it creates in its data folder) on a fresh SQLite database. `host` (a
 * loopback address of its own gives a server its own cookies and storage in one browser) and
 * `webDist` (another build of the client) serve the A/B comparison (lighthouse-ab.ts).
 */
export async function startServer(
  dataDir: string,
  options: { readonly host?: string; readonly webDist?: string } = {},
): Promise<{ url: string; stop: () => Promise<void> }> {
  const host = options.host ?? '127.0.0.1';
  const port = await freePort();
  const server = spawn(process.execPath, [SERVER_MAIN], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: userEnvironment({
      HOST: host,
      PORT: String(port),
      ...(options.webDist === undefined ? {} : { WEB_DIST: options.webDist }),
      DATABASE_URL: `sqlite:${join(dataDir, 'lighthouse.db')}`,
      DATA_DIR: dataDir,
    }),
  });
  const url = `http://${host}:${String(port)}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (server.exitCode !== null || server.signalCode !== null) {
        resolve();
        return;
      }
      server.once('exit', () => {
        resolve();
      });
      server.kill('SIGTERM');
    });
  try {
    await waitUntilUp(url, server);
  } catch (error) {
    // A server that never answered is not left running behind the failed benchmark.
    await stop();
    throw error;
  }
  return { url, stop };
}

/** A user with `count` expenses over the last few years, written through the CSV import. */
export async function seedUser(url: string, count: number): Promise<string> {
  const email = `lighthouse-${randomBytes(4).toString('hex')}@example.com`;
  const registered = await fetch(`${url}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (registered.status !== 201) throw new Error(`register failed: ${await registered.text()}`);
  const { accessToken } = (await registered.json()) as { accessToken: string };
  const today = Date.now();
  const lines = ['date,amount,category,note'];
  for (let i = 0; i < count; i += 1) {
    const minor = 100 + ((i * 7919) % 20_000);
    const date = new Date(today - Math.floor(i / 9) * 86_400_000).toISOString().slice(0, 10);
    const amount = `${String(Math.floor(minor / 100))}.${String(minor % 100).padStart(2, '0')}`;
    lines.push(`${date},${amount},${CATEGORIES[i % CATEGORIES.length] ?? 'Other'},Item ${String(i)}`);
  }
  const imported = await fetch(`${url}/api/v1/expenses/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'text/csv' },
    body: `${lines.join('\n')}\n`,
  });
  const result = (await imported.json()) as { imported?: number };
  if (imported.status !== 200 || result.imported !== count)
    throw new Error(`import failed: ${JSON.stringify(result).slice(0, 500)}`);
  return email;
}

/** Signs the browser in through the UI and waits until the whole history is in IndexedDB. */
export async function signInBrowser(port: number, url: string, email: string, count: number): Promise<void> {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${String(port)}`);
  try {
    const context = browser.contexts()[0];
    if (!context) throw new Error('the browser has no default context');
    const page = await context.newPage();
    await page.goto(url);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.locator('form').getByRole('button', { name: 'Sign in' }).click();
    const summary = new RegExp(`^${count.toLocaleString('en-US')} expenses`);
    await page.locator('.history-summary', { hasText: summary }).waitFor({ timeout: 120_000 });
    await page.locator('.sync-indicator[data-sync-state="synced"]').waitFor({ timeout: 120_000 });
    await page.close();
  } finally {
    // Disconnects; the browser was launched by chrome-launcher and keeps running.
    await browser.close();
  }
}

export function numeric(lhr: Result, audit: string): number {
  return lhr.audits[audit]?.numericValue ?? Number.NaN;
}

function scriptTransfer(lhr: Result): { bytes: number; requests: number } {
  const items = (lhr.audits['resource-summary']?.details as { items?: Record<string, unknown>[] } | undefined)?.items;
  const script = items?.find((item) => item['resourceType'] === 'script');
  return { bytes: Number(script?.['transferSize'] ?? 0), requests: Number(script?.['requestCount'] ?? 0) };
}

/**
 * What the page asked the API during a run and what it was answered: a run that met a refused
 * refresh or a rate limit measured another screen than the one named, so it fails the benchmark.
 * A new visitor's refresh is answered 401 (nobody is signed in); a returning user's must succeed.
 * A call the page itself cancelled (Lighthouse's status -1: a read whose screen moved on, a
 * timeout) is not the server's answer and is let through, except the refresh, which must answer.
 */
export function checkApiAnswers(lhr: Result, signedIn: boolean): void {
  const items = (lhr.audits['network-requests']?.details as { items?: Record<string, unknown>[] } | undefined)?.items;
  const calls = (items ?? [])
    .map((item) => ({ path: new URL(String(item['url'])).pathname, status: Number(item['statusCode']) }))
    .filter((call) => call.path.startsWith('/api/'));
  const succeeded = (status: number): boolean => status >= 200 && status < 300;
  const expected = ({ path, status }: { path: string; status: number }): boolean =>
    path === REFRESH_PATH ? (signedIn ? succeeded(status) : status === 401) : succeeded(status) || status === -1;
  const wrong = calls.filter((call) => !expected(call));
  if (!calls.some((call) => call.path === REFRESH_PATH))
    wrong.push({ path: `${REFRESH_PATH} (never asked)`, status: Number.NaN });
  if (wrong.length > 0)
    throw new Error(
      `the ${signedIn ? 'history' : 'sign-in'} run got unexpected API answers: ${wrong.map((call) => `${String(call.status)} ${call.path}`).join(', ')}`,
    );
}

/** A run's performance score, 0 to 100. */
export function score(lhr: Result): number {
  return Math.round((lhr.categories['performance']?.score ?? 0) * 100);
}

/** One Lighthouse run; a run whose trace Chromium failed to record (NO_NAVSTART...) is repeated. */
export async function runLighthouse(port: number, url: string, log: (line: string) => void): Promise<Result> {
  const flags: Flags = { port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] };
  for (let attempt = 1; ; attempt += 1) {
    const result = await lighthouse(url, flags);
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    const { runtimeError } = result.lhr;
    if (!runtimeError) return result.lhr;
    if (attempt === 3) throw new Error(`Lighthouse: ${runtimeError.code} ${runtimeError.message}`);
    log(`  Lighthouse run failed (${runtimeError.code}), running it again`);
  }
}

interface PageRun {
  readonly page: string;
  readonly slug: string;
  readonly port: number;
  readonly url: string;
  readonly runs: number;
  /** Whether the browser is signed in (the history), or a new visitor's (the sign-in screen). */
  readonly signedIn: boolean;
  readonly reportDir: string | undefined;
  readonly log: (line: string) => void;
}

async function measurePage(options: PageRun): Promise<LighthousePageResult> {
  const { page, slug, port, url, runs, signedIn, reportDir, log } = options;
  const reports: Result[] = [];
  for (let run = 0; run < runs; run += 1) {
    const lhr = await runLighthouse(port, url, log);
    if (reportDir) writeFileSync(join(reportDir, `${slug}-${String(run + 1)}.json`), JSON.stringify(lhr));
    checkApiAnswers(lhr, signedIn);
    reports.push(lhr);
    log(`  ${page} run ${String(run + 1)}/${String(runs)}: ${String(score(lhr))}`);
  }
  const median = medianBy(reports, score);
  if (!median) throw new Error('no Lighthouse run');
  const scripts = scriptTransfer(median);
  return {
    page,
    scores: reports.map(score),
    score: score(median),
    firstContentfulPaintMs: numeric(median, 'first-contentful-paint'),
    largestContentfulPaintMs: numeric(median, 'largest-contentful-paint'),
    totalBlockingTimeMs: numeric(median, 'total-blocking-time'),
    cumulativeLayoutShift: numeric(median, 'cumulative-layout-shift'),
    speedIndexMs: numeric(median, 'speed-index'),
    totalBytes: numeric(median, 'total-byte-weight'),
    scriptBytes: scripts.bytes,
    scriptRequests: scripts.requests,
  };
}

/**
 * Starts the production server on a temporary SQLite database, seeds a user through the CSV
 * import, and runs Lighthouse mobile on the sign-in screen (new visitor) and on that user's history.
 */
export async function runLighthouseBenchmark(options: LighthouseOptions = {}): Promise<LighthousePageResult[]> {
  const runs = options.runs ?? 3;
  const expenses = options.expenses ?? 10_000;
  const log = options.log ?? (() => undefined);
  for (const built of [SERVER_MAIN, join(WEB_DIST, 'index.html')])
    if (!existsSync(built)) throw new Error(`${built} is missing: run "npm run build" first (npm run bench:web does).`);
  const dataDir = mkdtempSync(join(tmpdir(), 'ttm-lighthouse-'));
  const profile = join(dataDir, 'profile');
  mkdirSync(profile);
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let chrome: chromeLauncher.LaunchedChrome | undefined;
  try {
    server = await startServer(dataDir);
    chrome = await chromeLauncher.launch({
      chromePath: options.chromePath ?? process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      chromeFlags: CHROME_FLAGS,
      userDataDir: profile,
      logLevel: 'error',
    });
    log(`seeding ${String(expenses)} expenses through the CSV import...`);
    const email = await seedUser(server.url, expenses);
    // A new visitor first, while the profile holds nothing of the app.
    const target = { port: chrome.port, url: `${server.url}/`, runs, reportDir: options.reportDir, log };
    const signIn = await measurePage({ ...target, page: 'sign-in (new visitor)', slug: 'sign-in', signedIn: false });
    log('signing the browser in and downloading the history...');
    await signInBrowser(chrome.port, server.url, email, expenses);
    const history = await measurePage({
      ...target,
      page: `history (${expenses.toLocaleString('en-US')} expenses, signed in)`,
      slug: 'history',
      signedIn: true,
    });
    return [signIn, history];
  } finally {
    chrome?.kill();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number): string => `${String(Math.round(value))} ms`;

export function formatLighthouseResults(results: readonly LighthousePageResult[]): string {
  const header = ['page', 'score', 'runs', 'FCP', 'LCP', 'TBT', 'CLS', 'SI', 'JS sent', 'all sent'];
  const rows = results.map((result) => [
    result.page,
    String(result.score),
    result.scores.join(' '),
    ms(result.firstContentfulPaintMs),
    ms(result.largestContentfulPaintMs),
    ms(result.totalBlockingTimeMs),
    result.cumulativeLayoutShift.toFixed(3),
    ms(result.speedIndexMs),
    `${kb(result.scriptBytes)} (${String(result.scriptRequests)})`,
    kb(result.totalBytes),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ');
  return [
    'Lighthouse 12 mobile (Moto G Power, simulated slow 4G, 4x CPU), median run by performance score',
    line(header),
    ...rows.map(line),
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const reportDir = process.env['LIGHTHOUSE_REPORTS'];
  if (reportDir) mkdirSync(reportDir, { recursive: true });
  runLighthouseBenchmark({
    runs: Number(process.env['LIGHTHOUSE_RUNS'] ?? 3),
    reportDir,
    log: (line) => {
      process.stdout.write(`${line}\n`);
    },
  }).then(
    (results) => {
      process.stdout.write(`${formatLighthouseResults(results)}\n`);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
