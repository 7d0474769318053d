import { formatDay, formatMonth } from './date-format.js';

/**
 * Builds the default locale's number and date formatters ahead of the first screen that needs
 * them, one step per formatter so each can run in a task of its own. The page's first Intl call
 * loads the browser's ICU locale data, about 40 ms on a desktop core and four times that on a
 * phone; made on its own, while the history is still being read from IndexedDB, it no longer
 * lengthens the task that renders the list, and the date formatters no longer lengthen it either.
 *
 * That first call is itself two loads of about the same size, which the first two steps make
 * apart: the locale's likely-subtags data (`maximize`), then the list of locales number
 * formatting supports. After them the first number formatter takes under a millisecond.
 */
export const localeWarmUps: readonly (() => void)[] = [
  () => new Intl.Locale(navigator.language).maximize(),
  () => Intl.NumberFormat.supportedLocalesOf(navigator.language),
  () => (0).toLocaleString(),
  () => formatMonth('2000-01'),
  () => formatDay('2000-01-01'),
];
