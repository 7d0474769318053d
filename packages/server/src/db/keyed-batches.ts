/**
 * Hands `run` what was queued under a key, a batch at a time. `run` must settle every item it is
 * given (items carry their own callbacks) and must not reject.
 */
export type BatchRunner<T> = (key: string, batch: T[]) => Promise<void>;

/** Queues an item under a key; `run` gets it with the next batch of that key. */
export type Enqueue<T> = (key: string, item: T) => void;

interface Queue<T> {
  readonly items: T[];
  scheduled: boolean;
  running: boolean;
}

/**
 * Per-key batching for the write path. Each key has at most one batch in flight: items that
 * arrive while it runs wait and form the next one, so under load a batch holds what arrived
 * during the one before it. A batch starts in a `setImmediate`, after the event loop has read
 * every request that is ready, so all the items those requests queue join it. Keys are
 * independent: batches of different keys run at the same time. A key whose queue is empty and
 * idle is forgotten.
 */
export function keyedBatches<T>(run: BatchRunner<T>, maxBatch = Number.POSITIVE_INFINITY): Enqueue<T> {
  const queues = new Map<string, Queue<T>>();

  function start(key: string, queue: Queue<T>): void {
    queue.scheduled = false;
    queue.running = true;
    const batch = queue.items.splice(0, maxBatch);
    void run(key, batch).finally(() => {
      queue.running = false;
      if (queue.items.length > 0) schedule(key, queue);
      else queues.delete(key);
    });
  }

  function schedule(key: string, queue: Queue<T>): void {
    queue.scheduled = true;
    setImmediate(() => {
      start(key, queue);
    });
  }

  return (key, item) => {
    let queue = queues.get(key);
    if (queue === undefined) {
      queue = { items: [], scheduled: false, running: false };
      queues.set(key, queue);
    }
    queue.items.push(item);
    if (!queue.scheduled && !queue.running) schedule(key, queue);
  };
}
