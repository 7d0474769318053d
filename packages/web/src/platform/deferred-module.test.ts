import { describe, expect, it } from 'vitest';
import { deferredModule } from './deferred-module.js';

describe('deferredModule', () => {
  it('imports once, shares the import in flight, and reads the module synchronously once it has arrived', async () => {
    let imports = 0;
    const deferred = deferredModule(() => {
      imports += 1;
      return Promise.resolve({ Banner: 'banner' });
    });
    expect(deferred.current()).toBeUndefined();
    const [first, second] = await Promise.all([deferred.load(), deferred.load()]);
    expect(first).toBe(second);
    expect(deferred.current()).toBe(first);
    await deferred.load();
    expect(imports).toBe(1);
  });

  it('tries again after a failed import (offline before the file was cached), instead of keeping the failure', async () => {
    let attempt = 0;
    const deferred = deferredModule(() => {
      attempt += 1;
      return attempt === 1 ? Promise.reject(new TypeError('Failed to fetch')) : Promise.resolve({ ok: true });
    });
    await expect(deferred.load()).rejects.toThrow('Failed to fetch');
    expect(deferred.current()).toBeUndefined();
    await expect(deferred.load()).resolves.toEqual({ ok: true });
    expect(deferred.current()).toEqual({ ok: true });
    expect(attempt).toBe(2);
  });
});
