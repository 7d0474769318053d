import autocannon from 'autocannon';

export interface LoadRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly total: number;
  /** Bytes received per answer, headers included: the answers' size as sent on the wire. */
  readonly bytesPerAnswer: number;
  /** Responses that were not 2xx, and socket errors or timeouts: any of these spoils the figure. */
  readonly failures: number;
}

/**
 * Drives `connections` keep-alive connections at `origin` for `seconds`, cycling through
 * `requests` (several accounts' tokens, for instance). The figures are autocannon's.
 */
export async function runLoad(
  origin: string,
  requests: readonly LoadRequest[],
  options: { readonly connections: number; readonly seconds: number },
): Promise<LoadResult> {
  const result = await autocannon({
    url: origin,
    connections: options.connections,
    duration: options.seconds,
    requests: requests.map((request) => ({
      method: request.method,
      path: request.path,
      headers: { ...(request.body ? { 'content-type': 'application/json' } : {}), ...request.headers },
      ...(request.body ? { body: request.body } : {}),
    })),
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    bytesPerAnswer: result.throughput.total / Math.max(1, result.requests.total),
    failures: result.non2xx + result.errors + result.timeouts,
  };
}
