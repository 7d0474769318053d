/** Current time in milliseconds; injected so expiry rules can be tested without waiting. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}
