import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addExpense, history, PASSWORD, signUp, uniqueEmail, waitForSynced } from './support/app-driver.js';
import { newContext, PHONE } from './support/browser.js';
import { useServerAndBrowser } from './support/harness.js';
import { WEB_DIST } from './support/test-server.js';

const env = useServerAndBrowser();

/** The sync engine's two chunks (vite.config.ts groups them): its code and its contract schemas. */
function syncChunkNames(): string[] {
  const names = readdirSync(join(WEB_DIST, 'assets')).filter((name) =>
    /^sync-(network|contract)-[\w-]+\.js$/.test(name),
  );
  expect(names).toHaveLength(2);
  return names;
}

describe('the network layer loads in two halves', () => {
  it('a new visitor’s sign-in screen never loads the sync engine; signing in loads it', async () => {
    const syncChunks = syncChunkNames();
    const context = await newContext(env.browser, env.server.url, { ...PHONE, serviceWorkers: 'block' });
    const page = await context.newPage();
    const scripts = new Set<string>();
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.add(new URL(request.url()).pathname.replace('/assets/', ''));
    });
    const refresh = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/v1/auth/refresh');
    await page.goto('/');
    await page.getByLabel('Email').waitFor();
    // The session half of the network layer has loaded and asked for the cookie's session.
    expect((await refresh).status()).toBe(401);
    await page.waitForLoadState('networkidle');
    expect(syncChunks.filter((name) => scripts.has(name))).toEqual([]);
    await signUp(page, uniqueEmail('lazy-sync'));
    await waitForSynced(page);
    expect(syncChunks.filter((name) => !scripts.has(name))).toEqual([]);
    await context.close();
  });

  it('a sync engine that failed to load is loaded again on the next sync trigger, and syncs', async () => {
    const [code] = syncChunkNames().filter((name) => name.startsWith('sync-network-'));
    const context = await newContext(env.browser, env.server.url, { ...PHONE, serviceWorkers: 'block' });
    const page = await context.newPage();
    // The first request for the engine's code fails, as it would offline before the service
    // worker has cached it; later ones reach the server.
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    let refused = 0;
    await page.route(`**/assets/${code ?? 'missing'}`, async (route) => {
      if (refused === 0) {
        refused += 1;
        await route.abort('internetdisconnected');
      } else {
        await route.continue();
      }
    });
    // Signing up on a new device: its wallets come with the first pull, so until the engine
    // has loaded the shell waits for them and says why.
    await page.goto('/');
    await page.getByRole('button', { name: 'Create account' }).first().click();
    await page.getByLabel('Email').fill(uniqueEmail('sync-retry'));
    await page.getByLabel('Password').fill(PASSWORD);
    await page.locator('form').getByRole('button', { name: 'Create account' }).click();
    const indicator = page.locator('.sync-indicator');
    await expect.poll(() => indicator.getAttribute('data-sync-state')).toBe('problem');
    expect(refused).toBe(1);
    expect(errors).toEqual([]);
    // A sync trigger (the window regaining focus) loads it again.
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await history(page).waitFor();
    await waitForSynced(page);
    await addExpense(page, { amount: '4.20', category: 'Lunch', date: '2026-12-01', note: 'After a retry' });
    expect(errors).toEqual([]);
    await context.close();
  });
});
