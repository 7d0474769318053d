import { defineConfig } from 'vitest/config';

/** Unit and integration tests of every package; the browser suite lives in e2e/ (npm run e2e). */
export default defineConfig({
  test: {
    projects: ['packages/contract', 'packages/server', 'packages/web'],
  },
});
