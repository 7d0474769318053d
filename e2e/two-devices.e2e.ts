import { describe, expect, it } from 'vitest';
import {
  addExpense,
  deleteExpense,
  editExpense,
  eventually,
  expenseRow,
  monthTotal,
  signIn,
  signUp,
  uniqueEmail,
  visibleCategories,
  waitForOutboxEmpty,
  waitForSynced,
} from './support/app-driver.js';
import { useServerAndBrowser } from './support/harness.js';
import { newContext } from './support/browser.js';

const env = useServerAndBrowser();

describe('two devices signed in as the same user', () => {
  it('a change made on one shows on the other when it gets focus or is refreshed', async () => {
    const laptop = await newContext(env.browser, env.server.url);
    const phone = await newContext(env.browser, env.server.url);
    const laptopPage = await laptop.newPage();
    const phonePage = await phone.newPage();
    const email = uniqueEmail('devices');
    await signUp(laptopPage, email);
    await signIn(phonePage, email);

    // Added on the laptop; the phone sees it when its window gets focus.
    await addExpense(laptopPage, { amount: '4.50', category: 'Coffee', date: '2026-11-10', note: 'Flat white' });
    expect(await expenseRow(phonePage, 'Flat white').count()).toBe(0);
    await phonePage.evaluate(() => window.dispatchEvent(new Event('focus')));
    await expenseRow(phonePage, 'Flat white').waitFor();
    expect(await monthTotal(phonePage, '2026-11')).toBe('€4.50');

    // Edited on the phone; the laptop sees it when the tab becomes visible again.
    await editExpense(phonePage, 'Flat white', { amount: '5.10' });
    await laptopPage.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await eventually(async () => {
      expect(await monthTotal(laptopPage, '2026-11')).toBe('€5.10');
    });

    // Deleted on the laptop; the phone loses it after a reload.
    await deleteExpense(laptopPage, 'Flat white');
    await waitForOutboxEmpty(laptopPage);
    await phonePage.reload();
    await waitForSynced(phonePage);
    await eventually(async () => {
      expect(await visibleCategories(phonePage)).toEqual([]);
    });
    await phonePage.getByText('No expenses yet.').waitFor();

    // An edit of the same field based on a stale copy does not overwrite the newer one: the newer
    // value stays, and the stale one waits on the conflicts screen.
    await addExpense(phonePage, { amount: '9.00', category: 'Books', date: '2026-11-11', note: 'Paperback' });
    await laptopPage.evaluate(() => window.dispatchEvent(new Event('focus')));
    await expenseRow(laptopPage, 'Paperback').waitFor();
    await editExpense(phonePage, 'Paperback', { amount: '9.50' });
    await expenseRow(laptopPage, 'Paperback').click();
    const dialog = laptopPage.getByRole('dialog');
    await dialog.getByLabel('Amount').fill('11.00');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await laptopPage.locator('.snackbar', { hasText: 'Someone else changed amount too' }).waitFor();
    await eventually(async () => {
      expect(await monthTotal(laptopPage, '2026-11')).toBe('€9.50');
    });
    await laptopPage.getByRole('button', { name: /^Conflicts/ }).waitFor();
    await laptop.close();
    await phone.close();
  });
});
