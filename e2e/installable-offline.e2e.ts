import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addExpense,
  dialog,
  eventually,
  expenseRow,
  history,
  openAddDialog,
  signUp,
  uniqueEmail,
  waitForSynced,
} from './support/app-driver.js';
import { useServerAndBrowser } from './support/harness.js';
import { launchPersistent, newContext } from './support/browser.js';

const env = useServerAndBrowser();

interface Manifest {
  name: string;
  short_name: string;
  start_url: string;
  display: string;
  theme_color: string;
  icons: { src: string; sizes: string; type: string; purpose?: string }[];
}

describe('installable PWA', () => {
  it('Chromium reports no installability errors once the service worker controls the page', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'ttm-profile-'));
    const context = await launchPersistent(profile, env.server.url);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    // The same probe does report errors for a page that is not an app (the API docs).
    const docs = await context.newPage();
    await docs.goto('/docs');
    const docsCdp = await context.newCDPSession(docs);
    expect((await docsCdp.send('Page.getInstallabilityErrors')).installabilityErrors.length).toBeGreaterThan(0);
    await docs.close();

    const manifest = (await (await page.request.get('/manifest.webmanifest')).json()) as Manifest;
    expect(manifest).toMatchObject({
      name: 'TrackThatMoney',
      start_url: '/',
      display: 'standalone',
      theme_color: '#0f766e',
    });
    expect(manifest.icons.map((icon) => `${icon.sizes} ${icon.purpose ?? 'any'}`)).toEqual([
      '192x192 any',
      '512x512 any',
      '512x512 maskable',
    ]);
    for (const icon of manifest.icons) {
      const response = await page.request.get(icon.src);
      expect(response.headers()['content-type']).toBe('image/png');
      const png = await response.body();
      // Width and height live in the IHDR chunk at bytes 16..24.
      const size = `${String(png.readUInt32BE(16))}x${String(png.readUInt32BE(20))}`;
      expect(size).toBe(icon.sizes);
    }
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('a first visit to the sign-in screen installs the service worker, so a reload with no network shows the sign-in form', async () => {
    const context = await newContext(env.browser, env.server.url);
    const page = await context.newPage();
    await page.goto('/');
    await page.getByLabel('Email').waitFor();
    // Nobody has signed in: the worker must come from the visit itself.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    // A worker that claims its clients controls the page while it is still activating: wait until
    // it is activated before going offline.
    await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', undefined, {
      timeout: 30_000,
    });

    await context.setOffline(true);
    await page.reload();
    await page.getByLabel('Email').waitFor();
    await expect(page.getByLabel('Password').isVisible()).resolves.toBe(true);
    expect(await page.title()).toBe('TrackThatMoney');
    // A client route opened offline gets the app shell too, not the browser's offline page.
    await page.goto('/dashboard');
    await page.getByLabel('Email').waitFor();
    await context.close();
  });

  it('with the network off, the app shell and the local history still load, and a change waits until it is back', async () => {
    const context = await newContext(env.browser, env.server.url);
    const page = await context.newPage();
    await signUp(page, uniqueEmail('offline'));
    await addExpense(page, { amount: '3.80', category: 'Coffee', date: '2026-11-12', note: 'Before the tunnel' });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });

    await context.setOffline(true);
    await page.reload();
    await history(page).waitFor();
    await expenseRow(page, 'Before the tunnel').waitFor();
    await eventually(async () => {
      expect(await page.locator('.sync-indicator').getAttribute('data-sync-state')).toBe('offline');
    });

    await openAddDialog(page);
    await dialog(page).getByLabel('Amount').fill('2.20');
    await dialog(page).getByLabel('Category', { exact: true }).fill('Snacks');
    await dialog(page).getByLabel('Note').fill('In the tunnel');
    await dialog(page).getByRole('button', { name: 'Save' }).click();
    await dialog(page).waitFor({ state: 'detached' });
    await expenseRow(page, 'In the tunnel').waitFor();
    await eventually(async () => {
      expect(await page.locator('.sync-indicator').innerText()).toBe('Offline · 1 waiting');
    });

    await context.setOffline(false);
    await waitForSynced(page);
    const other = await newContext(env.browser, env.server.url);
    const check = await other.newPage();
    // The session cookie belongs to the first context; look at the server through the API instead.
    const token = await page.evaluate(async () => {
      const response = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      return ((await response.json()) as { accessToken: string }).accessToken;
    });
    const listed = await check.request.get(`${env.server.url}/api/v1/expenses`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await listed.json()) as { items: { note: string | null; amount: string }[] };
    expect(body.items.map((item) => `${item.note ?? ''} ${item.amount}`).sort()).toEqual([
      'Before the tunnel 3.80',
      'In the tunnel 2.20',
    ]);
    await other.close();
    await context.close();
  });
});
