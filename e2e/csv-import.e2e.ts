import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  addExpense,
  eventually,
  expenseRow,
  history,
  signUp,
  uniqueEmail,
  visibleCategories,
  waitForSynced,
} from './support/app-driver.js';
import { useServerAndBrowser } from './support/harness.js';
import { seriousViolations } from './support/axe-check.js';
import { DESKTOP, newContext, PHONE, screenshotPath } from './support/browser.js';
import { apiAs, signInThroughApi } from './support/api.js';

const env = useServerAndBrowser();

/** A German bank's export: semicolons, day-first dates, decimal commas, debits negative, one credit (income). */
const BANK_FILE = [
  'Buchungstag;Verwendungszweck;Betrag',
  '03.11.2026;REWE Markt;-23,45',
  '04.11.2026;Gehalt November;2.500,00',
  '05.11.2026;DB Fahrkarte;-89,90',
  '06.11.2026;"Café Zucker; Kuchen";-4,50',
  '',
].join('\n');

/** Broken on two lines: a date that does not exist and an amount that is not a number. */
const BAD_FILE = [
  'Buchungstag;Verwendungszweck;Betrag',
  '25.10.2026;REWE Markt;-23,45',
  '31.02.2026;Impossible day;-5,00',
  '26.10.2026;Broken amount;-1x2,30',
  '',
].join('\n');

async function serverExpenseNotes(email: string): Promise<string[]> {
  const list = await apiAs(env.server.app, await signInThroughApi(env.server.app, email))(
    'GET',
    '/api/v1/expenses?limit=100',
  );
  return list.json<{ items: { note: string | null }[] }>().items.map((item) => item.note ?? '');
}

async function openAccount(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Account' }).click();
  await page.getByRole('heading', { name: 'Import from CSV' }).waitFor();
}

async function chooseFile(page: Page, name: string, text: string): Promise<void> {
  await page.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
}

async function screenshotWhole(page: Page, selector: string, name: string): Promise<void> {
  const viewport = page.viewportSize();
  if (!viewport) throw new Error('no viewport');
  const overflow = await page.evaluate((sel) => {
    const element = document.querySelector(sel);
    return element ? element.scrollHeight - element.clientHeight : 0;
  }, selector);
  await page.setViewportSize({ width: viewport.width, height: viewport.height + Math.max(0, overflow) });
  await page.screenshot({ path: screenshotPath(name) });
  await page.setViewportSize(viewport);
}

