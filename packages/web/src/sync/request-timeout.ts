import { NetworkError, type CallOptions, type Endpoint, type EndpointInput, type EndpointOutput } from '@ttm/contract';
import type { ApiCaller } from '../api/api-caller.js';

/**
 * Gives every call at most `timeoutMs`: a request that stalls is aborted and fails as a network
 * error (retried with backoff; pushes are idempotent), so it cannot hold the sync lock forever.
 */
export function withRequestTimeout(api: ApiCaller, timeoutMs: number): ApiCaller {
  return {
    call<E extends Endpoint>(endpoint: E, input: EndpointInput<E>, options?: CallOptions): Promise<EndpointOutput<E>> {
      const controller = new AbortController();
      const signal = options?.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
      return new Promise<EndpointOutput<E>>((resolve, reject) => {
        const timer = setTimeout(() => {
          const error = new NetworkError(new Error(`No answer within ${String(timeoutMs)} ms`));
          controller.abort(error);
          reject(error);
        }, timeoutMs);
        api
          .call(endpoint, input, { ...options, signal })
          .then(resolve, reject)
          .finally(() => {
            clearTimeout(timer);
          });
      });
    },
  };
}
