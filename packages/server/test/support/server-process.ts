import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

export interface ServerProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly port: number;
  readonly exited: Promise<number | null>;
  /** Everything it wrote so far, stdout and stderr. */
  output(): string;
}

/**
 * `main.ts` started as its own process, as `npm start` starts it (a SQLite file in `dataDir`, an
 * ephemeral port, info logs), with `env` on top; resolves once `ready` (its first group: the port)
 * appears in the output.
 */
export async function startServerProcess(
  dataDir: string,
  env: Readonly<Record<string, string>>,
  ready: RegExp,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: `sqlite:${join(dataDir, 'db.sqlite')}`,
      LOG_LEVEL: 'info',
      NODE_ENV: 'development',
      JWT_SECRET: '',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end();
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      resolve(code);
    });
  });
  const deadline = Date.now() + 30_000;
  let match = ready.exec(output);
  while (match === null) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the server did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    match = ready.exec(output);
  }
  return { child, port: Number(match[1]), exited, output: () => output };
}
