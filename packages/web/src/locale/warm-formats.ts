import { formatDay, formatMonth } from './date-format.js';

/**
 * Builds the default locale's number and date formatters ahead of the first screen that needs
 * them, one step per formatter so each can run in a task of its own. The page's first Intl call
 * loads the browser's ICU locale data, about 40 ms on a desktop core and four times that on a
 * phone; made on its own, while the history is still being read from IndexedDB, it no longer
 * lengthens the task that renders the list, and the date formatters no longer lengthen it either.
 */
export const localeWarmUps: readonly (() => void)[] = [
  () => (0).toLocaleString(),
  () => formatMonth('2000-01'),
  () => formatDay('2000-01-01'),
];
