import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, MAX_AUTO_WORKERS, readConfig } from './config.js';

const SECRET = 'x'.repeat(32);

describe('readConfig', () => {
  it('uses documented defaults: 127.0.0.1:8000, SQLite in ./data, no CORS origins', () => {
    const config = readConfig({});
    expect(config).toMatchObject({
      env: 'development',
      host: '127.0.0.1',
      port: 8000,
      databaseUrl: 'sqlite:./data/trackthatmoney.db',
      dataDir: './data',
      jwtSecret: null,
      corsOrigins: [],
      logLevel: 'info',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('refuses to start in production without JWT_SECRET', () => {
    expect(() => readConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: required when NODE_ENV=production/);
    expect(readConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET }).jwtSecret).toBe(SECRET);
  });

  it('refuses a JWT_SECRET shorter than 32 bytes', () => {
    expect(() => readConfig({ JWT_SECRET: 'short' })).toThrow(ConfigError);
  });

  it('reports every invalid variable at once with its name', () => {
    try {
      readConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', CORS_ORIGINS: 'not a url' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'CORS_ORIGINS']) expect(message).toContain(name);
    }
  });

  it('parses CORS_ORIGINS as a comma-separated allow-list and treats empty variables as unset', () => {
    const config = readConfig({ CORS_ORIGINS: 'https://a.example, https://b.example', PORT: '' });
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.port).toBe(8000);
  });

  it('keeps rate limits in memory without REDIS_URL and shares them under the ttm:rl: prefix with it', () => {
    expect(readConfig({}).redis).toBeNull();
    expect(readConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).redis).toEqual({
      url: 'redis://127.0.0.1:6379',
      keyPrefix: 'ttm:rl:',
    });
    expect(readConfig({ REDIS_URL: 'rediss://cache.example:6380', REDIS_KEY_PREFIX: 'home:' }).redis).toEqual({
      url: 'rediss://cache.example:6380',
      keyPrefix: 'home:',
    });
    expect(() => readConfig({ REDIS_URL: '127.0.0.1:6379' })).toThrow(/REDIS_URL: must be redis:\/\//);
  });

  it('starts one worker per core up to a bound by default, and takes an explicit count', () => {
    expect(readConfig({}).workers).toBe(Math.min(availableParallelism(), MAX_AUTO_WORKERS));
    expect(readConfig({ WORKERS: 'auto' }).workers).toBe(Math.min(availableParallelism(), MAX_AUTO_WORKERS));
    expect(readConfig({ WORKERS: '1' }).workers).toBe(1);
    expect(readConfig({ WORKERS: '8' }).workers).toBe(8);
    for (const bad of ['0', '-1', '1.5', 'many', '65'])
      expect(() => readConfig({ WORKERS: bad }), bad).toThrow(/WORKERS: must be auto or a whole number/);
  });

  it('runs an in-memory SQLite database in one process and refuses more workers for it', () => {
    expect(readConfig({ DATABASE_URL: 'sqlite::memory:' }).workers).toBe(1);
    expect(() => readConfig({ DATABASE_URL: 'sqlite::memory:', WORKERS: '2' })).toThrow(
      /WORKERS: must be 1 with DATABASE_URL=sqlite::memory:/,
    );
  });
});
