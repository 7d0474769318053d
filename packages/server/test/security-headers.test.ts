import { expect, it } from 'vitest';
import { describeEachDatabase } from './support/app.js';
import { API, registerUser } from './support/factories.js';

describeEachDatabase('security headers', (ctx) => {
  it('every answer, success or problem, carries the security policy headers', async () => {
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
      expect(headers['content-security-policy']).toContain("default-src 'self'");
      expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(headers['content-security-policy']).toContain("object-src 'none'");
      expect(headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(headers['referrer-policy']).toBe('no-referrer');
      expect(headers['strict-transport-security']).toMatch(/^max-age=\d+/);
      expect(headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(headers['x-request-id']).toBeTruthy();
      expect(headers['x-powered-by']).toBeUndefined();
    }
  });
});
