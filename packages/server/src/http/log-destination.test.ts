import { once } from 'node:events';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as turn } from 'node:timers/promises';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { logDestination } from './log-destination.js';

describe('logDestination', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const fileFd = () => {
    const dir = mkdtempSync(join(tmpdir(), 'ttm-log-'));
    dirs.push(dir);
    const path = join(dir, 'server.log');
    return { path, fd: openSync(path, 'w') };
  };

  it('writes every line whole and in order, multi-byte text included, across many buffered writes', async () => {
    const { path, fd } = fileFd();
    const destination = logDestination(fd);
    const log = pino({ base: null, timestamp: false }, destination);
    // Far more than one 4 KB write, with lines yielding to the event loop so that writes are in
    // flight while later lines arrive.
    const notes = Array.from({ length: 3000 }, (_, n) => `café ☕ 💶 ${String(n)} ${'é'.repeat(n % 50)}`);
    for (const [n, note] of notes.entries()) {
      log.info({ n, note }, 'line');
      if (n % 97 === 0) await turn();
    }
    await new Promise<void>((resolve, reject) => {
      destination.flush((error) => {
        if (error) reject(error);
        else resolve();
      });
    });
    destination.end();
    await once(destination, 'close');
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(
      notes.map((note, n) => ({ level: 30, n, note, msg: 'line' })),
    );
  });

  it('holds short lines back until a flush, then writes them', async () => {
    const { path, fd } = fileFd();
    const destination = logDestination(fd);
    const log = pino({ base: null, timestamp: false }, destination);
    log.info('one');
    log.warn('two');
    expect(readFileSync(path, 'utf8')).toBe('');
    destination.flushSync();
    destination.end();
    await once(destination, 'close');
    expect(readFileSync(path, 'utf8')).toBe('{"level":30,"msg":"one"}\n{"level":40,"msg":"two"}\n');
  });
});
