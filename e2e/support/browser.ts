import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, devices, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';

export const SCREENSHOTS = join(import.meta.dirname, '..', 'screenshots');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium; never a downloaded browser. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

/**
 * A browser with a real profile on disk. Chromium reports every context made by newContext()
 * as incognito, and an incognito window can never install an app.
 */
export async function launchPersistent(
  userDataDir: string,
  baseURL: string,
  options: BrowserContextOptions = DESKTOP,
): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(userDataDir, {
    ...options,
    baseURL,
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  context.setDefaultTimeout(15_000);
  return context;
}

export const DESKTOP: BrowserContextOptions = {
  viewport: { width: 1280, height: 800 },
  locale: 'en-US',
  timezoneId: 'Europe/Berlin',
};

/** A Pixel 7-class phone: 412x915 CSS pixels, touch, mobile viewport. */
export const PHONE: BrowserContextOptions = {
  ...devices['Pixel 7'],
  locale: 'en-US',
  timezoneId: 'Europe/Berlin',
};

export async function newContext(
  browser: Browser,
  baseURL: string,
  options: BrowserContextOptions = DESKTOP,
): Promise<BrowserContext> {
  const context = await browser.newContext({ ...options, baseURL });
  context.setDefaultTimeout(15_000);
  return context;
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, name);
}
