import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addExpense, history, monthTotal, signUp, uniqueEmail, waitForSynced } from './support/app-driver.js';
import { useServerAndBrowser } from './support/harness.js';
import { DESKTOP, newContext, screenshotPath } from './support/browser.js';

/**
 * The README's pictures are refreshed on purpose (UPDATE_README_SCREENSHOTS=1 npm run e2e);
 * ordinary runs write them next to the other artefacts, so tests never dirty tracked files.
 */
const DOCS =
  process.env['UPDATE_README_SCREENSHOTS'] === '1'
    ? join(import.meta.dirname, '..', 'docs', 'screenshots')
    : join(import.meta.dirname, 'screenshots', 'readme');

const env = useServerAndBrowser();

const SAMPLE = [
  { amount: '1250', category: 'Housing', date: '2026-11-01', note: 'November rent' },
  { amount: '64.30', category: 'Groceries', date: '2026-11-18', note: 'Weekly shop' },
  { amount: '3.40', category: 'Transport', date: '2026-11-19', note: 'Tram' },
  { amount: '42.00', category: 'Dining out', date: '2026-11-20', note: 'Pizza with Sam' },
  { amount: '89.99', category: 'Utilities', date: '2026-10-30', note: 'Electricity' },
  { amount: '23.15', category: 'Groceries', date: '2026-10-27', note: 'Bakery and fruit' },
  { amount: '15.00', category: 'Entertainment', date: '2026-10-24', note: 'Cinema' },
];

async function seed(page: Page): Promise<void> {
  for (const expense of SAMPLE) await addExpense(page, expense);
}

describe('README screenshots', () => {
  it('desktop 1280x800 and phone 412x915 histories are captured for the README', async () => {
    mkdirSync(DOCS, { recursive: true });
    const email = uniqueEmail('readme');
    const desktop = await newContext(env.browser, env.server.url, { ...DESKTOP, colorScheme: 'light' });
    const page = await desktop.newPage();
    await signUp(page, email);
    await seed(page);
    expect(await monthTotal(page, '2026-11')).toBe('€1,359.70');
    await page.mouse.move(0, 799);
    await page.screenshot({ path: join(DOCS, 'desktop.png') });
    await page.locator('.expense-row', { hasText: 'Weekly shop' }).click();
    await page.getByRole('dialog').getByRole('heading', { name: 'Edit expense' }).waitFor();
    await page.screenshot({ path: screenshotPath('desktop-edit-dialog.png') });
    await page.keyboard.press('Escape');

    const phone = await newContext(env.browser, env.server.url, {
      viewport: { width: 412, height: 915 },
      deviceScaleFactor: 1,
      isMobile: true,
      hasTouch: true,
      locale: 'en-US',
      colorScheme: 'light',
    });
    const phonePage = await phone.newPage();
    await phonePage.goto('/');
    await phonePage.getByLabel('Email').fill(email);
    await phonePage.getByLabel('Password').fill('a long and unusual passphrase 42');
    await phonePage.locator('form').getByRole('button', { name: 'Sign in' }).click();
    await history(phonePage).waitFor();
    await waitForSynced(phonePage);
    expect(await monthTotal(phonePage, '2026-10')).toBe('€128.14');
    await phonePage.screenshot({ path: join(DOCS, 'phone.png') });
    await desktop.close();
    await phone.close();
  });
});
