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
    expect(await cache.getOrCompute('k', compute)).toBe('{"a":1}');
    expect(await cache.getOrCompute('k', compute)).toBe('{"a":1}');
    expect(computed).toBe(1);
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
    expect(await cache.getOrCompute('b', body('again'))).toBe('again');
    expect(await cache.getOrCompute('c', body('unused'))).toBe('z'.repeat(9));
  });

  it('never keeps a body larger than the whole budget, and keeps nothing when compute fails', async () => {
    const cache = new JsonCache(10);
    expect(await cache.getOrCompute('big', () => Promise.resolve('x'.repeat(50)))).toHaveLength(50);
    await expect(cache.getOrCompute('bad', () => Promise.reject(new Error('nope')))).rejects.toThrow('nope');
    expect(cache.size).toBe(0);
  });
});
