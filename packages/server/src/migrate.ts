import { readConfig } from './config.js';
import { createDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrator.js';

const database = createDatabase(readConfig().databaseUrl);
try {
  const applied = await migrateToLatest(database.db);
  process.stdout.write(applied.length > 0 ? `Applied: ${applied.join(', ')}\n` : 'Database is up to date\n');
} finally {
  await database.destroy();
}
