import type { Redis } from 'ioredis';
import type { WindowCounter, WindowHit } from './window-counter.js';

/**
 * INCR and the window's expiry in one script, so every process sees one count per key and a
 * window always ends: a key left without an expiry (by anything) gets one on its next hit.
 */
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  return {count, tonumber(ARGV[1])}
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

/** Counters shared by every process that uses the same Redis (and key prefix). */
export class RedisWindowCounter implements WindowCounter {
  /** `namespace` keeps this counter's keys apart from other counters' on the same client. */
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
  ) {}

  async hit(key: string, windowMs: number): Promise<WindowHit> {
    const reply = await this.redis.eval(HIT_SCRIPT, 1, this.namespace + key, Math.max(1, Math.trunc(windowMs)));
    if (!Array.isArray(reply) || typeof reply[0] !== 'number' || typeof reply[1] !== 'number') {
      throw new Error('unexpected reply from the rate-limit script');
    }
    return { count: reply[0], resetInMs: reply[1] };
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(this.namespace + key);
  }
}
