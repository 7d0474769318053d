import { MessageChannel as PortPair, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { type MessageChannel, serveSharedCounters, SharedCounterClient } from './shared-window-counter.js';
import { MemoryWindowCounter } from './window-counter.js';

const open: MessagePort[] = [];

/** A real message channel (structured clone, asynchronous delivery), as IPC between processes is. */
function channelPair(): [MessageChannel, MessageChannel] {
  const { port1, port2 } = new PortPair();
  open.push(port1, port2);
  const end = (port: MessagePort): MessageChannel => ({
    send: (message) => {
      port.postMessage(message);
    },
    on: (_event, listener) => port.on('message', listener),
  });
  return [end(port1), end(port2)];
}

/** A primary with one counter and a client per worker. */
function workers(count: number) {
  const counter = new MemoryWindowCounter();
  return Array.from({ length: count }, () => {
    const [primaryEnd, workerEnd] = channelPair();
    serveSharedCounters(primaryEnd, counter);
    return new SharedCounterClient(workerEnd);
  });
}

afterEach(() => {
  for (const port of open.splice(0)) port.close();
});

describe('counters shared between worker processes', () => {
  it('counts concurrent hits from several workers exactly once each, in one window', async () => {
    const [a, b] = workers(2).map((client) => client.counter('login:'));
    if (a === undefined || b === undefined) throw new Error('two workers expected');
    const hits = await Promise.all(Array.from({ length: 20 }, (_, n) => (n % 2 === 0 ? a : b).hit('ann', 60_000)));
    expect(hits.map((hit) => hit.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, n) => n + 1));
    for (const hit of hits) expect(hit.resetInMs).toBeGreaterThan(59_000);
  });

  it('lets a reset by one worker clear the count the other worker sees', async () => {
    const [a, b] = workers(2).map((client) => client.counter('login:'));
    if (a === undefined || b === undefined) throw new Error('two workers expected');
    await a.hit('ann', 60_000);
    await b.hit('ann', 60_000);
    await b.reset('ann');
    expect((await a.hit('ann', 60_000)).count).toBe(1);
  });

  it('keeps counters under different prefixes and keys apart', async () => {
    const [client] = workers(1);
    if (client === undefined) throw new Error('one worker expected');
    const login = client.counter('login:');
    const routes = client.counter('route:');
    await login.hit('ann', 60_000);
    await login.hit('ann', 60_000);
    expect((await routes.hit('ann', 60_000)).count).toBe(1);
    expect((await login.hit('bob', 60_000)).count).toBe(1);
    expect((await login.hit('ann', 60_000)).count).toBe(3);
  });

  it('fails a hit at once when the channel to the primary is closed', async () => {
    const client = new SharedCounterClient({
      send: () => {
        throw Object.assign(new Error('Channel closed'), { code: 'ERR_IPC_CHANNEL_CLOSED' });
      },
      on: () => undefined,
    });
    await expect(client.counter('login:').hit('ann', 60_000)).rejects.toThrow(/Channel closed/);
  });
});
