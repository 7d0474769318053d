import { describe, expect, it } from 'vitest';
import {
  dialog,
  eventually,
  expenseRow,
  history,
  signIn,
  signOut,
  signUp,
  uniqueEmail,
  waitForOutboxEmpty,
  waitForSynced,
} from './support/app-driver.js';
import { newContext, PHONE, screenshotPath } from './support/browser.js';
import { useServerAndBrowser } from './support/harness.js';

const env = useServerAndBrowser();

describe('income and an expense in another currency on a phone (Pixel 7, touch)', () => {
  it('adds both, shows both amounts in the history and income and balance on the dashboard, after a new sign-in too', async () => {
    const context = await newContext(env.browser, env.server.url, PHONE);
    const page = await context.newPage();
    const email = uniqueEmail('income');
    await page.goto('/');
    await signUp(page, email);
    const nav = page.getByRole('navigation', { name: 'Main' });
    const form = dialog(page);

    // Income: the kind toggle, then the usual fields (today's date is the default).
    await nav.getByRole('button', { name: 'Add' }).tap();
    await form.getByRole('heading', { name: 'Add expense' }).waitFor();
    await form.getByText('Income', { exact: true }).tap();
    expect(await form.getByRole('radio', { name: 'Income' }).isChecked()).toBe(true);
    await form.getByLabel('Amount').fill('2500');
    await form.getByLabel('Category', { exact: true }).fill('Salary');
    await form.getByLabel('Note').fill('Monthly salary');
    await form.getByRole('button', { name: 'Save' }).tap();
    await form.waitFor({ state: 'detached' });
    await waitForSynced(page);

    // An expense in US dollars at a rate typed by hand: the form shows the converted amount.
    await nav.getByRole('button', { name: 'Add' }).tap();
    await form.getByRole('heading', { name: 'Add expense' }).waitFor();
    await form.getByLabel('Amount').fill('100');
    await form.getByLabel('Currency').fill('USD');
    await form.getByLabel('Rate').fill('0.92');
    await form.getByText('= €92.00').waitFor();
    await form.getByLabel('Category', { exact: true }).fill('Travel');
    await form.getByLabel('Note').fill('Hotel in New York');
    await page.screenshot({ path: screenshotPath('income-currency-1-foreign-expense.png') });
    await form.getByRole('button', { name: 'Save' }).tap();
    await form.waitFor({ state: 'detached' });
    await waitForOutboxEmpty(page);
    await waitForSynced(page);

    const hotel = expenseRow(page, 'Hotel in New York');
    await eventually(async () => {
      expect(await hotel.locator('.expense-amount').innerText()).toMatch(/€92\.00\s+\$100\.00 @ 0\.92/);
      expect(await expenseRow(page, 'Monthly salary').locator('.expense-amount').innerText()).toContain('+€2,500.00');
    });
    expect(await page.locator('.history-summary').innerText()).toBe('1 expense · €92.00 · 1 income · +€2,500.00');
    await page.screenshot({ path: screenshotPath('income-currency-2-history.png') });

    // The next dollar amount starts from the rate last used for that pair in this wallet.
    await nav.getByRole('button', { name: 'Add' }).tap();
    await form.getByLabel('Currency').fill('USD');
    await eventually(async () => {
      expect(await form.getByLabel('Rate').inputValue()).toBe('0.92');
    });
    await form.getByRole('button', { name: 'Cancel' }).tap();
    await form.waitFor({ state: 'detached' });

    // The dashboard: spending, income and the balance of this month, from the server.
    await nav.getByRole('button', { name: 'Dashboard' }).tap();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await eventually(async () => {
      expect(await page.getByTestId('month-total').innerText()).toBe('€92.00');
      expect(await page.getByTestId('month-income').innerText()).toBe('€2,500.00');
      expect(await page.getByTestId('month-balance').innerText()).toBe('€2,408.00');
    });
    // The 12-month chart's figures: spending, entries, income and balance of each month.
    expect(await page.getByTestId('monthly-table').locator('tbody tr').last().locator('td').allInnerTexts()).toEqual([
      '€92.00',
      '1',
      '€2,500.00',
      '€2,408.00',
    ]);
    expect(await page.locator('.chart-readout-income').innerText()).toBe('income €2,500.00 · balance €2,408.00');
    await page.screenshot({ path: screenshotPath('income-currency-3-dashboard.png') });

    // A fresh sign-in downloads the same from the server: kinds, original amounts and rates kept.
    await signOut(page);
    await signIn(page, email);
    await history(page).waitFor();
    await eventually(async () => {
      expect(await hotel.locator('.expense-amount').innerText()).toMatch(/€92\.00\s+\$100\.00 @ 0\.92/);
      expect(await expenseRow(page, 'Monthly salary').locator('.expense-amount').innerText()).toContain('+€2,500.00');
    });
    await hotel.tap();
    await form.getByRole('heading', { name: 'Edit expense' }).waitFor();
    expect(await form.getByLabel('Amount').inputValue()).toBe('100.00');
    expect(await form.getByLabel('Currency').inputValue()).toBe('USD');
    expect(await form.getByLabel('Rate').inputValue()).toBe('0.92');
    await form.getByRole('button', { name: 'Cancel' }).tap();
    await context.close();
  });
});
