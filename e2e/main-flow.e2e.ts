import { describe, expect, it } from 'vitest';
import {
  addExpense,
  deleteExpense,
  dialog,
  editExpense,
  eventually,
  expenseRow,
  history,
  monthTotal,
  openAddDialog,
  signIn,
  signOut,
  signUp,
  uniqueEmail,
  visibleCategories,
  waitForOutboxEmpty,
  waitForSynced,
} from './support/app-driver.js';
import { useServerAndBrowser } from './support/harness.js';
import { newContext } from './support/browser.js';

const env = useServerAndBrowser();

describe('main flow on desktop', () => {
  it('register, add three, edit one, delete one and undo another, reload, sign out and in: the history and month totals stay right', async () => {
    const context = await newContext(env.browser, env.server.url);
    const page = await context.newPage();
    const email = uniqueEmail('main');
    await signUp(page, email);

    await addExpense(page, { amount: '12,50', category: 'Groceries', date: '2026-11-03', note: 'Market' });
    await addExpense(page, { amount: '1,234.56', category: 'Rent', date: '2026-11-01' });
    await addExpense(page, { amount: '7.20', category: 'Transport', date: '2026-10-28', note: 'Tram ticket' });
    expect(await visibleCategories(page)).toEqual(['Groceries', 'Rent', 'Transport']);
    expect(await monthTotal(page, '2026-11')).toBe('€1,247.06');
    expect(await monthTotal(page, '2026-10')).toBe('€7.20');

    // Edit: the amount and the note of the tram ticket.
    await editExpense(page, 'Tram ticket', { amount: '8.40', note: 'Tram day ticket' });
    await eventually(async () => {
      expect(await monthTotal(page, '2026-10')).toBe('€8.40');
    });

    // Delete the groceries, then take it back with Undo.
    await deleteExpense(page, 'Market');
    // The list re-renders as a deferred update, so the row goes within a frame or two, not at once.
    await eventually(async () => {
      expect(await expenseRow(page, 'Market').count()).toBe(0);
    });
    await page.locator('.snackbar').getByRole('button', { name: 'Undo' }).click();
    await expenseRow(page, 'Market').waitFor();

    // Delete the rent for good: it goes to the server once the undo window has passed.
    await deleteExpense(page, 'Rent');
    await waitForOutboxEmpty(page);

    await page.reload();
    await history(page).waitFor();
    await waitForSynced(page);
    await eventually(async () => {
      expect(await visibleCategories(page)).toEqual(['Groceries', 'Transport']);
    });
    expect(await monthTotal(page, '2026-11')).toBe('€12.50');
    expect(await monthTotal(page, '2026-10')).toBe('€8.40');
    expect(await page.locator('.history-summary').innerText()).toBe('2 expenses · €20.90');

    // Filters: category, date range and text search narrow the list and its totals.
    await page.getByRole('button', { name: /^Filters/ }).click();
    await page.getByLabel('Category', { exact: true }).selectOption('Transport');
    await eventually(async () => {
      expect(await visibleCategories(page)).toEqual(['Transport']);
    });
    expect(await page.locator('.history-summary').innerText()).toBe('1 expense · €8.40');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('From', { exact: true }).fill('2026-11-01');
    await eventually(async () => {
      expect(await visibleCategories(page)).toEqual(['Groceries']);
    });
    await page.getByLabel('From', { exact: true }).fill('2026-10-01');
    await page.getByLabel('To', { exact: true }).fill('2026-10-31');
    await eventually(async () => {
      expect(await visibleCategories(page)).toEqual(['Transport']);
    });
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('Search notes and categories').fill('market');
    await eventually(async () => {
      expect(await visibleCategories(page)).toEqual(['Groceries']);
    });
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await eventually(async () => {
      expect(await visibleCategories(page)).toEqual(['Groceries', 'Transport']);
    });

    await signOut(page);
    // Nothing of the user's is left in this browser after signing out.
    const leftovers = await page.evaluate(async () => {
      const open = indexedDB.open('trackthatmoney');
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        open.onsuccess = () => {
          resolve(open.result);
        };
        open.onerror = () => {
          reject(new Error('open failed'));
        };
      });
      const count = await new Promise<number>((resolve) => {
        const request = db.transaction('expenses').objectStore('expenses').count();
        request.onsuccess = () => {
          resolve(request.result);
        };
      });
      db.close();
      return count;
    });
    expect(leftovers).toBe(0);

    await signIn(page, email);
    await eventually(async () => {
      expect(await visibleCategories(page)).toEqual(['Groceries', 'Transport']);
    });
    expect(await monthTotal(page, '2026-11')).toBe('€12.50');
    expect(await monthTotal(page, '2026-10')).toBe('€8.40');
    await expenseRow(page, 'Tram day ticket').waitFor();
    await context.close();
  });

  it('shows field errors from the shared schemas and keeps the dialog open', async () => {
    const context = await newContext(env.browser, env.server.url);
    const page = await context.newPage();
    await signUp(page, uniqueEmail('errors'));
    await page.getByRole('button', { name: 'Add expense', exact: true }).click();
    const form = page.getByRole('dialog');
    // The date starts at today on the device's calendar (the context runs in Europe/Berlin).
    const today = await page.evaluate(() => {
      const now = new Date();
      return `${String(now.getFullYear())}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
    });
    expect(await form.getByLabel('Date').inputValue()).toBe(today);
    await form.getByLabel('Amount').fill('12.345');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('EUR amounts have at most 2 decimal places').waitFor();
    await form.getByText('Category is required').waitFor();
    expect(await form.getByLabel('Amount').getAttribute('aria-invalid')).toBe('true');
    // The first invalid field gets the focus.
    await eventually(async () => {
      expect(await page.evaluate(() => document.activeElement?.getAttribute('inputmode'))).toBe('decimal');
    });
    await form.getByRole('button', { name: 'Cancel' }).click();
    await form.waitFor({ state: 'detached' });
    await context.close();
  });

  it('an expired session goes back to sign-in and the unsaved expense comes back after signing in again', async () => {
    const context = await newContext(env.browser, env.server.url);
    const page = await context.newPage();
    const email = uniqueEmail('expiry');
    await signUp(page, email);
    await openAddDialog(page);
    await dialog(page).getByLabel('Amount').fill('19,99');
    await dialog(page).getByLabel('Category', { exact: true }).fill('Gifts');
    await dialog(page).getByLabel('Note').fill('Half-typed birthday present');

    // The session ends on the server (as after a password change elsewhere), and the access
    // token in memory is refused on the next call.
    await page.evaluate(async () => {
      await fetch('/api/v1/auth/logout', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
    });
    await page.route('**/api/v1/wallets', (route) =>
      route.fulfill({
        status: 401,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          type: 'about:blank',
          title: 'Authentication required',
          status: 401,
          detail: 'Token expired',
          code: 'unauthenticated',
        }),
      }),
    );
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await page.getByText('Your session has ended.').waitFor();
    await page.unroute('**/api/v1/wallets');

    await signIn(page, email);
    const restored = dialog(page);
    await restored.getByRole('heading', { name: 'Add expense' }).waitFor();
    expect(await restored.getByLabel('Amount').inputValue()).toBe('19,99');
    expect(await restored.getByLabel('Category', { exact: true }).inputValue()).toBe('Gifts');
    expect(await restored.getByLabel('Note').inputValue()).toBe('Half-typed birthday present');
    await restored.getByRole('button', { name: 'Save' }).click();
    await restored.waitFor({ state: 'detached' });
    await waitForSynced(page);
    await expenseRow(page, 'Half-typed birthday present').waitFor();
    await context.close();
  });
});
