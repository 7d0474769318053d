import { localeWarmUps } from '../locale/warm-formats.js';
import { inSeparateTasks } from '../platform/scheduling.js';
import { prepareReceipts } from '../features/receipts/index.js';
import type { Services } from '../session/services.js';

/**
 * A returning user's first screen is the history, which formats amounts and dates and marks the
 * rows with receipts: the locale data and the receipt store load in tasks of their own while the
 * history is read from the local store. The sign-in screen needs neither, so a new visitor's
 * first load does not pay for them.
 */
export function prepareFirstScreen(services: Services): void {
  if (services.session.getState().status !== 'signed-in') return;
  inSeparateTasks([
    ...localeWarmUps,
    () => {
      prepareReceipts(services);
    },
  ]);
}
