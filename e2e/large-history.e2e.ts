import { describe, expect, it } from 'vitest';
import { eventually, history, PASSWORD, uniqueEmail, waitForSynced } from './support/app-driver.js';
import { useServerAndBrowser } from './support/harness.js';
import { newContext, PHONE, screenshotPath } from './support/browser.js';
import { apiAs, registerThroughApi } from './support/api.js';
import { kb, recordWireBytes, totalBytes } from './support/wire-bytes.js';

const COUNT = 10_000;
/**
 * The first download of those 10,000 expenses as sent on the wire: about 4 MB of JSON, brotli
 * brings it to well under a quarter of that.
 */
const FIRST_SYNC_BUDGET_BYTES = 1024 * 1024;
const CATEGORIES = ['Groceries', 'Transport', 'Dining out', 'Utilities', 'Health', 'Shopping', 'Travel', 'Coffee'];

const env = useServerAndBrowser();

/** 10,000 expenses over ~3 years, written through the real API (in-process, no sockets). */
async function seedUser(email: string): Promise<{ totalMinor: number }> {
  const call = apiAs(env.server.app, await registerThroughApi(env.server.app, email));
  let totalMinor = 0;
  const start = Date.UTC(2026, 10, 20);
  const batch: Promise<void>[] = [];
  for (let i = 0; i < COUNT; i += 1) {
    const minor = 100 + ((i * 7919) % 20_000);
    totalMinor += minor;
    const date = new Date(start - Math.floor(i / 9) * 86_400_000).toISOString().slice(0, 10);
    batch.push(
      call('POST', '/api/v1/expenses', {
        amount: `${String(Math.floor(minor / 100))}.${String(minor % 100).padStart(2, '0')}`,
        category: CATEGORIES[i % CATEGORIES.length],
        date,
        note: `Item ${String(i)}`,
      }).then((response) => {
        expect(response.statusCode).toBe(201);
      }),
    );
    if (batch.length === 50) await Promise.all(batch.splice(0));
  }
  await Promise.all(batch);
  return { totalMinor };
}

describe('a history of 10,000 expenses', () => {
  it('loads, scrolls to the end with a small DOM, filters, and reopens instantly from the local store', async () => {
    const email = uniqueEmail('big');
    const seededAt = performance.now();
    const { totalMinor } = await seedUser(email);
    console.log(`seeded ${String(COUNT)} expenses in ${String(Math.round(performance.now() - seededAt))} ms`);

    const context = await newContext(env.browser, env.server.url, PHONE);
    const page = await context.newPage();
    await page.goto('/');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    const wire = await recordWireBytes(page);
    const signInAt = performance.now();
    await page.locator('form').getByRole('button', { name: 'Sign in' }).click();
    // A new device shows the first page while the rest of the history streams in.
    await page.locator('.expense-row').first().waitFor();
    const firstRow = performance.now() - signInAt;
    await eventually(async () => {
      expect(await page.locator('.history-summary').innerText()).toMatch(/^10,000 expenses · /);
    }, 60_000);
    await waitForSynced(page);
    const fullSync = performance.now() - signInAt;
    const pulls = wire.finished().filter((response) => response.path === '/api/v1/sync/pull');
    await wire.stop();
    console.log(`first sync of 10k: ${String(pulls.length)} pulls, ${kb(totalBytes(pulls))} as sent`);
    expect(pulls.length).toBeGreaterThan(0);
    expect(pulls.every((response) => response.status === 200 && response.contentEncoding === 'br')).toBe(true);
    expect(totalBytes(pulls)).toBeLessThan(FIRST_SYNC_BUDGET_BYTES);
    const euros = (totalMinor / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
    expect(await page.locator('.history-summary').innerText()).toBe(`10,000 expenses · €${euros}`);

    // Scroll from top to bottom in screen-sized steps, timing every frame.
    const scroll = await page.evaluate(async () => {
      const scroller = document.querySelector<HTMLElement>('[data-testid="history-scroll"]');
      if (!scroller) throw new Error('no history list');
      const frames: number[] = [];
      let maxNodes = 0;
      let placeholderFrames = 0;
      let last = performance.now();
      const step = scroller.clientHeight * 0.9;
      while (scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 1) {
        scroller.scrollTop += step;
        await new Promise(requestAnimationFrame);
        const now = performance.now();
        frames.push(now - last);
        last = now;
        maxNodes = Math.max(maxNodes, scroller.querySelectorAll('.expense-row').length);
        if (scroller.querySelector('.expense-row-placeholder')) placeholderFrames += 1;
      }
      // Entries are read page by page as the list nears them: wait for the last page to land.
      const readBy = performance.now() + 10_000;
      while (scroller.querySelector('.expense-row-placeholder') && performance.now() < readBy) {
        await new Promise(requestAnimationFrame);
      }
      frames.sort((a, b) => a - b);
      const rows = [...scroller.querySelectorAll('.expense-row .expense-meta')].map((node) => node.textContent);
      return {
        steps: frames.length,
        medianMs: frames[Math.floor(frames.length / 2)] ?? 0,
        p95Ms: frames[Math.floor(frames.length * 0.95)] ?? 0,
        maxNodes,
        placeholderFrames,
        lastRows: rows.slice(-2),
      };
    });
    console.log(
      `10k list: first rows after ${String(Math.round(firstRow))} ms, full sync ${String(Math.round(fullSync))} ms; scroll ${String(scroll.steps)} screens, frame median ${scroll.medianMs.toFixed(1)} ms, p95 ${scroll.p95Ms.toFixed(1)} ms, at most ${String(scroll.maxNodes)} rows in the DOM, ${String(scroll.placeholderFrames)} frames showed a row not read yet`,
    );
    expect(scroll.steps).toBeGreaterThan(500);
    expect(scroll.maxNodes).toBeLessThan(60);
    expect(scroll.lastRows.join(' ')).toContain('Item 9999');

    await page.locator('[data-testid="history-scroll"]').evaluate((scroller) => {
      scroller.scrollTop = scroller.scrollHeight / 2;
    });
    await page.screenshot({ path: screenshotPath('phone-10k-history-scrolled.png') });

    // A search over all 10,000 runs on the local store.
    const searchAt = performance.now();
    await page.getByLabel('Search notes and categories').fill('Item 4242');
    await eventually(async () => {
      expect(await page.locator('.history-summary').innerText()).toMatch(/^1 expense · /);
    });
    console.log(
      `search over 10k: ${String(Math.round(performance.now() - searchAt))} ms (including a 200 ms typing pause)`,
    );

    // Reopening shows the list from IndexedDB before the network has answered: the session
    // check is held until the rows are on screen, so they cannot have come from the server.
    let releaseRefresh: () => void = () => undefined;
    const refreshHeld = new Promise<void>((resolve) => {
      releaseRefresh = resolve;
    });
    let refreshAnswered = false;
    await page.route('**/api/v1/auth/refresh', async (route) => {
      await refreshHeld;
      await route.continue();
      refreshAnswered = true;
    });
    const reloadAt = performance.now();
    await page.reload();
    await history(page).waitFor();
    await page.locator('.expense-row').first().waitFor();
    const reopen = performance.now() - reloadAt;
    expect(refreshAnswered).toBe(false);
    releaseRefresh();
    await eventually(() => {
      expect(refreshAnswered).toBe(true);
    });
    console.log(
      `reopen with 10k local rows: first rows after ${String(Math.round(reopen))} ms, with the session check still held`,
    );
    await page.unroute('**/api/v1/auth/refresh');
    await context.close();
  });
});
