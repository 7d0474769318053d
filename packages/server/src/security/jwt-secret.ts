import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Development convenience: without JWT_SECRET a random secret is generated once and kept in
 * the data directory (mode 0600), so sessions survive restarts. Production refuses to start
 * without JWT_SECRET (see config.ts).
 */
export function loadOrCreateJwtSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (Buffer.byteLength(existing) >= 32) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  const exists = existsSync(file);
  try {
    // A file too short to be a secret is replaced; otherwise only created, never overwritten, so two
    // processes starting at once (workers, a second instance) cannot end up with different secrets:
    // the one that loses the race reads the winner's.
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: exists ? 'w' : 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readFileSync(file, 'utf8').trim();
  }
  return secret;
}
