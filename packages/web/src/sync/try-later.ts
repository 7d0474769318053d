/**
 * Whether an HTTP answer means "not now" rather than "no": the session needs refreshing (401), the
 * rate limit was reached (429) or the server failed (5xx). Work that met one stays queued for a
 * later round; any other refusal is final.
 */
export function answeredTryLater(status: number): boolean {
  return status === 401 || status === 429 || status >= 500;
}
