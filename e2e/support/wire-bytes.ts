import type { Page } from 'playwright-core';

/** One response as Chromium received it from the network. */
export interface WireResponse {
  readonly path: string;
  /** Chromium's resource type: Document, Script, Stylesheet, Fetch... */
  readonly type: string;
  readonly status: number;
  readonly contentEncoding: string | null;
  /** Bytes received for the response, headers included, as the network delivered them. */
  readonly bytes: number;
}

export interface WireRecorder {
  /** Responses that have finished loading so far. */
  finished(): WireResponse[];
  stop(): Promise<void>;
}

/**
 * Records what the page receives over the network through the DevTools protocol (the encoded
 * length of every finished response), with the HTTP cache off, so each response is counted as
 * sent rather than estimated from the files.
 */
export async function recordWireBytes(page: Page): Promise<WireRecorder> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const received = new Map<string, Omit<WireResponse, 'bytes'>>();
  const finished: WireResponse[] = [];
  cdp.on('Network.responseReceived', (event) => {
    const encoding = Object.entries(event.response.headers).find(([name]) => name.toLowerCase() === 'content-encoding');
    received.set(event.requestId, {
      path: new URL(event.response.url).pathname,
      type: event.type,
      status: event.response.status,
      contentEncoding: encoding?.[1] ?? null,
    });
  });
  cdp.on('Network.loadingFinished', (event) => {
    const response = received.get(event.requestId);
    if (response) finished.push({ ...response, bytes: event.encodedDataLength });
  });
  return {
    finished: () => [...finished],
    stop: () => cdp.detach(),
  };
}

export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/** Sum of the bytes of the given responses. */
export function totalBytes(responses: readonly WireResponse[]): number {
  return responses.reduce((sum, response) => sum + response.bytes, 0);
}
