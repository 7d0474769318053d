import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  addExpense,
  dialog,
  eventually,
  expenseRow,
  history,
  monthTotal,
  signUp,
  uniqueEmail,
  waitForOutboxEmpty,
  waitForSynced,
} from './support/app-driver.js';
import { callApiFromPage } from './support/api.js';
import { solidPng } from './support/sample-files.js';
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

/** December: a salary, a hotel paid in dollars and a monthly subscription the server adds. */
const THIS_MONTH = [
  { kind: 'income', amount: '2850.00', category: 'Salary', date: '2026-12-01', note: 'December salary' },
  {
    amount: '120.00',
    currency: 'USD',
    rate: '0.9524',
    category: 'Travel',
    date: '2026-12-02',
    note: 'Hotel in Boston',
  },
  { amount: '38.60', category: 'Groceries', date: '2026-12-02', note: 'Market' },
] as const;

async function seed(page: Page): Promise<void> {
  for (const expense of SAMPLE) await addExpense(page, expense);
  for (const entry of THIS_MONTH)
    expect((await callApiFromPage(page, 'POST', '/api/v1/expenses', entry)).status).toBe(201);
  const rule = { amount: '12.99', category: 'Streaming', note: 'Family plan', startDate: '2026-10-03' };
  const created = await callApiFromPage(page, 'POST', '/api/v1/recurring-rules', {
    ...rule,
    frequency: 'monthly',
    interval: 1,
  });
  expect(created.status).toBe(201);
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expenseRow(page, 'December salary').waitFor();
  await waitForSynced(page);
}

describe('README screenshots', () => {
  it('desktop 1280x800 and phone 412x915 histories are captured for the README', async () => {
    mkdirSync(DOCS, { recursive: true });
    const email = uniqueEmail('readme');
    const desktop = await newContext(env.browser, env.server.url, { ...DESKTOP, colorScheme: 'light' });
    const page = await desktop.newPage();
    await signUp(page, email);
    await seed(page);
    // The samples plus the subscription the server added on the 3rd.
    expect(await monthTotal(page, '2026-11')).toBe('€1,372.69');
    await page.mouse.move(0, 799);
    await page.screenshot({ path: join(DOCS, 'desktop.png') });
    await page.locator('.expense-row', { hasText: 'Weekly shop' }).click();
    await page.getByRole('dialog').getByRole('heading', { name: 'Edit expense' }).waitFor();
    await page.screenshot({ path: screenshotPath('desktop-edit-dialog.png') });
    await page.keyboard.press('Escape');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await eventually(async () => {
      expect(await page.getByTestId('month-income').innerText()).toBe('€2,850.00');
    });
    await page.mouse.move(0, 799);
    await page.screenshot({ path: join(DOCS, 'dashboard.png') });

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
    expect(await monthTotal(phonePage, '2026-10')).toBe('€141.13');
    // A photo of the market receipt, taken with the phone's camera (the file input offers it).
    await expenseRow(phonePage, 'Market').tap();
    await dialog(phonePage).getByRole('heading', { name: 'Edit expense' }).waitFor();
    await dialog(phonePage)
      .getByLabel('Attach receipt')
      .setInputFiles({ name: 'market.png', mimeType: 'image/png', buffer: solidPng(60, 90, [236, 232, 220]) });
    await dialog(phonePage).getByRole('button', { name: 'Cancel' }).tap();
    await dialog(phonePage).waitFor({ state: 'detached' });
    await waitForOutboxEmpty(phonePage);
    await eventually(async () => {
      expect(await expenseRow(phonePage, 'Market').locator('[data-testid="receipt-row-thumbs"] img').count()).toBe(1);
    });
    await phonePage.screenshot({ path: join(DOCS, 'phone.png') });
    const nav = phonePage.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('button', { name: 'Dashboard' }).tap();
    await phonePage.getByRole('button', { name: 'Recurring', exact: true }).tap();
    await phonePage.locator('.rule-row', { hasText: 'Streaming' }).waitFor();
    await phonePage.screenshot({ path: join(DOCS, 'phone-recurring.png') });
    await desktop.close();
    await phone.close();
  });
});