describe('CSV export', () => {
  it('downloads the current wallet’s expenses with the history’s filters applied', async () => {
    const context = await newContext(env.browser, env.server.url, DESKTOP);
    const page = await context.newPage();
    await signUp(page, uniqueEmail('export'));
    await addExpense(page, { amount: '12.30', category: 'Groceries', date: '2026-11-03', note: '=HYPERLINK("x")' });
    await addExpense(page, { amount: '7.00', category: 'Transport', date: '2026-11-04', note: 'Tram, two zones' });

    // Everything first.
    await openAccount(page);
    expect(await page.getByTestId('export-scope').innerText()).toContain('All expenses');
    const [everything] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(everything.suggestedFilename()).toMatch(/\.csv$/);
    const allLines = readFileSync(await everything.path(), 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(allLines[0]).toBe(
      'date,amount,currency,category,note,id,createdAt,kind,originalAmount,originalCurrency,rate',
    );
    expect(allLines).toHaveLength(3);
    expect(allLines.join('\n')).toContain('2026-11-04,7.00,EUR,Transport,"Tram, two zones"');
    // A formula in a note is neutralised, not executed by a spreadsheet.
    expect(allLines.join('\n')).not.toContain(',=HYPERLINK');

    // Then only what the history is filtered to.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'History' }).click();
    await history(page).waitFor();
    await page.getByRole('button', { name: /^Filters/ }).click();
    await page.getByLabel('Category', { exact: true }).selectOption('Groceries');
    await eventually(async () => {
      expect(await visibleCategories(page)).toEqual(['Groceries']);
    });
    await openAccount(page);
    expect(await page.getByTestId('export-scope').innerText()).toContain('category “Groceries”');
    await screenshotWhole(page, '.account', 'csv-1-export-desktop.png');
    const [filtered] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    const lines = readFileSync(await filtered.path(), 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^2026-11-03,12\.30,EUR,Groceries,/);
    await context.close();
  });
});

describe('CSV import', () => {
  it('previews a bad file line by line and writes nothing, then imports a bank file after the dry run', async () => {
    const email = uniqueEmail('import');
    const context = await newContext(env.browser, env.server.url, { ...DESKTOP, bypassCSP: true });
    const page = await context.newPage();
    await signUp(page, email);
    await openAccount(page);

    // A broken file: each problem with its line, nothing written, no way to confirm.
    await chooseFile(page, 'broken.csv', BAD_FILE);
    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    expect(await preview.getByRole('alert').innerText()).toContain('2 problems found. Nothing was imported');
    const errorRows = preview.locator('.import-errors tbody tr');
    expect(await errorRows.count()).toBe(2);
    expect(await errorRows.nth(0).locator('td').first().innerText()).toBe('3');
    expect(await errorRows.nth(0).innerText()).toContain('31.02.2026');
    expect(await errorRows.nth(1).locator('td').first().innerText()).toBe('4');
    expect(await preview.getByRole('button', { name: /^Import/ }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshotWhole(page, '.account', 'csv-2-import-errors-desktop.png');
    expect(await serverExpenseNotes(email)).toEqual([]);

    // The bank file's dates could be day- or month-first: the preview says so per line, and the
    // date option settles it.
    await chooseFile(page, 'girokonto-november.csv', BANK_FILE);
    await eventually(async () => {
      expect(await preview.locator('h3').innerText()).toBe('Preview of girokonto-november.csv');
      expect(await preview.locator('.import-errors tbody tr').count()).toBe(4);
    });
    expect(await preview.locator('.import-errors').innerText()).toContain('could be day/month or month/day');
    await page.getByLabel('Dates are written').selectOption('dmy');
    await eventually(async () => {
      expect(await preview.getByTestId('import-new').innerText()).toBe('4');
    });
    expect(await preview.getByTestId('import-duplicates').innerText()).toBe('0');
    expect(await preview.getByTestId('import-credits').innerText()).toBe('0');
    expect(await preview.locator('.import-columns').innerText()).toContain('Date: Buchungstag');
    expect(await preview.locator('.import-columns').innerText()).toContain('Note: Verwendungszweck');
    expect(await serverExpenseNotes(email)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshotWhole(page, '.account', 'csv-3-import-preview-desktop.png');

    await preview.getByRole('button', { name: 'Import 4 expenses' }).click();
    await page.getByText('Imported 4 expenses').waitFor();
    expect((await serverExpenseNotes(email)).sort()).toEqual([
      'Café Zucker; Kuchen',
      'DB Fahrkarte',
      'Gehalt November',
      'REWE Markt',
    ]);

    // The history shows the imported rows.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'History' }).click();
    await history(page).waitFor();
    await waitForSynced(page);
    await expenseRow(page, 'REWE Markt').waitFor();
    await expenseRow(page, 'Café Zucker; Kuchen').waitFor();
    expect(await expenseRow(page, 'DB Fahrkarte').locator('.expense-amount').innerText()).toBe('€89.90');
    // The bank's credit came in as income.
    expect(await expenseRow(page, 'Gehalt November').locator('.expense-amount').innerText()).toContain('+€2,500.00');
    await page.screenshot({ path: screenshotPath('csv-4-imported-history-desktop.png') });

    // The same file again adds nothing.
    await openAccount(page);
    await page.getByText('Options', { exact: true }).click();
    await page.getByLabel('Dates are written').selectOption('dmy');
    await chooseFile(page, 'girokonto-november.csv', BANK_FILE);
    await eventually(async () => {
      expect(await preview.getByTestId('import-duplicates').innerText()).toBe('4');
    });
    expect(await preview.getByTestId('import-new').innerText()).toBe('0');
    expect(await preview.getByRole('button', { name: 'Nothing new to import' }).isDisabled()).toBe(true);
    await context.close();
  });

  it('fits a dark phone: the preview of a bank file', async () => {
    const context = await newContext(env.browser, env.server.url, { ...PHONE, colorScheme: 'dark', bypassCSP: true });
    const page = await context.newPage();
    await signUp(page, uniqueEmail('import-phone'));
    await openAccount(page);
    await page.getByText('Options', { exact: true }).click();
    await page.getByLabel('Dates are written').selectOption('dmy');
    await chooseFile(page, 'girokonto-november.csv', BANK_FILE);
    await eventually(async () => {
      expect(await page.getByTestId('import-new').innerText()).toBe('4');
    });
    const overflow = await page.evaluate(() => {
      const screen = document.querySelector('.account');
      return screen ? screen.scrollWidth - screen.clientWidth : -1;
    });
    expect(overflow).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('import-preview').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('csv-5-import-preview-phone-dark.png') });
    await context.close();
  });
});
