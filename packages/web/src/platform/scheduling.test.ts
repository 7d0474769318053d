import { afterEach, describe, expect, it, vi } from 'vitest';
import { inSeparateTasks, nextTask, whenIdle } from './scheduling.js';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('inSeparateTasks', () => {
  it('runs the steps in order, each after the one before has finished with its microtasks', async () => {
    const log: string[] = [];
    inSeparateTasks([
      () => {
        log.push('first');
        queueMicrotask(() => log.push('first, its microtask'));
      },
      () => log.push('second'),
      () => log.push('third'),
    ]);
    expect(log).toEqual([]);
    await vi.waitFor(() => {
      expect(log).toHaveLength(4);
    });
    expect(log).toEqual(['first', 'first, its microtask', 'second', 'third']);
  });

  it('lets a task queued meanwhile run between two steps', async () => {
    const log: string[] = [];
    inSeparateTasks([
      () => {
        log.push('first');
        setTimeout(() => log.push('other task'), 0);
      },
      () => log.push('second'),
    ]);
    await vi.waitFor(() => {
      expect(log).toHaveLength(3);
    });
    expect(log).toEqual(['first', 'other task', 'second']);
  });
});

describe('nextTask', () => {
  it('resolves after the tasks already queued', async () => {
    const log: string[] = [];
    setTimeout(() => log.push('queued before'), 0);
    await nextTask();
    expect(log).toEqual(['queued before']);
  });
});

describe('whenIdle', () => {
  it('hands the task to requestIdleCallback with the deadline, and cancels it there', () => {
    const requestIdleCallback = vi.fn((_task: () => void, _options?: IdleRequestOptions) => 7);
    const cancelIdleCallback = vi.fn();
    vi.stubGlobal('requestIdleCallback', requestIdleCallback);
    vi.stubGlobal('cancelIdleCallback', cancelIdleCallback);
    const task = vi.fn();

    const cancel = whenIdle(task, 2000);
    expect(requestIdleCallback).toHaveBeenCalledWith(task, { timeout: 2000 });
    expect(task).not.toHaveBeenCalled();
    cancel();
    expect(cancelIdleCallback).toHaveBeenCalledWith(7);
  });

  it('without requestIdleCallback (Safari) waits the fallback delay instead, and can be cancelled', () => {
    // The suite runs in Node, which has no requestIdleCallback, like Safari.
    expect('requestIdleCallback' in globalThis).toBe(false);
    vi.useFakeTimers();
    const task = vi.fn();
    whenIdle(task, 2000, 200);
    vi.advanceTimersByTime(199);
    expect(task).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(task).toHaveBeenCalledOnce();

    const cancelled = vi.fn();
    const cancel = whenIdle(cancelled, 2000, 200);
    cancel();
    vi.advanceTimersByTime(1000);
    expect(cancelled).not.toHaveBeenCalled();
  });
});
