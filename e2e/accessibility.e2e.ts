import { createRequire } from 'node:module';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addExpense, openAddDialog, signUp, uniqueEmail } from './support/app-driver.js';
import { useServerAndBrowser } from './support/harness.js';
import { DESKTOP, newContext, PHONE } from './support/browser.js';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

const env = useServerAndBrowser();

/** Runs axe-core in the page; returns the violations of serious or critical impact. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH });
  const { violations, passes } = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (context: Document, options: object) => Promise<{ violations: AxeViolation[]; passes: unknown[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return { violations: result.violations, passes: result.passes.length };
  });
  // axe really looked at the page: a blank or broken page passes almost no rules.
  expect(passes).toBeGreaterThan(10);
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact ?? ''}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
}

for (const [name, options] of [
  ['desktop', DESKTOP],
  ['phone', PHONE],
  ['desktop, dark theme', { ...DESKTOP, colorScheme: 'dark' }],
] as [string, BrowserContextOptions][]) {
  describe(`accessibility (${name})`, () => {
    it('sign-in, history and the add dialog have no serious or critical axe-core violations', async () => {
      // axe is injected as an inline script, which the app's strict CSP rightly refuses.
      const context = await newContext(env.browser, env.server.url, { ...options, bypassCSP: true });
      const page = await context.newPage();
      await page.goto('/');
      await page.getByLabel('Email').waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      await signUp(page, uniqueEmail('a11y'));
      await addExpense(page, { amount: '18.90', category: 'Books', date: '2026-11-09', note: 'A novel' });
      expect(await seriousViolations(page)).toEqual([]);

      await page.getByRole('button', { name: /^Filters/ }).click();
      await page.getByLabel('From').waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      await openAddDialog(page);
      expect(await seriousViolations(page)).toEqual([]);
      await context.close();
    });
  });
}

describe('keyboard and focus', () => {
  it('the add dialog can be used with the keyboard alone, keeps focus inside and gives it back on close', async () => {
    const context = await newContext(env.browser, env.server.url);
    const page = await context.newPage();
    await signUp(page, uniqueEmail('keys'));
    const opener = page.getByRole('button', { name: 'Add expense', exact: true });
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    // Focus starts in the amount field.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('inputmode'))).toBe('decimal');
    await page.keyboard.type('9,99');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Stationery');
    // Tab through every control many times over: focus never leaves the dialog.
    for (let i = 0; i < 30; i += 1) {
      await page.keyboard.press('Tab');
      const inside = await page.evaluate(() => {
        const active = document.activeElement;
        return active === document.body || Boolean(active?.closest('dialog'));
      });
      expect(inside).toBe(true);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Add expense');
    await context.close();
  });
});
