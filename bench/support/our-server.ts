import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ChildServer, startChildServer } from './child-server.js';

/** The compiled server, as `npm start` runs it. */
export const SERVER_ENTRY = fileURLToPath(new URL('../../packages/server/dist/main.js', import.meta.url));

/** The environment a user's shell would give `npm start`: none of our variables set. */
export function userEnvironment(extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key === 'NODE_ENV' || key === 'LOG_LEVEL' || key.startsWith('RATE_LIMIT_') || key.startsWith('BENCH_'))
      continue;
    if (/^(DATABASE_URL|DATA_DIR|JWT_|TEST_DATABASE_URL)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/**
 * Our server as `npm start` runs it (compiled entry, default limits and logging) on `databaseUrl`,
 * with its data and log in `dir`. Needs `tsc -b packages/server` first.
 */
export function startOurServer(databaseUrl: string, dir: string): Promise<ChildServer> {
  return startChildServer({
    args: [SERVER_ENTRY],
    env: userEnvironment({ DATABASE_URL: databaseUrl, DATA_DIR: dir }),
    logFile: join(dir, 'server.log'),
    readyPath: '/healthz',
  });
}

/** A script of bench/support run by Node through tsx as its own process, as the baselines are. */
export function startSupportServer(script: string, dir: string, env: Readonly<Record<string, string>>) {
  return startChildServer({
    args: ['--import', 'tsx', fileURLToPath(new URL(`./${script}`, import.meta.url))],
    env: userEnvironment(env),
    logFile: join(dir, `${script}.log`),
    readyPath: '/ready',
  });
}
