import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_VARIABLES } from '../../packages/server/src/config.js';
import { type ChildServer, startChildServer } from './child-server.js';

/** The compiled server, as `npm start` runs it. */
export const SERVER_ENTRY = fileURLToPath(new URL('../../packages/server/dist/main.js', import.meta.url));

const SERVER_VARIABLES = new Set(CONFIG_VARIABLES);

/**
 * The environment a user's shell would give `npm start`: none of the variables the server reads
 * (a `REDIS_URL` or `WORKERS` left in the shell would change what is measured), nor the tests' and
 * benchmarks' own.
 */
export function userEnvironment(extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (SERVER_VARIABLES.has(key) || key.startsWith('BENCH_') || key.startsWith('TEST_')) continue;
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
