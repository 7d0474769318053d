import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildApp, type WorkerRole } from '../app.js';
import type { Config } from '../config.js';
import { createDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';

/** The web client built next to this package (packages/web/dist), if it was built. */
function defaultWebDist(): string | null {
  const path = fileURLToPath(new URL('../../../web/dist', import.meta.url));
  return existsSync(path) ? path : null;
}

/** The address to print: a server on every interface is reached through localhost. */
export function readyUrl(host: string, port: number): string {
  return `http://${host === '0.0.0.0' ? 'localhost' : host}:${String(port)}`;
}

/**
 * Runs one server process until SIGTERM or SIGINT, which let in-flight requests finish. Alone it
 * migrates the database and says when it is ready; as a worker the primary did and does both.
 */
export async function serve(config: Config, worker?: WorkerRole): Promise<void> {
  const database = createDatabase(config.databaseUrl);
  if (worker === undefined) await migrateToLatest(database.db);
  const app = await buildApp({
    config: { ...config, webDist: config.webDist ?? defaultWebDist() },
    database,
    ...(worker ? { worker } : {}),
  });
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
  if (worker === undefined) {
    app.log.info(`TrackThatMoney is ready: ${readyUrl(config.host, config.port)} (API docs at /docs)`);
  }
}
