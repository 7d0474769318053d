import cluster from 'node:cluster';
import { ConfigError, readConfig } from './config.js';
import { runPrimary } from './process/cluster-primary.js';
import { serve } from './process/serve.js';
import { workerRole } from './process/worker-role.js';

async function main(): Promise<void> {
  const config = readConfig();
  if (cluster.isWorker) await serve(config, workerRole(config.workers));
  else if (config.workers > 1) await runPrimary(config);
  else await serve(config);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `TrackThatMoney failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
