import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  addExpense,
  dialog,
  editExpense,
  eventually,
  expenseRow,
  history,
  openAddDialog,
  signIn,
  signUp,
  uniqueEmail,
  waitForOutboxEmpty,
  waitForSynced,
  type ExpenseInput,
  goOffline,
} from './support/app-driver.js';
import { apiAs, callApiFromPage, registerThroughApi } from './support/api.js';
import { localRows } from './support/local-store.js';
import { seriousViolations } from './support/axe-check.js';
import { newContext, PHONE, screenshotPath } from './support/browser.js';
import { useServerAndBrowser } from './support/harness.js';

const env = useServerAndBrowser();

/** Brings the window to the front, as a user switching back to it: the app syncs on focus. */
async function focus(page: Page): Promise<void> {
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
}

function indicator(page: Page) {
  return page.locator('.sync-indicator');
}

/** Saves a change without waiting for the server: offline it stays queued on the device. */
async function saveDialog(page: Page): Promise<void> {
  await dialog(page).getByRole('button', { name: 'Save' }).click();
  await dialog(page).waitFor({ state: 'detached' });
}

async function editOffline(page: Page, rowText: string, changes: Partial<ExpenseInput>): Promise<void> {
  await expenseRow(page, rowText).click();
  await dialog(page).getByRole('heading', { name: 'Edit expense' }).waitFor();
  if (changes.amount !== undefined) await dialog(page).getByLabel('Amount').fill(changes.amount);
  if (changes.note !== undefined) await dialog(page).getByLabel('Note').fill(changes.note);
  await saveDialog(page);
}

async function amountOf(page: Page, rowText: string): Promise<string> {
  return (await expenseRow(page, rowText).locator('.expense-amount').innerText()).trim();
}

/** The server's copy of the signed-in user's expenses, read through the API with the page's session. */
async function serverExpenses(page: Page): Promise<{ id: string; note: string | null; amount: string }[]> {
  const listed = await callApiFromPage(page, 'GET', '/api/v1/expenses?limit=100');
  return (listed.json as { items: { id: string; note: string | null; amount: string }[] }).items;
}

