/**
 * Hands `run` what was queued under a key, a batch at a time. `run` must settle every item it is
 * given (items carry their own callbacks) and must not reject.
 */
export type BatchRunner<T> = (key: string, batch: T[]) => Promise<void>;

/** Queues an item under a key; `run` gets it with the next batch of that key. */
export type Enqueue<T> = (key: string, item: T) => void;

/**
 * Per-key batching for the write path. Each key has at most one batch in flight: items that
 * arrive while it runs wait and form the next one, so under load a batch holds what arrived
 * during the one before it. A batch starts in a `setImmediate`, after the event loop has read
 * every request that is ready, so all the items those requests queue join it. Keys are
 * independent: batches of different keys run at the same time. A key whose queue is empty and
 * idle is forgotten.
 */
export function keyedBatches<T>(run: BatchRunner<T>, maxBatch = Number.POSITIVE_INFINITY): Enqueue<T> {
  // A key is here exactly while a batch of it is scheduled or running; what is queued meanwhile
  // waits for that batch to finish.
  const waiting = new Map<string, T[]>();

  function schedule(key: string, items: T[]): void {
    setImmediate(() => {
      void run(key, items.splice(0, maxBatch)).finally(() => {
        if (items.length > 0) schedule(key, items);
        else waiting.delete(key);
      });
    });
  }

  return (key, item) => {
    const items = waiting.get(key);
    if (items !== undefined) {
      items.push(item);
      return;
    }
    const first = [item];
    waiting.set(key, first);
    schedule(key, first);
  };
}
