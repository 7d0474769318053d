import { request } from 'node:http';

/** Statuses whose response may not have a body (the Fetch standard's null body statuses). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * A `fetch` for plain HTTP whose connections leave from `localAddress` (any of 127.0.0.0/8 on
 * Linux reaches a server on 127.0.0.1), so the server sees requests from that client address:
 * the bench signs people up from several addresses, as a household's members would from their
 * own networks, each address within the default per-address sign-up budget. Node's own `fetch`
 * cannot pick the local address without the undici package.
 *
 * It does not decode compressed bodies: it sends no `Accept-Encoding` unless the caller does, and
 * our server compresses only when asked, so an encoded answer is refused rather than misread.
 */
export function fetchFromAddress(localAddress: string): typeof fetch {
  return async (input, init) => {
    const outgoing = new Request(input, init);
    const body = outgoing.body === null ? undefined : Buffer.from(await outgoing.arrayBuffer());
    return new Promise<Response>((resolve, reject) => {
      const sent = request(
        outgoing.url,
        {
          method: outgoing.method,
          headers: Object.fromEntries(outgoing.headers),
          localAddress,
          signal: outgoing.signal,
        },
        (incoming) => {
          const encoding = incoming.headers['content-encoding'];
          if (encoding !== undefined && encoding !== 'identity') {
            incoming.destroy();
            reject(new Error(`fetchFromAddress does not decode ${encoding} bodies`));
            return;
          }
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('error', reject);
          incoming.on('end', () => {
            const status = incoming.statusCode ?? 0;
            const headers = new Headers();
            for (const [name, value] of Object.entries(incoming.headers)) {
              for (const one of Array.isArray(value) ? value : [value])
                if (one !== undefined) headers.append(name, one);
            }
            resolve(new Response(NULL_BODY_STATUSES.has(status) ? null : Buffer.concat(chunks), { status, headers }));
          });
        },
      );
      sent.on('error', reject);
      sent.end(body);
    });
  };
}