describe('offline editing and sync', () => {
  it('edits of different fields made on two devices, one offline, are merged; edits of the same field become a conflict settled with one tap', async () => {
    const laptop = await newContext(env.browser, env.server.url);
    // axe is injected as an inline script, which the app's strict CSP rightly refuses.
    const phone = await newContext(env.browser, env.server.url, { ...PHONE, bypassCSP: true });
    const laptopPage = await laptop.newPage();
    const phonePage = await phone.newPage();
    const email = uniqueEmail('offline-merge');
    await signUp(laptopPage, email);
    await signIn(phonePage, email);
    await addExpense(laptopPage, { amount: '10.00', category: 'Lunch', date: '2026-11-10', note: 'Canteen' });
    await focus(phonePage);
    await expenseRow(phonePage, 'Canteen').waitFor();

    // Different fields: the phone changes the note offline, the laptop the amount online.
    await goOffline(phone, phonePage);
    await editOffline(phonePage, 'Canteen', { note: 'Canteen with Sam' });
    await expenseRow(phonePage, 'Canteen with Sam').locator('.pending-dot').waitFor();
    await eventually(async () => {
      expect(await indicator(phonePage).innerText()).toBe('Offline · 1 waiting');
    });
    await editExpense(laptopPage, 'Canteen', { amount: '12.50' });

    await phone.setOffline(false);
    await waitForOutboxEmpty(phonePage);
    await eventually(async () => {
      expect(await amountOf(phonePage, 'Canteen with Sam')).toBe('€12.50');
      expect(await expenseRow(phonePage, 'Canteen with Sam').locator('.pending-dot').count()).toBe(0);
    });
    await focus(laptopPage);
    await eventually(async () => {
      expect(await amountOf(laptopPage, 'Canteen with Sam')).toBe('€12.50');
    });

    // The same field: both change the amount; the phone's arrives second and loses for now.
    await goOffline(phone, phonePage);
    await editOffline(phonePage, 'Canteen with Sam', { amount: '20.00' });
    await editExpense(laptopPage, 'Canteen with Sam', { amount: '30.00' });
    await phone.setOffline(false);
    await waitForOutboxEmpty(phonePage);
    await eventually(async () => {
      expect(await amountOf(phonePage, 'Canteen with Sam')).toBe('€30.00');
    });

    const badge = phonePage.getByRole('button', { name: /^Conflicts/ });
    await badge.click();
    await phonePage.getByRole('heading', { name: 'Conflicts', level: 1 }).waitFor();
    const card = phonePage.getByTestId('conflict');
    // The screen reads its conflicts from the local store after the heading is up.
    await card.first().waitFor();
    expect(await card.count()).toBe(1);
    expect(await card.locator('thead th').allTextContents()).toEqual(['Field', 'Mine', 'Theirs']);
    const amountRow = card.locator('tr[data-field="amount"]');
    expect(await amountRow.locator('td[data-side="left"]').innerText()).toBe('€20.00');
    expect(await amountRow.locator('td[data-side="right"]').innerText()).toBe('€30.00');
    expect(await seriousViolations(phonePage)).toEqual([]);
    expect(await phonePage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(412);
    await phonePage.screenshot({ path: screenshotPath('offline-sync-conflict-phone.png') });

    await card.getByRole('button', { name: 'Keep mine' }).click();
    await phonePage.getByText('No conflicts. Every change is saved.').waitFor();
    expect(await badge.count()).toBe(0);
    await phonePage.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'History' }).click();
    await eventually(async () => {
      expect(await amountOf(phonePage, 'Canteen with Sam')).toBe('€20.00');
    });
    await focus(laptopPage);
    await eventually(async () => {
      expect(await amountOf(laptopPage, 'Canteen with Sam')).toBe('€20.00');
    });
    await waitForSynced(laptopPage);
    expect((await serverExpenses(laptopPage)).map((item) => `${item.note ?? ''} ${item.amount}`)).toEqual([
      'Canteen with Sam 20.00',
    ]);
    await laptop.close();
    await phone.close();
  });

  it('ten expenses added offline reach the server exactly once, and the app starts offline with the last data', async () => {
    const context = await newContext(env.browser, env.server.url);
    const page = await context.newPage();
    await signUp(page, uniqueEmail('offline-ten'));
    await addExpense(page, { amount: '1.00', category: 'Coffee', date: '2026-11-01', note: 'Online first' });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });

    await goOffline(context, page);
    await page.reload();
    await history(page).waitFor();
    await expenseRow(page, 'Online first').waitFor();
    for (let index = 1; index <= 10; index += 1) {
      await openAddDialog(page);
      await dialog(page)
        .getByLabel('Amount')
        .fill(`${String(index)}.50`);
      await dialog(page).getByLabel('Category', { exact: true }).fill('Snacks');
      await dialog(page).getByLabel('Date').fill('2026-11-02');
      await dialog(page)
        .getByLabel('Note')
        .fill(`Offline ${String(index)}`);
      await saveDialog(page);
    }
    await eventually(async () => {
      expect(await indicator(page).innerText()).toBe('Offline · 10 waiting');
      expect(
        (await localRows<{ note: string | null; pending: boolean }>(page, 'expenses')).filter((row) => row.pending),
      ).toHaveLength(10);
    });

    await context.setOffline(false);
    await waitForOutboxEmpty(page);
    const stored = await serverExpenses(page);
    expect(stored).toHaveLength(11);
    expect(new Set(stored.map((item) => item.id)).size).toBe(11);
    expect(stored.map((item) => item.note ?? '').sort()).toEqual(
      ['Online first', ...Array.from({ length: 10 }, (_, index) => `Offline ${String(index + 1)}`)].sort(),
    );

    // Started again without a connection: the last data is there, nothing waits.
    await context.setOffline(true);
    await page.reload();
    await history(page).waitFor();
    await expenseRow(page, 'Offline 10').waitFor();
    const local = await localRows<{ note: string | null; pending: boolean }>(page, 'expenses');
    expect(local).toHaveLength(11);
    expect(local.filter((row) => row.pending)).toEqual([]);
    expect(await page.locator('.expense-row .pending-dot').count()).toBe(0);
    await context.close();
  });

  it('a member removed from a shared wallet while offline is told which changes could not be saved, and the wallet goes', async () => {
    const ownerEmail = uniqueEmail('owner');
    const memberEmail = uniqueEmail('member');
    const asOwner = apiAs(env.server.app, await registerThroughApi(env.server.app, ownerEmail));
    const asMember = apiAs(env.server.app, await registerThroughApi(env.server.app, memberEmail));
    const wallet = (await asOwner('POST', '/api/v1/wallets', { name: 'Household', currency: 'EUR' })).json<{
      id: string;
    }>();
    const invite = (
      await asOwner('POST', `/api/v1/wallets/${wallet.id}/invites`, { email: memberEmail, role: 'editor' })
    ).json<{ id: string }>();
    expect((await asMember('POST', `/api/v1/invites/${invite.id}/accept`, {})).statusCode).toBe(200);
    const shared = { walletId: wallet.id, amount: '40.00', category: 'Groceries', date: '2026-11-05', note: 'Market' };
    expect((await asOwner('POST', '/api/v1/expenses', shared)).statusCode).toBe(201);

    const context = await newContext(env.browser, env.server.url);
    const page = await context.newPage();
    await page.goto('/');
    await signIn(page, memberEmail);
    const switcher = page.getByLabel('Wallet', { exact: true });
    await eventually(async () => {
      expect(await switcher.locator('option').allInnerTexts()).toContain('Household · EUR');
    });
    await switcher.selectOption({ label: 'Household · EUR' });
    await expenseRow(page, 'Market').waitFor();

    await goOffline(context, page);
    for (const note of ['Milk', 'Bread']) {
      await openAddDialog(page);
      await dialog(page).getByLabel('Amount').fill('2.00');
      await dialog(page).getByLabel('Category', { exact: true }).fill('Groceries');
      await dialog(page).getByLabel('Note').fill(note);
      await saveDialog(page);
    }
    await eventually(async () => {
      expect(await indicator(page).innerText()).toBe('Offline · 2 waiting');
    });
    const members = (await asOwner('GET', `/api/v1/wallets/${wallet.id}/members`)).json<
      { userId: string; email: string }[]
    >();
    const memberId = members.find((item) => item.email === memberEmail)?.userId ?? '';
    expect((await asOwner('DELETE', `/api/v1/wallets/${wallet.id}/members/${memberId}`)).statusCode).toBe(204);

    await context.setOffline(false);
    await page
      .locator('.snackbar', {
        hasText: 'You were removed from “Household”; 2 changes you made offline could not be saved.',
      })
      .waitFor();
    await eventually(async () => {
      expect(await switcher.locator('option').allInnerTexts()).toEqual(['Personal · EUR']);
    });
    await waitForOutboxEmpty(page);
    const stored = (await asOwner('GET', `/api/v1/expenses?walletId=${wallet.id}`)).json<{
      items: { note: string | null }[];
    }>();
    expect(stored.items.map((item) => item.note)).toEqual(['Market']);
    await context.close();
  });

  it('two tabs of one browser share one outbox: a change in one shows in the other, and both tabs’ offline changes reach the server once', async () => {
    const context = await newContext(env.browser, env.server.url);
    const first = await context.newPage();
    await signUp(first, uniqueEmail('tabs'));
    const second = await context.newPage();
    await second.goto('/');
    await history(second).waitFor();
    await waitForSynced(second);

    // The second tab shows the first tab's change: its live queries see every write to IndexedDB.
    await addExpense(first, { amount: '3.00', category: 'Coffee', date: '2026-11-03', note: 'From the first tab' });
    await expenseRow(second, 'From the first tab').waitFor();

    await context.setOffline(true);
    for (const [page, note] of [
      [first, 'First tab offline'],
      [second, 'Second tab offline'],
    ] as const) {
      await openAddDialog(page);
      await dialog(page).getByLabel('Amount').fill('1.25');
      await dialog(page).getByLabel('Category', { exact: true }).fill('Snacks');
      await dialog(page).getByLabel('Note').fill(note);
      await saveDialog(page);
    }
    await eventually(async () => {
      expect(await indicator(first).innerText()).toBe('Offline · 2 waiting');
      expect(await indicator(second).innerText()).toBe('Offline · 2 waiting');
    });
    await context.setOffline(false);
    await waitForOutboxEmpty(first);
    await waitForSynced(second);
    const stored = await serverExpenses(first);
    expect(stored.map((item) => item.note ?? '').sort()).toEqual([
      'First tab offline',
      'From the first tab',
      'Second tab offline',
    ]);
    await expenseRow(second, 'First tab offline').waitFor();
    await context.close();
  });
});
