import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.js';
import { ConfigError, readConfig } from './config.js';
import { createDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrator.js';

/** The web client built next to this package (packages/web/dist), if it was built. */
function defaultWebDist(): string | null {
  const path = fileURLToPath(new URL('../../web/dist', import.meta.url));
  return existsSync(path) ? path : null;
}

async function main(): Promise<void> {
  const config = readConfig();
  const database = createDatabase(config.databaseUrl);
  await migrateToLatest(database.db);
  const app = await buildApp({ config: { ...config, webDist: config.webDist ?? defaultWebDist() }, database });
  app.addHook('onClose', () => database.destroy());

  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);

  await app.listen({ host: config.host, port: config.port });
  app.log.info(
    `TrackThatMoney is ready: http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${String(config.port)} (API docs at /docs)`,
  );
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
