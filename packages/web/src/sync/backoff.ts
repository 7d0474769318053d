/** First retry after a failed sync, doubled per further failure up to the cap. */
export const RETRY_BASE_MS = 1000;
export const RETRY_MAX_MS = 5 * 60_000;

/**
 * Exponential backoff with "full jitter" halved: between half and all of min(cap, base * 2^(n-1)),
 * so devices that lost the server together do not all come back in the same second.
 * `failures` counts consecutive failures (1 after the first); `random` is in [0, 1).
 */
export function retryDelay(failures: number, random: number): number {
  const ceiling = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}
