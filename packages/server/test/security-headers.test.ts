import { expect, it } from 'vitest';
import { describeEachDatabase } from './support/app.js';
import { API, registerUser } from './support/factories.js';

describeEachDatabase('security headers', (ctx) => {
  it('every API answer, success or problem, carries the API security headers and not the page policy', async () => {
    const user = await registerUser(ctx().app);
    const answers = [
      await ctx().app.inject({ method: 'GET', url: `${API}/me`, headers: user.auth }),
      await ctx().app.inject({ method: 'GET', url: `${API}/me` }),
      await ctx().app.inject({ method: 'GET', url: '/healthz' }),
      await ctx().app.inject({ method: 'GET', url: `${API}/no-such-route` }),
    ];
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 401, 200, 404]);
    for (const answer of answers) {
      const headers = answer.headers;
      expect(headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['x-frame-options']).toBe('DENY');
      expect(headers['cross-origin-resource-policy']).toBe('same-origin');
      expect(headers['referrer-policy']).toBe('no-referrer');
      expect(headers['strict-transport-security']).toMatch(/^max-age=\d+/);
      expect(headers['x-request-id']).toBeTruthy();
      expect(headers['x-powered-by']).toBeUndefined();
      // Page-only headers are not sent with data.
      expect(headers['cross-origin-opener-policy']).toBeUndefined();
      expect(headers['x-xss-protection']).toBeUndefined();
    }
  });

  it('an HTML page (the API docs) carries the full page policy', async () => {
    const answer = await ctx().app.inject({ method: 'GET', url: '/docs/', headers: { accept: 'text/html' } });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toContain('text/html');
    const headers = answer.headers;
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).toContain("object-src 'none'");
    expect(headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    expect(headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(headers['x-powered-by']).toBeUndefined();
  });
});
