import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  dialog,
  eventually,
  expenseRow,
  openAddDialog,
  signOut,
  signUp,
  uniqueEmail,
  waitForOutboxEmpty,
  waitForSynced,
  goOffline,
} from './support/app-driver.js';
import { callApiFromPage } from './support/api.js';
import { PDF, solidPng } from './support/sample-files.js';
import { newContext, PHONE, screenshotPath } from './support/browser.js';
import { useServerAndBrowser } from './support/harness.js';

const env = useServerAndBrowser();

interface ServerReceipt {
  readonly id: string;
  readonly expenseId: string;
  readonly contentType: string;
  readonly byteSize: number;
}

async function serverReceipts(page: Page): Promise<ServerReceipt[]> {
  const listed = await callApiFromPage(page, 'GET', '/api/v1/receipts');
  expect(listed.status).toBe(200);
  return (listed.json as { items: ServerReceipt[] }).items;
}

function rowThumbs(page: Page, rowText: string): Locator {
  return expenseRow(page, rowText).locator('[data-testid="receipt-row-thumbs"]');
}

/** Receipts kept in this browser's IndexedDB (synced and queued). */
async function storedReceiptCount(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const opening = indexedDB.open('trackthatmoney-receipts');
        opening.onerror = () => {
          reject(new Error('cannot open the receipt store'));
        };
        opening.onsuccess = () => {
          const transaction = opening.result.transaction(['receipts', 'uploads']);
          const synced = transaction.objectStore('receipts').count();
          const queued = transaction.objectStore('uploads').count();
          transaction.oncomplete = () => {
            resolve(synced.result + queued.result);
            opening.result.close();
          };
        };
      }),
  );
}

describe('receipts on a phone (Pixel 7, touch)', () => {
  it('attaches a photo and a PDF, shows thumbnails and the viewer, and uploads one taken offline once back online', async () => {
    const context = await newContext(env.browser, env.server.url, PHONE);
    const page = await context.newPage();
    await signUp(page, uniqueEmail('receipts'));

    // A photo picked while adding the expense: the file input offers the back camera on a phone.
    await openAddDialog(page);
    const attach = dialog(page).getByLabel('Attach receipt');
    expect(await attach.getAttribute('capture')).toBe('environment');
    expect(await attach.getAttribute('accept')).toBe('image/*,application/pdf');
    await dialog(page).getByLabel('Amount').fill('23,40');
    await dialog(page).getByLabel('Category', { exact: true }).fill('Groceries');
    await dialog(page).getByLabel('Note').fill('Market');
    await attach.setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: solidPng(64, 96, [200, 30, 30]) });
    await dialog(page).getByRole('button', { name: 'Show receipt 1 (not uploaded yet)' }).waitFor();
    await page.screenshot({ path: screenshotPath('receipts-1-add-with-photo.png') });
    await dialog(page).getByRole('button', { name: 'Save' }).tap();
    await dialog(page).waitFor({ state: 'detached' });
    await waitForOutboxEmpty(page);

    await eventually(async () => {
      expect((await serverReceipts(page)).map((receipt) => receipt.contentType)).toEqual(['image/png']);
    });
    const thumbs = rowThumbs(page, 'Market');
    await eventually(async () => {
      expect(await thumbs.getAttribute('data-count')).toBe('1');
      expect(await thumbs.locator('[data-pending="true"]').count()).toBe(0);
      // The preview was made in the browser from the photo.
      expect(await thumbs.locator('img').count()).toBe(1);
    });

    // A PDF added to the saved expense, then the photo opened in the viewer.
    await expenseRow(page, 'Market').tap();
    await dialog(page).getByRole('heading', { name: 'Edit expense' }).waitFor();
    await dialog(page)
      .getByLabel('Attach receipt')
      .setInputFiles({ name: 'invoice.pdf', mimeType: 'application/pdf', buffer: PDF });
    await eventually(async () => {
      expect((await serverReceipts(page)).map((receipt) => receipt.contentType).sort()).toEqual([
        'application/pdf',
        'image/png',
      ]);
    });
    const list = dialog(page).getByTestId('receipt-list');
    await eventually(async () => {
      expect(await list.locator('[data-pending="false"]').count()).toBe(2);
      expect(await list.locator('.receipt-icon').allInnerTexts()).toEqual(['PDF']);
    });
    await page.screenshot({ path: screenshotPath('receipts-2-edit-dialog.png') });
    await dialog(page).getByRole('button', { name: 'Show receipt 1' }).tap();
    const viewer = page.getByRole('dialog', { name: 'Receipt' });
    const image = viewer.getByRole('img', { name: 'Receipt' });
    await image.waitFor();
    await eventually(async () => {
      expect(await image.evaluate((element) => (element as HTMLImageElement).naturalWidth)).toBe(64);
    });
    await page.screenshot({ path: screenshotPath('receipts-3-viewer.png') });
    await viewer.getByRole('button', { name: 'Done' }).tap();
    await viewer.waitFor({ state: 'detached' });
    await dialog(page).getByRole('button', { name: 'Cancel' }).tap();
    await dialog(page).waitFor({ state: 'detached' });
    await eventually(async () => {
      expect(await rowThumbs(page, 'Market').getAttribute('data-count')).toBe('2');
    });

    // Offline: the expense and its photo are kept on the device, the photo shown as pending.
    await goOffline(context, page);
    await openAddDialog(page);
    await dialog(page).getByLabel('Amount').fill('18');
    await dialog(page).getByLabel('Category', { exact: true }).fill('Transport');
    await dialog(page).getByLabel('Note').fill('Taxi');
    await dialog(page)
      .getByLabel('Attach receipt')
      .setInputFiles({ name: 'taxi.png', mimeType: 'image/png', buffer: solidPng(48, 48, [30, 30, 200]) });
    await dialog(page).getByRole('button', { name: 'Show receipt 1 (not uploaded yet)' }).waitFor();
    await dialog(page).getByRole('button', { name: 'Save' }).tap();
    await dialog(page).waitFor({ state: 'detached' });
    const offlineThumbs = rowThumbs(page, 'Taxi');
    await eventually(async () => {
      expect(await offlineThumbs.locator('[data-pending="true"]').count()).toBe(1);
    });
    await page.screenshot({ path: screenshotPath('receipts-4-offline-pending.png') });

    // Back online: the expense is sent first, then its receipt.
    await context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await waitForSynced(page);
    await eventually(async () => {
      expect(await offlineThumbs.locator('[data-pending="true"]').count()).toBe(0);
    }, 30_000);
    const receipts = await serverReceipts(page);
    const expenses = await callApiFromPage(page, 'GET', '/api/v1/expenses?limit=10');
    const taxi = (expenses.json as { items: { id: string; note: string | null }[] }).items.find(
      (expense) => expense.note === 'Taxi',
    );
    expect(receipts.filter((receipt) => receipt.expenseId === taxi?.id).map((receipt) => receipt.contentType)).toEqual([
      'image/png',
    ]);
    expect(receipts).toHaveLength(3);
    expect(await storedReceiptCount(page)).toBe(3);

    // The account's export counts them.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Account' }).tap();
    await eventually(async () => {
      expect(await page.getByTestId('receipts-export-count').innerText()).toMatch(/has 3 receipts/);
    });

    // Signing out forgets the photos on this device, like the rest of the local store.
    await signOut(page);
    expect(await storedReceiptCount(page)).toBe(0);
    await context.close();
  });
});
