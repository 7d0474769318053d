import { describe, expect, it } from 'vitest';
import {
  addExpense,
  deleteExpense,
  editExpense,
  eventually,
  expenseRow,
  history,
  monthTotal,
  signIn,
  signOut,
  signUp,
  uniqueEmail,
  visibleCategories,
  waitForOutboxEmpty,
  waitForSynced,
} from './support/app-driver.js';
import { useServerAndBrowser } from './support/harness.js';
import { newContext, PHONE, screenshotPath } from './support/browser.js';

const env = useServerAndBrowser();

describe('main flow on a phone (Pixel 7, touch)', () => {
  it('works with taps, bottom navigation and 44px targets, with screenshots of each step', async () => {
    const context = await newContext(env.browser, env.server.url, PHONE);
    const page = await context.newPage();
    const email = uniqueEmail('phone');
    await page.goto('/');
    await page.getByLabel('Email').waitFor();
    await page.screenshot({ path: screenshotPath('phone-1-sign-in.png') });
    await signUp(page, email);
    await page.screenshot({ path: screenshotPath('phone-2-empty-history.png') });

    // The bottom navigation is on screen and its targets are at least 44px tall.
    const nav = page.getByRole('navigation', { name: 'Main' });
    const navBox = await nav.boundingBox();
    const viewport = page.viewportSize();
    expect(navBox && viewport && Math.round(navBox.y + navBox.height)).toBe(viewport?.height);
    for (const button of await nav.getByRole('button').all()) {
      expect((await button.boundingBox())?.height).toBeGreaterThanOrEqual(44);
    }

    await nav.getByRole('button', { name: 'Add' }).tap();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Add expense' }).waitFor();
    expect(await dialog.getByLabel('Amount').getAttribute('inputmode')).toBe('decimal');
    await dialog.getByLabel('Amount').fill('12,50');
    await dialog.getByRole('button', { name: 'Groceries' }).tap();
    await dialog.getByLabel('Date').fill('2026-11-03');
    await page.screenshot({ path: screenshotPath('phone-3-add-dialog.png') });
    await dialog.getByRole('button', { name: 'Save' }).tap();
    await dialog.waitFor({ state: 'detached' });
    await waitForSynced(page);

    await addExpense(page, { amount: '30', category: 'Transport', date: '2026-11-05', note: 'Monthly pass' });
    await addExpense(page, { amount: '5.25', category: 'Dining out', date: '2026-10-30', note: 'Lunch' });
    await editExpense(page, 'Lunch', { amount: '6.75' });
    await deleteExpense(page, 'Monthly pass');
    await page.screenshot({ path: screenshotPath('phone-4-undo-snackbar.png') });
    await page.locator('.snackbar').getByRole('button', { name: 'Undo' }).tap();
    await expenseRow(page, 'Monthly pass').waitFor();
    await deleteExpense(page, 'Groceries');
    await waitForOutboxEmpty(page);

    await page.reload();
    await history(page).waitFor();
    await waitForSynced(page);
    await eventually(async () => {
      expect(await visibleCategories(page)).toEqual(['Transport', 'Dining out']);
    });
    expect(await monthTotal(page, '2026-11')).toBe('€30.00');
    expect(await monthTotal(page, '2026-10')).toBe('€6.75');
    await page.screenshot({ path: screenshotPath('phone-5-history.png') });

    await signOut(page);
    await signIn(page, email);
    await eventually(async () => {
      expect(await visibleCategories(page)).toEqual(['Transport', 'Dining out']);
    });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Account' }).tap();
    await page.getByText(email).waitFor();
    await page.screenshot({ path: screenshotPath('phone-6-account.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'History' }).tap();
    await expenseRow(page, 'Lunch').waitFor();
    await page.screenshot({ path: screenshotPath('phone-7-history-dark.png') });
    await context.close();
  });
});
