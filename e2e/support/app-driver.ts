import type { BrowserContext, Locator, Page } from 'playwright-core';
import { expect, vi } from 'vitest';
import { localRows } from './local-store.js';

export interface ExpenseInput {
  readonly amount: string;
  readonly category: string;
  readonly date?: string;
  readonly note?: string;
}

let counter = 0;

/** A fresh email per call, so tests sharing a server never collide. */
export function uniqueEmail(prefix: string): string {
  counter += 1;
  return `${prefix}-${String(Date.now())}-${String(counter)}@example.com`;
}

export const PASSWORD = 'a long and unusual passphrase 42';

/** Polls until the assertion passes: the tests wait for conditions, never for time. */
export async function eventually(assertion: () => Promise<void> | void, timeout = 15_000): Promise<void> {
  await vi.waitFor(assertion, { timeout, interval: 100 });
}

export function history(page: Page): Locator {
  return page.getByRole('heading', { name: 'History', level: 1 });
}

export async function signUp(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Create account' }).first().click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.locator('form').getByRole('button', { name: 'Create account' }).click();
  await history(page).waitFor();
  await waitForSynced(page);
}

export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  if (!(await page.getByLabel('Email').isVisible())) await page.goto('/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.locator('form').getByRole('button', { name: 'Sign in' }).click();
  await history(page).waitFor();
  await waitForSynced(page);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Account' }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Email').waitFor();
}

/** Waits until the sync indicator says everything is on the server. */
export async function waitForSynced(page: Page): Promise<void> {
  await eventually(async () => {
    const indicator = page.locator('.sync-indicator');
    expect(await indicator.getAttribute('data-sync-state')).toBe('synced');
    expect(await indicator.textContent()).toBe('Synced');
  }, 20_000);
}

/** Cuts the browser context off the network and waits until the app says it is offline. */
export async function goOffline(context: BrowserContext, page: Page): Promise<void> {
  await context.setOffline(true);
  await eventually(async () => {
    expect(await page.locator('.sync-indicator').getAttribute('data-sync-state')).toBe('offline');
  });
}

/** Waits until every local write, deletes in their undo window included, has reached the server. */
export async function waitForOutboxEmpty(page: Page): Promise<void> {
  await eventually(async () => {
    expect(await localRows(page, 'outbox')).toEqual([]);
  }, 20_000);
  await waitForSynced(page);
}

export function dialog(page: Page): Locator {
  return page.getByRole('dialog');
}

async function fillExpenseForm(page: Page, input: Partial<ExpenseInput>): Promise<void> {
  const form = dialog(page);
  if (input.amount !== undefined) await form.getByLabel('Amount').fill(input.amount);
  if (input.category !== undefined) await form.getByLabel('Category', { exact: true }).fill(input.category);
  if (input.date !== undefined) await form.getByLabel('Date').fill(input.date);
  if (input.note !== undefined) await form.getByLabel('Note').fill(input.note);
}

export async function openAddDialog(page: Page): Promise<void> {
  const desktopButton = page.getByRole('button', { name: 'Add expense', exact: true });
  if (await desktopButton.isVisible()) await desktopButton.click();
  else await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Add' }).click();
  await dialog(page).getByRole('heading', { name: 'Add expense' }).waitFor();
}

export async function addExpense(page: Page, input: ExpenseInput): Promise<void> {
  await openAddDialog(page);
  await fillExpenseForm(page, input);
  await dialog(page).getByRole('button', { name: 'Save' }).click();
  await dialog(page).waitFor({ state: 'detached' });
  await waitForSynced(page);
}

export function expenseRow(page: Page, text: string): Locator {
  return page.locator('.expense-row', { hasText: text });
}

export async function editExpense(page: Page, rowText: string, changes: Partial<ExpenseInput>): Promise<void> {
  await expenseRow(page, rowText).click();
  await dialog(page).getByRole('heading', { name: 'Edit expense' }).waitFor();
  await fillExpenseForm(page, changes);
  await dialog(page).getByRole('button', { name: 'Save' }).click();
  await dialog(page).waitFor({ state: 'detached' });
  await waitForSynced(page);
}

export async function deleteExpense(page: Page, rowText: string): Promise<void> {
  await expenseRow(page, rowText).click();
  await dialog(page).getByRole('button', { name: 'Delete' }).click();
  await dialog(page).waitFor({ state: 'detached' });
  await page.locator('.snackbar', { hasText: 'Expense deleted' }).waitFor();
}

export async function monthTotal(page: Page, month: string): Promise<string> {
  return (await page.locator(`.month-header[data-month="${month}"] .month-total`).first().innerText()).replace(
    /^Total\s*/,
    '',
  );
}

export async function visibleCategories(page: Page): Promise<string[]> {
  return page.locator('.expense-row .expense-category').allInnerTexts();
}
