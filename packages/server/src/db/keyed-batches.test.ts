import { setImmediate as turn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { keyedBatches } from './keyed-batches.js';

/** A runner that records each batch and finishes it only when the test says so. */
function recordingRunner() {
  const batches: { key: string; items: number[]; finish: () => void }[] = [];
  const run = (key: string, items: number[]) =>
    new Promise<void>((resolve) => {
      batches.push({ key, items, finish: resolve });
    });
  return { batches, run };
}

describe('keyedBatches', () => {
  it('items queued in one turn of the event loop form one batch, in the order they came', async () => {
    const { batches, run } = recordingRunner();
    const enqueue = keyedBatches(run);
    for (const item of [1, 2, 3]) enqueue('w', item);
    expect(batches).toHaveLength(0);
    await turn();
    expect(batches.map((batch) => batch.items)).toEqual([[1, 2, 3]]);
  });

  it('one batch per key at a time: what arrives while it runs waits and forms the next batch', async () => {
    const { batches, run } = recordingRunner();
    const enqueue = keyedBatches(run);
    enqueue('w', 1);
    await turn();
    enqueue('w', 2);
    enqueue('w', 3);
    await turn();
    await turn();
    expect(batches.map((batch) => batch.items)).toEqual([[1]]);
    batches[0]?.finish();
    await turn();
    await turn();
    expect(batches.map((batch) => batch.items)).toEqual([[1], [2, 3]]);
  });

  it('batches of different keys run at the same time', async () => {
    const { batches, run } = recordingRunner();
    const enqueue = keyedBatches(run);
    enqueue('a', 1);
    enqueue('b', 2);
    enqueue('a', 3);
    await turn();
    expect(batches.map((batch) => [batch.key, batch.items])).toEqual([
      ['a', [1, 3]],
      ['b', [2]],
    ]);
  });

  it('a batch holds at most maxBatch items; the rest follow in the next one', async () => {
    const { batches, run } = recordingRunner();
    const enqueue = keyedBatches(run, 2);
    for (const item of [1, 2, 3, 4, 5]) enqueue('w', item);
    await turn();
    expect(batches.map((batch) => batch.items)).toEqual([[1, 2]]);
    batches[0]?.finish();
    await turn();
    await turn();
    batches[1]?.finish();
    await turn();
    await turn();
    expect(batches.map((batch) => batch.items)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('a key whose batch finished with nothing waiting starts afresh with the next item', async () => {
    const { batches, run } = recordingRunner();
    const enqueue = keyedBatches(run);
    enqueue('w', 1);
    await turn();
    batches[0]?.finish();
    await turn();
    await turn();
    expect(batches).toHaveLength(1);
    enqueue('w', 2);
    await turn();
    expect(batches.map((batch) => batch.items)).toEqual([[1], [2]]);
  });
});
