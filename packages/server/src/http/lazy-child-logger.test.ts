import { Writable } from 'node:stream';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { LazyChildLogger, lazyChildLogger } from './lazy-child-logger.js';

function capturedLogger(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().trim().split('\n')) lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  const logger = pino({ level }, stream);
  const child = vi.spyOn(logger, 'child');
  return { logger: logger as FastifyBaseLogger, lines, child };
}

describe('LazyChildLogger', () => {
  it('makes its pino child on the first line, once, and writes every line with its bindings', () => {
    const { logger, lines, child } = capturedLogger();
    const lazy = new LazyChildLogger(logger, { reqId: 'r-1' }, {});
    expect(child).not.toHaveBeenCalled();
    lazy.warn({ detail: 1 }, 'first');
    lazy.info('second %s', 'line');
    lazy.debug('below the level');
    expect(child).toHaveBeenCalledTimes(1);
    expect(lines.map((line) => [line['reqId'], line['msg'], line['detail']])).toEqual([
      ['r-1', 'first', 1],
      ['r-1', 'second line', undefined],
    ]);
  });

  it('has the parent’s level or the one its options give, read without making the child, and its own once set', () => {
    const { logger, child } = capturedLogger('warn');
    const lazy = new LazyChildLogger(logger, { reqId: 'r-2' }, {});
    expect(lazy.level).toBe('warn');
    expect(new LazyChildLogger(logger, { reqId: 'r-3' }, { level: 'error' }).level).toBe('error');
    expect(child).not.toHaveBeenCalled();
    lazy.level = 'debug';
    expect(lazy.level).toBe('debug');
    expect(logger.level).toBe('warn');
  });

  it('gives Fastify requests a logger that is only made when a request logs', async () => {
    const { logger, lines, child } = capturedLogger();
    const app = Fastify({ loggerInstance: logger, childLoggerFactory: lazyChildLogger, disableRequestLogging: true });
    app.get('/quiet', () => ({ ok: true }));
    app.get('/loud', (request) => {
      request.log.warn({ reason: 'test' }, 'something to say');
      return { ok: true };
    });
    await app.ready();
    child.mockClear();
    await app.inject({ url: '/quiet', headers: { 'request-id': 'q' } });
    expect(child).not.toHaveBeenCalled();
    const loud = await app.inject({ url: '/loud' });
    expect(loud.statusCode).toBe(200);
    expect(child).toHaveBeenCalledTimes(1);
    expect(lines.filter((line) => line['msg'] === 'something to say')).toEqual([
      expect.objectContaining({ reqId: expect.any(String) as unknown, reason: 'test', level: 40 }),
    ]);
    await app.close();
  });
});
