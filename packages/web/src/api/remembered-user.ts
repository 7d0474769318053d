import type { User } from '@ttm/contract';

const KEY = 'ttm.user';

function isUser(value: unknown): value is User {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.id === 'string' && typeof record.email === 'string' && typeof record.createdAt === 'string';
}

/**
 * The last signed-in user (id and email only, never a token), so the app can open that
 * user's local data at once on start, before the network answers, and when offline.
 * Checked by hand rather than with zod: this runs on the first screen, before zod loads.
 */
export function readRememberedUser(storage: Storage | undefined): User | null {
  const raw = storage?.getItem(KEY);
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isUser(parsed) ? { id: parsed.id, email: parsed.email, createdAt: parsed.createdAt } : null;
  } catch {
    return null;
  }
}

export function rememberUser(storage: Storage | undefined, user: User | null): void {
  if (!storage) return;
  if (user) storage.setItem(KEY, JSON.stringify(user));
  else storage.removeItem(KEY);
}
