import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addExpense, eventually, expenseRow, signUp, uniqueEmail, waitForSynced } from './support/app-driver.js';
import { useServerAndBrowser } from './support/harness.js';
import { newContext, PHONE } from './support/browser.js';
import { WEB_DIST } from './support/test-server.js';
import { COMPILE_HINT } from '../packages/web/scripts/compile-hints.js';
import { kb, recordWireBytes, totalBytes, type WireResponse } from './support/wire-bytes.js';

/** First-screen JavaScript, counted as Chromium receives it: compressed bodies plus headers. */
const BUDGET_BYTES = 120 * 1024;

const env = useServerAndBrowser();

/** A built chunk and every chunk it imports statically (what must load before it can run). */
function withStaticImports(file: string, found = new Set<string>()): Set<string> {
  if (found.has(file)) return found;
  found.add(file);
  const code = readFileSync(join(WEB_DIST, 'assets', file), 'utf8');
  for (const [, imported] of code.matchAll(/(?:from|import)\s*"\.\/([\w.-]+\.js)"/g))
    if (imported) withStaticImports(imported, found);
  return found;
}

/** The entry chunk index.html loads, with its static imports: the least any screen can need. */
function entryChunks(): Set<string> {
  const entry = /<script type="module"[^>]* src="\/assets\/([\w.-]+\.js)"/.exec(
    readFileSync(join(WEB_DIST, 'index.html'), 'utf8'),
  )?.[1];
  if (!entry) throw new Error('no entry script in index.html');
  return withStaticImports(entry);
}

/**
 * Lets only the given chunks through and holds back every other script until `release()`, so
 * whatever the screen needs must have come in the chunks let through.
 */
async function holdBackScriptsExcept(page: Page, allowed: ReadonlySet<string>) {
  const passed = new Set<string>();
  const held = new Map<string, () => Promise<void>>();
  let holding = true;
  await page.route('**/assets/*.js', async (route) => {
    const path = new URL(route.request().url()).pathname;
    if (!holding) return route.continue();
    if (!allowed.has(path.replace('/assets/', ''))) {
      held.set(path, () => route.continue());
      return;
    }
    passed.add(path);
    await route.continue();
  });
  return {
    /** Paths of the scripts let through while holding. */
    passed,
    /** Paths of the scripts held back so far. */
    held: () => new Set(held.keys()),
    release: async () => {
      holding = false;
      await Promise.all([...held.values()].map((continueRequest) => continueRequest()));
    },
  };
}

/** Every chunk a first screen runs is compiled as it streams in, off the main thread. */
function expectCompileHinted(chunks: Iterable<string>): void {
  const unhinted = [...chunks].filter(
    (file) => !readFileSync(join(WEB_DIST, 'assets', file), 'utf8').startsWith(`${COMPILE_HINT}\n`),
  );
  expect(unhinted).toEqual([]);
}

const chunkNames = (paths: Iterable<string>) => new Set([...paths].map((path) => path.replace('/assets/', '')));

const ofType = (responses: readonly WireResponse[], type: string) =>
  responses.filter((response) => response.type === type);

/** Every script, style sheet and the page itself came brotli-compressed. */
function expectCompressed(responses: readonly WireResponse[]): void {
  const text = responses.filter((response) => ['Document', 'Script', 'Stylesheet'].includes(response.type));
  expect(ofType(text, 'Document')).toHaveLength(1);
  expect(ofType(text, 'Stylesheet').length).toBeGreaterThan(0);
  expect(text.filter((response) => response.status !== 200 || response.contentEncoding !== 'br')).toEqual([]);
}

function describeScreen(name: string, responses: readonly WireResponse[]): string {
  const scripts = ofType(responses, 'Script');
  return `${name}: ${kb(totalBytes(scripts))} JS as sent in ${String(scripts.length)} file(s), ${kb(totalBytes(ofType(responses, 'Stylesheet')))} CSS, ${kb(totalBytes(ofType(responses, 'Document')))} HTML`;
}

