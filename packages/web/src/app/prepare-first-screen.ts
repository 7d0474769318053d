import { localeWarmUps } from '../locale/warm-formats.js';
import { inSeparateTasks } from '../platform/scheduling.js';
import type { SessionPort } from '../session/services.js';

/**
 * A returning user's first screen is the history, which formats amounts and dates: the locale
 * data that needs loads in tasks of its own while the history is read from the local store.
 * The sign-in screen formats nothing, so a new visitor's first load does not pay for it.
 */
export function prepareFirstScreen(session: SessionPort): void {
  if (session.getState().status === 'signed-in') inSeparateTasks(localeWarmUps);
}
