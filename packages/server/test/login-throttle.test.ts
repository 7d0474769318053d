import type { Problem } from '@ttm/contract';
import { expect, it } from 'vitest';
import { describeEachDatabase } from './support/app.js';
import { API, PASSWORD, registerUser } from './support/factories.js';

/**
 * Brute force from many addresses: sessions.test.ts shows the per-account lock from one address
 * and the per-address budget; here an attacker rotates addresses and spellings of the email.
 */
describeEachDatabase(
  'login throttling against a distributed attack',
  (ctx) => {
    const login = (email: string, password: string, remoteAddress: string) =>
      ctx().app.inject({ method: 'POST', url: `${API}/auth/login`, remoteAddress, payload: { email, password } });

    it('locks the account after its failure budget even when every attempt comes from a new address', async () => {
      const victim = await registerUser(ctx().app);
      const statuses: number[] = [];
      for (let i = 0; i < 5; i += 1)
        statuses.push(
          (await login(victim.email, `guess number ${String(i)}`, `198.51.100.${String(i + 1)}`)).statusCode,
        );
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      // The right password from yet another address is refused too while the lock lasts.
      const blocked = await login(victim.email, PASSWORD, '203.0.113.200');
      expect(blocked.statusCode).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect(blocked.json<Problem>().code).toBe('rate_limited');
      // Another account is not locked by the attack on this one.
      const bystander = await registerUser(ctx().app);
      expect((await login(bystander.email, PASSWORD, '198.51.100.1')).statusCode).toBe(200);
    });

    it('counts upper-case and space-padded spellings of the email against the same account', async () => {
      const victim = await registerUser(ctx().app);
      const spellings = [victim.email, victim.email.toUpperCase(), `  ${victim.email}  `];
      for (const [i, email] of spellings.entries())
        expect((await login(email, 'not the password', `192.0.2.${String(i + 1)}`)).statusCode).toBe(401);
      expect((await login(victim.email, PASSWORD, '192.0.2.99')).statusCode).toBe(429);
    });
  },
  {
    config: {
      rateLimits: { apiPerMinute: 1000, accountPerMinute: 1000, authPer15Min: 1000, loginFailuresPer15Min: 3 },
    },
  },
);