describe('first-screen JavaScript as sent on the wire', () => {
  it('a returning user’s history renders from the local store with at most 120 KB of brotli JS as sent', async () => {
    const context = await newContext(env.browser, env.server.url, { ...PHONE, serviceWorkers: 'block' });
    const page = await context.newPage();
    await signUp(page, uniqueEmail('budget'));
    await addExpense(page, { amount: '2.50', category: 'Coffee', date: '2026-11-21', note: 'Espresso' });

    // Only the entry chunk and its static imports may load: a returning user's history must
    // render from IndexedDB before any lazy chunk (network layer, dialogs) arrives.
    const allowed = entryChunks();
    const gate = await holdBackScriptsExcept(page, allowed);
    const wire = await recordWireBytes(page);
    // Held-back scripts keep the load event from firing; the screen itself is the signal.
    await page.reload({ waitUntil: 'commit' });
    await expenseRow(page, 'Espresso').waitFor();
    await eventually(() => {
      expect(new Set(ofType(wire.finished(), 'Script').map((response) => response.path))).toEqual(gate.passed);
    });
    const firstScreen = wire.finished();
    const heldBack = gate.held();
    await gate.release();
    await waitForSynced(page);
    await eventually(() => {
      const arrived = new Set(ofType(wire.finished(), 'Script').map((response) => response.path));
      expect([...heldBack].filter((path) => !arrived.has(path))).toEqual([]);
    });
    const startup = ofType(wire.finished(), 'Script');

    console.log(
      `${describeScreen('first screen (history from IndexedDB)', firstScreen)}; ${String(heldBack.size)} lazy chunk(s) held back; all JS loaded at startup: ${kb(totalBytes(startup))} in ${String(startup.length)} files`,
    );
    expect(chunkNames(gate.passed)).toEqual(allowed);
    expectCompileHinted(allowed);
    expect(heldBack.size).toBeGreaterThan(0);
    expectCompressed(firstScreen);
    expect(startup.filter((response) => response.contentEncoding !== 'br')).toEqual([]);
    expect(totalBytes(ofType(firstScreen, 'Script'))).toBeLessThanOrEqual(BUDGET_BYTES);
    await wire.stop();
    await context.close();
  });

  it('a new visitor’s sign-in screen renders with at most 120 KB of brotli JS as sent', async () => {
    const context = await newContext(env.browser, env.server.url, { ...PHONE, serviceWorkers: 'block' });
    const page = await context.newPage();
    // The sign-in screen's chunk and what it statically imports; everything else is held back.
    const authChunk = readdirSync(join(WEB_DIST, 'assets')).find((name) => /^auth-screen-[\w-]+\.js$/.test(name));
    if (!authChunk) throw new Error('no auth-screen chunk in the build');
    const allowed = withStaticImports(authChunk, entryChunks());
    const gate = await holdBackScriptsExcept(page, allowed);
    const wire = await recordWireBytes(page);
    await page.goto('/', { waitUntil: 'commit' });
    await page.getByLabel('Email').waitFor();
    await eventually(() => {
      expect(new Set(ofType(wire.finished(), 'Script').map((response) => response.path))).toEqual(gate.passed);
    });
    const firstScreen = wire.finished();
    console.log(
      `${describeScreen('first screen (sign-in, new visitor)', firstScreen)}; ${String(gate.held().size)} chunk(s) held back`,
    );
    // Exactly the sign-in chunk and its static imports ran the screen; nothing else was needed.
    expect(chunkNames(gate.passed)).toEqual(allowed);
    expectCompileHinted(allowed);
    expect(gate.held().size).toBeGreaterThan(0);
    expectCompressed(firstScreen);
    expect(totalBytes(ofType(firstScreen, 'Script'))).toBeLessThanOrEqual(BUDGET_BYTES);
    await gate.release();
    await wire.stop();
    await context.close();
  });

  it('the splash paints from the HTML and CSS alone, before any script has arrived', async () => {
    const context = await newContext(env.browser, env.server.url, { ...PHONE, serviceWorkers: 'block' });
    const page = await context.newPage();
    const gate = await holdBackScriptsExcept(page, new Set());
    await page.goto('/', { waitUntil: 'commit' });
    await expect.poll(() => page.locator('.splash-name').textContent()).toBe('TrackThatMoney');
    expect(await page.locator('.splash-name').isVisible()).toBe(true);
    expect(await page.locator('.splash').getAttribute('aria-busy')).toBe('true');
    expect(gate.passed.size).toBe(0);
    expect(gate.held().size).toBeGreaterThan(0);
    await gate.release();
    await page.getByLabel('Email').waitFor();
    expect(await page.locator('.splash').count()).toBe(0);
    await context.close();
  });

  it('the app takes over from the HTML splash without painting a copy of it', async () => {
    const context = await newContext(env.browser, env.server.url, { ...PHONE, serviceWorkers: 'block' });
    const page = await context.newPage();
    // Every splash name added after the HTML was parsed, and the page's LCP candidates.
    await page.addInitScript(() => {
      const seen = window as unknown as { splashCopies: number; lcp: string[] };
      seen.splashCopies = 0;
      seen.lcp = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries())
          seen.lcp.push((entry as PerformanceEntry & { element?: Element | null }).element?.className ?? '');
      }).observe({ type: 'largest-contentful-paint', buffered: true });
      document.addEventListener('DOMContentLoaded', () => {
        new MutationObserver((records) => {
          for (const record of records)
            for (const node of record.addedNodes)
              if (node instanceof Element && (node.matches('.splash-name') || node.querySelector('.splash-name')))
                seen.splashCopies += 1;
        }).observe(document.body, { childList: true, subtree: true });
      });
    });
    await page.goto('/');
    await page.getByLabel('Email').waitFor();
    expect(await page.locator('#splash').count()).toBe(0);
    const seen = await page.evaluate(() => {
      const { splashCopies, lcp } = window as unknown as { splashCopies: number; lcp: string[] };
      return { splashCopies, lcp };
    });
    console.log(`largest contentful paint candidates: ${seen.lcp.join(', ')}`);
    expect(seen.splashCopies).toBe(0);
    expect(seen.lcp[0]).toBe('splash-name');
    await context.close();
  });
});
