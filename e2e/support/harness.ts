import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from './browser.js';
import { startTestServer, type TestServer } from './test-server.js';

export interface Harness {
  readonly server: TestServer;
  readonly browser: Browser;
}

/**
 * One real server (fresh SQLite, production web build) and one Chromium per spec file: started
 * before the file's tests, stopped after them. Read its fields inside tests and hooks only.
 */
export function useServerAndBrowser(): Harness {
  let started: Harness | undefined;
  beforeAll(async () => {
    started = { server: await startTestServer(), browser: await launchBrowser() };
  });
  afterAll(async () => {
    await started?.browser.close();
    await started?.server.close();
  });
  const current = (): Harness => {
    if (!started) throw new Error('the e2e harness is used outside a test');
    return started;
  };
  return {
    get server() {
      return current().server;
    },
    get browser() {
      return current().browser;
    },
  };
}
