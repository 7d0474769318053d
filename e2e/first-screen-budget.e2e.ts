import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { addExpense, expenseRow, signUp, uniqueEmail, waitForSynced } from './support/app-driver.js';
import { useServerAndBrowser } from './support/harness.js';
import { newContext, PHONE } from './support/browser.js';
import { WEB_DIST } from './support/test-server.js';

const BUDGET_BYTES = 150 * 1024;

const env = useServerAndBrowser();

function gzippedSize(urlPath: string): number {
  return gzipSync(readFileSync(join(WEB_DIST, urlPath)), { level: 9 }).length;
}

/** A built chunk and every chunk it imports statically (what must load before it can run). */
function withStaticImports(file: string, found = new Set<string>()): Set<string> {
  if (found.has(file)) return found;
  found.add(file);
  const code = readFileSync(join(WEB_DIST, 'assets', file), 'utf8');
  for (const [, imported] of code.matchAll(/from"\.\/([\w.-]+\.js)"/g))
    if (imported) withStaticImports(imported, found);
  return found;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

describe('first-screen JavaScript', () => {
  it('a returning user’s history renders from the local store with under 150 KB of gzipped JS', async () => {
    const context = await newContext(env.browser, env.server.url, { ...PHONE, serviceWorkers: 'block' });
    const page = await context.newPage();
    await signUp(page, uniqueEmail('budget'));
    await addExpense(page, { amount: '2.50', category: 'Coffee', date: '2026-11-21', note: 'Espresso' });

    // Hold back every script that is not already loaded when the page starts; whatever the
    // first screen needs must then have come in the scripts that were let through.
    const loaded = new Set<string>();
    let holding = true;
    const held: (() => Promise<void>)[] = [];
    const heldPaths = new Set<string>();
    await page.route('**/assets/*.js', async (route) => {
      const path = new URL(route.request().url()).pathname;
      if (holding && !/\/assets\/index-[\w-]+\.js$/.test(path)) {
        held.push(() => route.continue());
        heldPaths.add(path);
        return;
      }
      loaded.add(path);
      await route.continue();
    });
    await page.reload();
    await expenseRow(page, 'Espresso').waitFor();
    const firstScreenFiles = [...loaded];
    const firstScreen = firstScreenFiles.reduce((sum, path) => sum + gzippedSize(path), 0);
    const heldBack = held.length;
    holding = false;
    await Promise.all(held.map((release) => release()));
    await waitForSynced(page);

    const all = firstScreen + [...heldPaths].reduce((sum, path) => sum + gzippedSize(path), 0);
    console.log(
      `first screen (history from IndexedDB): ${kb(firstScreen)} gzipped JS in ${String(firstScreenFiles.length)} file(s); ${String(heldBack)} lazy chunk(s) were held back; all JS loaded at startup: ${kb(all)}`,
    );
    expect(firstScreenFiles).toHaveLength(1);
    expect(heldBack).toBeGreaterThan(0);
    expect(firstScreen).toBeLessThan(BUDGET_BYTES);
    await context.close();
  });

  it('a new visitor’s sign-in screen renders with under 150 KB of gzipped JS', async () => {
    const context = await newContext(env.browser, env.server.url, { ...PHONE, serviceWorkers: 'block' });
    const page = await context.newPage();
    const loaded = new Set<string>();
    const held: (() => Promise<void>)[] = [];
    // The sign-in screen's chunk and what it statically imports; everything else is held back.
    const authChunk = readdirSync(join(WEB_DIST, 'assets')).find((name) => /^auth-screen-[\w-]+\.js$/.test(name));
    if (!authChunk) throw new Error('no auth-screen chunk in the build');
    const allowed = withStaticImports(authChunk);
    await page.route('**/assets/*.js', async (route) => {
      const path = new URL(route.request().url()).pathname;
      if (!allowed.has(path.replace('/assets/', ''))) {
        held.push(() => route.continue());
        return;
      }
      loaded.add(path);
      await route.continue();
    });
    await page.goto('/');
    await page.getByLabel('Email').waitFor();
    const files = [...loaded];
    const total = files.reduce((sum, path) => sum + gzippedSize(path), 0);
    console.log(
      `first screen (sign-in, new visitor): ${kb(total)} gzipped JS in ${String(files.length)} file(s); ${String(held.length)} chunk(s) held back`,
    );
    // Exactly the sign-in chunk and its static imports ran the screen; nothing else was needed.
    expect(new Set(files.map((path) => path.replace('/assets/', '')))).toEqual(allowed);
    expect(held.length).toBeGreaterThan(0);
    expect(total).toBeLessThan(BUDGET_BYTES);
    await Promise.all(held.map((release) => release()));
    await context.close();
  });
});
