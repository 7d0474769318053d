import { describe, expect, it } from 'vitest';
import { FallbackWindowCounter, type OutageReporter } from './fallback-window-counter.js';
import { LoginThrottle } from './login-throttle.js';
import { MemoryWindowCounter, type WindowCounter, type WindowHit } from './window-counter.js';

function manualClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

class UnreachableCounter implements WindowCounter {
  hit(): Promise<WindowHit> {
    return Promise.reject(new Error('connect ECONNREFUSED'));
  }
  reset(): Promise<void> {
    return Promise.reject(new Error('connect ECONNREFUSED'));
  }
}

function recordingReporter() {
  const events: string[] = [];
  const reporter: OutageReporter = {
    failed: () => events.push('failed'),
    succeeded: () => events.push('succeeded'),
  };
  return { events, reporter };
}

describe('MemoryWindowCounter', () => {
  it('counts hits inside a window and starts from one once the window has ended', async () => {
    const clock = manualClock();
    const counter = new MemoryWindowCounter(clock.now);
    expect(await counter.hit('k', 1000)).toEqual({ count: 1, resetInMs: 1000 });
    clock.advance(400);
    expect(await counter.hit('k', 1000)).toEqual({ count: 2, resetInMs: 600 });
    expect(await counter.hit('other', 1000)).toEqual({ count: 1, resetInMs: 1000 });
    clock.advance(600);
    expect(await counter.hit('k', 1000)).toEqual({ count: 1, resetInMs: 1000 });
  });

  it('forgets a key on reset', async () => {
    const counter = new MemoryWindowCounter();
    await counter.hit('k', 60_000);
    await counter.reset('k');
    expect((await counter.hit('k', 60_000)).count).toBe(1);
  });

  it('keeps at most maxKeys windows, dropping ended ones first and then the oldest', async () => {
    const clock = manualClock();
    const counter = new MemoryWindowCounter(clock.now, 2);
    await counter.hit('short', 10);
    await counter.hit('old', 60_000);
    clock.advance(20);
    await counter.hit('old', 60_000);
    await counter.hit('new', 60_000);
    // 'short' had ended, so 'old' keeps its count.
    expect((await counter.hit('old', 60_000)).count).toBe(3);
    await counter.hit('newest', 60_000);
    // Over the bound with no ended window: the oldest ('old') went.
    expect((await counter.hit('old', 60_000)).count).toBe(1);
  });
});

describe('FallbackWindowCounter', () => {
  it('counts in this process while the shared counter fails, and reports the failure', async () => {
    const { events, reporter } = recordingReporter();
    const counter = new FallbackWindowCounter(new UnreachableCounter(), new MemoryWindowCounter(), reporter);
    expect((await counter.hit('k', 60_000)).count).toBe(1);
    expect((await counter.hit('k', 60_000)).count).toBe(2);
    await counter.reset('k');
    expect((await counter.hit('k', 60_000)).count).toBe(1);
    expect(events).toEqual(['failed', 'failed', 'failed', 'failed']);
  });

  it('uses the shared counter while it answers and reports each success', async () => {
    const { events, reporter } = recordingReporter();
    const shared = new MemoryWindowCounter();
    const counter = new FallbackWindowCounter(shared, new MemoryWindowCounter(), reporter);
    await counter.hit('k', 60_000);
    expect((await shared.hit('k', 60_000)).count).toBe(2);
    expect(events).toEqual(['succeeded']);
  });
});

describe('LoginThrottle', () => {
  it('lets the budget of attempts through, then asks to wait until the window ends', async () => {
    const clock = manualClock();
    const throttle = new LoginThrottle(new MemoryWindowCounter(clock.now), 3, 15 * 60_000);
    for (let i = 0; i < 3; i += 1) expect(await throttle.attempt('a@example.com')).toBe(0);
    clock.advance(60_000);
    expect(await throttle.attempt('a@example.com')).toBe(14 * 60);
    expect(await throttle.attempt('b@example.com')).toBe(0);
    clock.advance(14 * 60_000);
    expect(await throttle.attempt('a@example.com')).toBe(0);
  });

  it('forgives earlier failures after a successful sign-in', async () => {
    const throttle = new LoginThrottle(new MemoryWindowCounter(), 2, 60_000);
    expect(await throttle.attempt('a@example.com')).toBe(0);
    expect(await throttle.attempt('a@example.com')).toBe(0);
    await throttle.succeeded('a@example.com');
    expect(await throttle.attempt('a@example.com')).toBe(0);
    expect(await throttle.attempt('a@example.com')).toBe(0);
    expect(await throttle.attempt('a@example.com')).toBeGreaterThan(0);
  });
});
