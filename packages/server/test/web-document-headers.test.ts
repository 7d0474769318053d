import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeEachDatabase } from './support/app.js';

/**
 * The HTML document is where the security headers matter most (CSP, framing);
 * security-headers.test.ts checks the API answers. Here the app serves a web build, as in production.
 */
const webDist = mkdtempSync(join(tmpdir(), 'ttm-web-headers-'));
writeFileSync(join(webDist, 'index.html'), '<!doctype html><html><body><div id="root"></div></body></html>');
writeFileSync(join(webDist, 'sw.js'), "self.addEventListener('fetch', () => {});");

afterAll(() => {
  rmSync(webDist, { recursive: true, force: true });
});

describeEachDatabase(
  'security headers on the web client',
  (ctx) => {
    it('sends the CSP, framing, sniffing, referrer and HSTS headers with index.html, a client route and the service worker', async () => {
      const { app } = ctx();
      const page = { accept: 'text/html,application/xhtml+xml' };
      const answers = {
        root: await app.inject({ method: 'GET', url: '/', headers: page }),
        'client route': await app.inject({ method: 'GET', url: '/expenses/2026-11', headers: page }),
        'service worker': await app.inject({ method: 'GET', url: '/sw.js' }),
      };
      for (const [name, answer] of Object.entries(answers)) {
        expect(answer.statusCode, name).toBe(200);
        const headers = answer.headers;
        const csp = String(headers['content-security-policy']);
        expect(csp, name).toContain("default-src 'self'");
        expect(csp, name).toContain("script-src 'self'");
        expect(csp, name).toContain("object-src 'none'");
        expect(csp, name).toContain("frame-ancestors 'none'");
        expect(csp, name).not.toContain("'unsafe-eval'");
        expect(csp, name).not.toMatch(/script-src[^;]*'unsafe-inline'/);
        expect(headers['x-content-type-options'], name).toBe('nosniff');
        expect(headers['x-frame-options'], name).toBe('SAMEORIGIN');
        expect(headers['referrer-policy'], name).toBe('no-referrer');
        expect(headers['strict-transport-security'], name).toMatch(/^max-age=\d+/);
        expect(headers['cross-origin-opener-policy'], name).toBe('same-origin');
        expect(headers['x-powered-by'], name).toBeUndefined();
      }
      expect(answers.root.headers['content-type']).toMatch(/^text\/html/);
      expect(answers['client route'].headers['content-type']).toMatch(/^text\/html/);
      expect(answers['client route'].body).toContain('<div id="root">');
    });
  },
  { config: { webDist } },
);
