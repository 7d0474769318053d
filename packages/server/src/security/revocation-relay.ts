import type { Revocation, RevocationPeers } from './active-sessions.js';
import type { MessageChannel } from './shared-window-counter.js';

/** Session revocations passed between the workers of one server through their primary (IPC). */

const MESSAGE_TYPE = 'ttm:revocation';

interface RevocationMessage {
  readonly type: typeof MESSAGE_TYPE;
  readonly revocation: Revocation;
}

function isRevocation(message: unknown): message is RevocationMessage {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === MESSAGE_TYPE;
}

/** Worker side: tells the primary of this worker's revocations and hears the others'. */
export function revocationPeers(channel: MessageChannel): RevocationPeers {
  return {
    publish: (revocation) => {
      channel.send({ type: MESSAGE_TYPE, revocation } satisfies RevocationMessage);
    },
    subscribe: (listener) => {
      channel.on('message', (message) => {
        if (isRevocation(message)) listener(message.revocation);
      });
    },
  };
}

/** Primary side: passes each revocation a worker makes on to every other worker. */
export function relayRevocations(from: MessageChannel, workers: () => Iterable<MessageChannel>): void {
  from.on('message', (message) => {
    if (!isRevocation(message)) return;
    for (const worker of workers()) if (worker !== from) worker.send(message);
  });
}
