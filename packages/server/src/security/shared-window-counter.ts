import type { MemoryWindowCounter, WindowCounter, WindowHit } from './window-counter.js';

/**
 * Counters that several worker processes share through the process that started them (node:cluster
 * IPC): the primary keeps one MemoryWindowCounter and answers each worker's hits and resets in the
 * order they arrive, so a budget is exact across workers, as it is in one process.
 */

const MESSAGE_TYPE = 'ttm:window-counter';

interface CounterRequest {
  readonly type: typeof MESSAGE_TYPE;
  readonly id: number;
  readonly op: 'hit' | 'reset';
  readonly key: string;
  readonly windowMs: number;
}

interface CounterReply {
  readonly type: typeof MESSAGE_TYPE;
  readonly id: number;
  readonly hit?: WindowHit;
  readonly error?: string;
}

/** One end of an IPC channel: `process` in a worker, a cluster `Worker` in the primary. */
export interface MessageChannel {
  send(message: unknown): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

function isOurs(message: unknown): message is { readonly type: typeof MESSAGE_TYPE } {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === MESSAGE_TYPE;
}

/** Primary side: answers one worker's counter requests from `counter`. */
export function serveSharedCounters(channel: MessageChannel, counter: MemoryWindowCounter): void {
  channel.on('message', (message) => {
    if (!isOurs(message)) return;
    const request = message as CounterRequest;
    const done = request.op === 'hit' ? counter.hit(request.key, request.windowMs) : counter.reset(request.key);
    void done.then(
      (hit) => channel.send({ type: MESSAGE_TYPE, id: request.id, ...(hit ? { hit } : {}) } satisfies CounterReply),
      (error: unknown) =>
        channel.send({ type: MESSAGE_TYPE, id: request.id, error: String(error) } satisfies CounterReply),
    );
  });
}

/** Worker side: counters kept by the primary, each under its own key prefix. */
export class SharedCounterClient {
  readonly #pending = new Map<number, { resolve: (hit: WindowHit | undefined) => void; reject: (e: Error) => void }>();
  #nextId = 0;

  constructor(private readonly channel: MessageChannel) {
    channel.on('message', (message) => {
      if (!isOurs(message)) return;
      const reply = message as CounterReply;
      const pending = this.#pending.get(reply.id);
      if (pending === undefined) return;
      this.#pending.delete(reply.id);
      if (reply.error !== undefined) pending.reject(new Error(`shared counter: ${reply.error}`));
      else pending.resolve(reply.hit);
    });
  }

  counter(prefix: string): WindowCounter {
    return {
      hit: async (key, windowMs) => {
        const hit = await this.#ask('hit', prefix + key, windowMs);
        if (hit === undefined) throw new Error('shared counter: a hit was answered without a count');
        return hit;
      },
      reset: async (key) => {
        await this.#ask('reset', prefix + key, 0);
      },
    };
  }

  #ask(op: CounterRequest['op'], key: string, windowMs: number): Promise<WindowHit | undefined> {
    return new Promise((resolve, reject) => {
      const id = this.#nextId++;
      this.#pending.set(id, { resolve, reject });
      try {
        this.channel.send({ type: MESSAGE_TYPE, id, op, key, windowMs } satisfies CounterRequest);
      } catch (error) {
        // The channel is closed: the primary is gone, and this worker is about to exit with it.
        this.#pending.delete(id);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }
}
