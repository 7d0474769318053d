import { defineProject } from 'vitest/config';

/**
 * Browser tests: real Chromium (Debian's /usr/bin/chromium) against the production build of
 * packages/web served by the real server on SQLite. One file at a time; generous timeouts.
 */
export default defineProject({
  root: import.meta.dirname,
  test: {
    name: 'e2e',
    include: ['**/*.e2e.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
