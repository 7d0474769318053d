/**
 * The item at the middle of `items` ordered by `key` (the upper of the middle two for an even
 * count), so every figure reported with it comes from one run; undefined when there is none.
 */
export function medianBy<T>(items: readonly T[], key: (item: T) => number): T | undefined {
  return [...items].sort((a, b) => key(a) - key(b))[Math.floor(items.length / 2)];
}
