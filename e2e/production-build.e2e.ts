import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from './support/browser.js';
import { startTestServer, type TestServer } from './support/test-server.js';

const ROOT = join(import.meta.dirname, '..');
const COMPRESSIBLE = /\.(?:js|css|html|svg|webmanifest)$/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * `npm start` builds the client with `npm run web:build`. A shell that exports NODE_ENV=development
 * used to get React's development build (~600 KB) and no service worker out of it.
 */
describe('the web build under NODE_ENV=development', () => {
  let outDir: string;
  let server: TestServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'ttm-web-build-'));
    await promisify(execFile)('npm', ['run', 'web:build', '--', '--outDir', outDir, '--emptyOutDir'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'development' },
    });
    server = await startTestServer({ webDist: outDir });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('is a production build: no development React, and a service worker with its precache', () => {
    const scripts = filesUnder(join(outDir, 'assets')).filter((file) => file.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(5);
    // React's JSX runtime is `jsxDEV` in development builds only.
    const withDevReact = scripts.filter((file) => readFileSync(file, 'utf8').includes('jsxDEV'));
    expect(withDevReact).toEqual([]);
    expect(readFileSync(join(outDir, 'sw.js'), 'utf8')).toContain('index.html');
  });

  it('writes a brotli and a gzip copy of every JS, CSS, HTML, SVG and manifest file, identical once decoded', () => {
    const compressible = filesUnder(outDir).filter((file) => COMPRESSIBLE.test(file));
    expect(compressible.map((file) => file.slice(outDir.length))).toEqual(
      expect.arrayContaining(['/index.html', '/sw.js', '/manifest.webmanifest', '/favicon.svg']),
    );
    for (const file of compressible) {
      const original = readFileSync(file);
      // The build skips a copy only where compression would not make the file smaller.
      if (original.length < 100) continue;
      expect(existsSync(`${file}.br`), file).toBe(true);
      expect(existsSync(`${file}.gz`), file).toBe(true);
      expect(brotliDecompressSync(readFileSync(`${file}.br`)).equals(original), file).toBe(true);
      expect(gunzipSync(readFileSync(`${file}.gz`)).equals(original), file).toBe(true);
    }
  });

  it('registers the service worker in the browser on the sign-in screen', async () => {
    if (!server || !browser) throw new Error('not started');
    const context = await newContext(browser, server.url);
    const page = await context.newPage();
    await page.goto('/');
    await page.getByLabel('Email').waitFor();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    await context.close();
  });
});
