import { describe, expect, it } from 'vitest';
import {
  addExpense,
  eventually,
  expenseRow,
  monthTotal,
  openAddDialog,
  signUp,
  uniqueEmail,
  visibleCategories,
  waitForSynced,
} from './support/app-driver.js';
import { useServerAndBrowser } from './support/harness.js';
import { newContext } from './support/browser.js';
import { callApiFromPage } from './support/api.js';

const env = useServerAndBrowser();

describe('wallet switcher', () => {
  it('switches between the personal wallet and another one, each with its own expenses and currency', async () => {
    const context = await newContext(env.browser, env.server.url);
    const page = await context.newPage();
    await signUp(page, uniqueEmail('wallets'));
    await addExpense(page, { amount: '10.00', category: 'Groceries', date: '2026-11-02', note: 'Personal shop' });

    // A second wallet made elsewhere (another device, or the API) shows up after a refresh.
    const created = (await callApiFromPage(page, 'POST', '/api/v1/wallets', { name: 'Holiday', currency: 'USD' }))
      .status;
    expect(created).toBe(201);
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    const switcher = page.getByLabel('Wallet', { exact: true });
    await eventually(async () => {
      expect(await switcher.locator('option').allInnerTexts()).toEqual(
        expect.arrayContaining(['Personal · EUR', 'Holiday · USD']),
      );
    });

    await switcher.selectOption({ label: 'Holiday · USD' });
    await page.getByText('No expenses yet.').waitFor();
    await openAddDialog(page);
    expect(await page.getByRole('dialog').getByText('(USD)').count()).toBe(1);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await addExpense(page, { amount: '42.50', category: 'Museum', date: '2026-11-04', note: 'Tickets' });
    expect(await monthTotal(page, '2026-11')).toBe('$42.50');
    expect(await visibleCategories(page)).toEqual(['Museum']);

    await switcher.selectOption({ label: 'Personal · EUR' });
    await expenseRow(page, 'Personal shop').waitFor();
    expect(await visibleCategories(page)).toEqual(['Groceries']);
    expect(await monthTotal(page, '2026-11')).toBe('€10.00');

    // The choice survives a reload.
    await switcher.selectOption({ label: 'Holiday · USD' });
    await page.reload();
    await waitForSynced(page);
    await expenseRow(page, 'Tickets').waitFor();
    expect(await page.getByLabel('Wallet', { exact: true }).inputValue()).not.toBe('');
    await context.close();
  });
});
