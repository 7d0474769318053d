import { describe, expect, it } from 'vitest';
import { JsonCache } from './json-cache.js';

describe('JsonCache', () => {
  it('computes a key once and then answers from memory', async () => {
    const cache = new JsonCache(1000);
    let computed = 0;
    const compute = () => {
      computed += 1;
      return Promise.resolve('{"a":1}');
    };
    const first = await cache.getOrCompute('k', compute);
    expect(first.toString('utf8')).toBe('{"a":1}');
    // The very bytes kept are sent again: nothing is encoded twice.
    expect(await cache.getOrCompute('k', compute)).toBe(first);
    expect(computed).toBe(1);
  });

  it('keeps text as UTF-8 bytes and counts their size, not the number of characters', async () => {
    const cache = new JsonCache(10);
    const body = await cache.getOrCompute('k', () => Promise.resolve('"café ☕"'));
    expect(body.toString('utf8')).toBe('"café ☕"');
    // Eight characters, eleven bytes: with the one-character key, over a budget of 10.
    expect(body).toHaveLength(11);
    expect(cache.size).toBe(0);
  });

  it('drops the least recently used entries once the byte budget is exceeded', async () => {
    const cache = new JsonCache(25);
    const body = (text: string) => () => Promise.resolve(text);
    await cache.getOrCompute('a', body('x'.repeat(9)));
    await cache.getOrCompute('b', body('y'.repeat(9)));
    await cache.getOrCompute('a', body('unused'));
    await cache.getOrCompute('c', body('z'.repeat(9)));
    expect(cache.size).toBe(2);
    // 'b' was the least recently used, so it is the one recomputed.
    expect((await cache.getOrCompute('b', body('again'))).toString('utf8')).toBe('again');
    expect((await cache.getOrCompute('c', body('unused'))).toString('utf8')).toBe('z'.repeat(9));
  });

  it('never keeps a body larger than the whole budget, and keeps nothing when compute fails', async () => {
    const cache = new JsonCache(10);
    expect(await cache.getOrCompute('big', () => Promise.resolve('x'.repeat(50)))).toHaveLength(50);
    await expect(cache.getOrCompute('bad', () => Promise.reject(new Error('nope')))).rejects.toThrow('nope');
    expect(cache.size).toBe(0);
  });
});
