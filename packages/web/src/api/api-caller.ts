import type { CallOptions, Endpoint, EndpointInput, EndpointOutput } from '@ttm/contract';

/** What the data layer needs from the network: one typed call as the signed-in user. */
export interface ApiCaller {
  call<E extends Endpoint>(endpoint: E, input: EndpointInput<E>, options?: CallOptions): Promise<EndpointOutput<E>>;
}
