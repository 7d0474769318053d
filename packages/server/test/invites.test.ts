import { randomUUID } from 'node:crypto';
import type {
  CreatedInvite,
  Expense,
  ExpensePage,
  InviteRole,
  Member,
  PendingInvite,
  Problem,
  Wallet,
  WalletInvite,
} from '@ttm/contract';
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { describeEachDatabase } from './support/app.js';
import { API, createExpense, registerUser, type TestUser, uniqueEmail } from './support/factories.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const INVITE_TTL_MS = 7 * DAY_MS;

/** The app's clock: real time moved by `shift`, so expiry is tested without waiting. */
let shift = 0;
const clock = () => Date.now() + shift;

describeEachDatabase(
  'invites',
  (ctx) => {
    const app = () => ctx().app;

    afterEach(() => {
      shift = 0;
    });

    async function createWallet(owner: TestUser, name = 'Flat share'): Promise<Wallet> {
      const response = await app().inject({
        method: 'POST',
        url: `${API}/wallets`,
        headers: owner.auth,
        payload: { name, currency: 'EUR' },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<Wallet>();
    }

    function postInvite(owner: TestUser, walletId: string, email: string, role: InviteRole = 'editor') {
      return app().inject({
        method: 'POST',
        url: `${API}/wallets/${walletId}/invites`,
        headers: owner.auth,
        payload: { email, role },
      });
    }

    async function invite(
      owner: TestUser,
      walletId: string,
      email: string,
      role: InviteRole = 'editor',
    ): Promise<CreatedInvite> {
      const response = await postInvite(owner, walletId, email, role);
      expect(response.statusCode, response.body).toBe(201);
      return response.json<CreatedInvite>();
    }

    const acceptById = (user: TestUser, inviteId: string) =>
      app().inject({ method: 'POST', url: `${API}/invites/${inviteId}/accept`, headers: user.auth });
    const declineById = (user: TestUser, inviteId: string) =>
      app().inject({ method: 'POST', url: `${API}/invites/${inviteId}/decline`, headers: user.auth });
    const acceptByToken = (user: TestUser, token: string) =>
      app().inject({ method: 'POST', url: `${API}/invites/accept-token`, headers: user.auth, payload: { token } });
    const revoke = (owner: TestUser, walletId: string, inviteId: string) =>
      app().inject({ method: 'DELETE', url: `${API}/wallets/${walletId}/invites/${inviteId}`, headers: owner.auth });

    async function get<T>(user: TestUser, path: string): Promise<T> {
      const response = await app().inject({ method: 'GET', url: `${API}${path}`, headers: user.auth });
      expect(response.statusCode, `${path}: ${response.body}`).toBe(200);
      return response.json<T>();
    }

    const myInvites = (user: TestUser) => get<PendingInvite[]>(user, '/invites');
    const walletInvites = (owner: TestUser, walletId: string) =>
      get<WalletInvite[]>(owner, `/wallets/${walletId}/invites`);

    async function membersOf(owner: TestUser, walletId: string) {
      return (await get<Member[]>(owner, `/wallets/${walletId}/members`)).map(({ userId, role }) => ({ userId, role }));
    }

    async function canSee(user: TestUser, walletId: string): Promise<boolean> {
      const response = await app().inject({ method: 'GET', url: `${API}/wallets/${walletId}`, headers: user.auth });
      expect([200, 404]).toContain(response.statusCode);
      return response.statusCode === 200;
    }

    function expectProblem(response: LightMyRequestResponse, status: number, code: string) {
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json<Problem>()).toMatchObject({ status, code });
    }

    async function ownerWithWallet() {
      const owner = await registerUser(app(), { email: uniqueEmail('owner') });
      const wallet = await createWallet(owner);
      return { owner, wallet };
    }

    describe('creating', () => {
      it('POST /wallets/:id/invites returns 201 with id, normalised email, role, a token and an expiry 7 days ahead', async () => {
        const { owner, wallet } = await ownerWithWallet();
        const local = `guest-${randomUUID().slice(0, 8)}`;
        const before = clock();
        const response = await postInvite(owner, wallet.id, `  ${local.toUpperCase()}@Example.COM `, 'viewer');
        const after = clock();
        expect(response.statusCode, response.body).toBe(201);
        const created = response.json<CreatedInvite>();
        expect(Object.keys(created).sort()).toEqual(['email', 'expiresAt', 'id', 'role', 'token']);
        expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(created.email).toBe(`${local}@example.com`);
        expect(created.role).toBe('viewer');
        expect(created.token.length).toBeGreaterThanOrEqual(32);
        const expires = Date.parse(created.expiresAt);
        expect(expires).toBeGreaterThanOrEqual(before + INVITE_TTL_MS);
        expect(expires).toBeLessThanOrEqual(after + INVITE_TTL_MS);

        // The owner's list shows it, without the token (shown once only).
        const listed = await walletInvites(owner, wallet.id);
        expect(listed).toEqual([
          {
            id: created.id,
            email: created.email,
            role: 'viewer',
            createdAt: listed[0]?.createdAt,
            expiresAt: created.expiresAt,
          },
        ]);
        expect(JSON.stringify(listed)).not.toContain(created.token);
      });

      it('returns 409 already_member when the email belongs to a member, in any letter case, and creates no invite', async () => {
        const { owner, wallet } = await ownerWithWallet();
        const editor = await registerUser(app(), { email: uniqueEmail('editor') });
        expect((await acceptById(editor, (await invite(owner, wallet.id, editor.email)).id)).statusCode).toBe(200);

        expectProblem(await postInvite(owner, wallet.id, editor.email), 409, 'already_member');
        expectProblem(await postInvite(owner, wallet.id, editor.email.toUpperCase(), 'viewer'), 409, 'already_member');
        expectProblem(await postInvite(owner, wallet.id, owner.email), 409, 'already_member');
        expect(await walletInvites(owner, wallet.id)).toEqual([]);
        expect(await myInvites(editor)).toEqual([]);
      });

      it('returns 409 personal_wallet for an invite to a personal wallet, and DELETE of a personal wallet is 409 too', async () => {
        const owner = await registerUser(app());
        const friend = await registerUser(app());
        const expense = await createExpense(app(), owner);

        expectProblem(await postInvite(owner, owner.walletId, friend.email), 409, 'personal_wallet');
        expect(await myInvites(friend)).toEqual([]);

        const deleted = await app().inject({
          method: 'DELETE',
          url: `${API}/wallets/${owner.walletId}`,
          headers: owner.auth,
        });
        expectProblem(deleted, 409, 'personal_wallet');
        expect((await get<Wallet>(owner, `/wallets/${owner.walletId}`)).personal).toBe(true);
        expect((await get<Expense>(owner, `/expenses/${expense.id}`)).id).toBe(expense.id);
        expect(await membersOf(owner, owner.walletId)).toEqual([{ userId: owner.id, role: 'owner' }]);
      });

      it('re-inviting the same email replaces the older pending link: the old token and id answer 404, the new one works', async () => {
        const { owner, wallet } = await ownerWithWallet();
        const guest = await registerUser(app());
        const first = await invite(owner, wallet.id, guest.email, 'editor');
        const second = await invite(owner, wallet.id, guest.email.toUpperCase(), 'viewer');
        expect(second.id).not.toBe(first.id);
        expect(second.token).not.toBe(first.token);

        expect((await myInvites(guest)).map((pending) => pending.id)).toEqual([second.id]);
        expect((await walletInvites(owner, wallet.id)).map((pending) => pending.id)).toEqual([second.id]);
        expectProblem(await acceptByToken(guest, first.token), 404, 'not_found');
        expectProblem(await acceptById(guest, first.id), 404, 'not_found');
        expect(await canSee(guest, wallet.id)).toBe(false);

        const accepted = await acceptByToken(guest, second.token);
        expect(accepted.statusCode, accepted.body).toBe(200);
        expect(accepted.json<Wallet>()).toMatchObject({ id: wallet.id, role: 'viewer' });
      });
    });

    describe('listing', () => {
      it('GET /invites lists a pending invite to the invited account with wallet, role and inviter, and nothing to others', async () => {
        const { owner, wallet } = await ownerWithWallet();
        const guest = await registerUser(app());
        const other = await registerUser(app());
        const created = await invite(owner, wallet.id, guest.email, 'viewer');

        expect(await myInvites(guest)).toEqual([
          {
            id: created.id,
            walletId: wallet.id,
            walletName: 'Flat share',
            currency: 'EUR',
            role: 'viewer',
            invitedBy: owner.email,
            expiresAt: created.expiresAt,
          },
        ]);
        expect(await myInvites(other)).toEqual([]);
        expect(await myInvites(owner)).toEqual([]);
      });

      it('GET /invites lists an invite sent before the account existed, matching the email whatever its letter case', async () => {
        const { owner, wallet } = await ownerWithWallet();
        const local = `later-${randomUUID().slice(0, 8)}`;
        const created = await invite(owner, wallet.id, `${local.toUpperCase()}@EXAMPLE.com`, 'editor');

        const later = await registerUser(app(), { email: `${local}@Example.Com` });
        expect(later.email).toBe(`${local}@example.com`);
        expect((await myInvites(later)).map((pending) => pending.id)).toEqual([created.id]);

        const accepted = await acceptById(later, created.id);
        expect(accepted.statusCode, accepted.body).toBe(200);
        expect(accepted.json<Wallet>()).toMatchObject({ id: wallet.id, role: 'editor', personal: false });
        expect(await myInvites(later)).toEqual([]);
      });
    });

    describe('accepting', () => {
      it('POST /invites/:id/accept makes the invitee an editor who sees and adds expenses, with createdBy showing who added what', async () => {
        const { owner, wallet } = await ownerWithWallet();
        const guest = await registerUser(app());
        const ownerExpense = await createExpense(app(), owner, {
          walletId: wallet.id,
          amount: '30.00',
          note: 'by owner',
        });
        const created = await invite(owner, wallet.id, guest.email, 'editor');

        const accepted = await acceptById(guest, created.id);
        expect(accepted.statusCode, accepted.body).toBe(200);
        expect(accepted.json<Wallet>()).toEqual({
          id: wallet.id,
          name: 'Flat share',
          currency: 'EUR',
          role: 'editor',
          personal: false,
          version: accepted.json<Wallet>().version,
          timeZone: 'UTC',
          createdAt: wallet.createdAt,
        });

        const guestWallets = await get<Wallet[]>(guest, '/wallets');
        expect(guestWallets.map(({ id, role }) => ({ id, role }))).toEqual([
          { id: guest.walletId, role: 'owner' },
          { id: wallet.id, role: 'editor' },
        ]);
        const members = await get<Member[]>(owner, `/wallets/${wallet.id}/members`);
        expect(members.map(({ userId, email, role }) => ({ userId, email, role }))).toEqual([
          { userId: owner.id, email: owner.email, role: 'owner' },
          { userId: guest.id, email: guest.email, role: 'editor' },
        ]);
        expect(Number.isNaN(Date.parse(members[1]?.joinedAt ?? ''))).toBe(false);
        expect(await myInvites(guest)).toEqual([]);
        expect(await walletInvites(owner, wallet.id)).toEqual([]);

        const seen = await get<ExpensePage>(guest, `/expenses?walletId=${wallet.id}`);
        expect(seen.items.map((expense) => expense.id)).toEqual([ownerExpense.id]);
        const guestExpense = await createExpense(app(), guest, {
          walletId: wallet.id,
          amount: '12.00',
          date: '2026-11-21',
          note: 'by guest',
        });
        const byOwner = await get<ExpensePage>(owner, `/expenses?walletId=${wallet.id}`);
        expect(byOwner.items.map(({ id, createdBy, note }) => ({ id, createdBy, note }))).toEqual([
          { id: guestExpense.id, createdBy: guest.id, note: 'by guest' },
          { id: ownerExpense.id, createdBy: owner.id, note: 'by owner' },
        ]);
      });

      it('POST /invites/accept-token makes the invitee a viewer who sees expenses but gets 403 forbidden on adding one', async () => {
        const { owner, wallet } = await ownerWithWallet();
        const guest = await registerUser(app());
        const ownerExpense = await createExpense(app(), owner, { walletId: wallet.id });
        const created = await invite(owner, wallet.id, guest.email, 'viewer');

        const accepted = await acceptByToken(guest, created.token);
        expect(accepted.statusCode, accepted.body).toBe(200);
        expect(accepted.json<Wallet>()).toMatchObject({ id: wallet.id, role: 'viewer', personal: false });
        expect(await membersOf(owner, wallet.id)).toEqual([
          { userId: owner.id, role: 'owner' },
          { userId: guest.id, role: 'viewer' },
        ]);
        expect((await get<ExpensePage>(guest, `/expenses?walletId=${wallet.id}`)).items.map((e) => e.id)).toEqual([
          ownerExpense.id,
        ]);

        const denied = await app().inject({
          method: 'POST',
          url: `${API}/expenses`,
          headers: guest.auth,
          payload: { walletId: wallet.id, amount: '1.00', category: 'x', date: '2026-11-21' },
        });
        expectProblem(denied, 403, 'forbidden');
        expect((await get<ExpensePage>(owner, `/expenses?walletId=${wallet.id}`)).items).toHaveLength(1);
      });

      it('an invite is single use: accepting it again by id or by token returns 409 invite_used and changes nothing', async () => {
        const { owner, wallet } = await ownerWithWallet();
        const guest = await registerUser(app());
        const created = await invite(owner, wallet.id, guest.email, 'viewer');
        expect((await acceptById(guest, created.id)).statusCode).toBe(200);

        expectProblem(await acceptById(guest, created.id), 409, 'invite_used');
        expectProblem(await acceptByToken(guest, created.token), 409, 'invite_used');
        expectProblem(await declineById(guest, created.id), 409, 'invite_used');
        expect(await membersOf(owner, wallet.id)).toEqual([
          { userId: owner.id, role: 'owner' },
          { userId: guest.id, role: 'viewer' },
        ]);
      });

      it('concurrent accepts of one invite (by id and by token) add the member once: one 200, one 409', async () => {
        const { owner, wallet } = await ownerWithWallet();
        const guest = await registerUser(app());
        const created = await invite(owner, wallet.id, guest.email, 'editor');

        const answers = await Promise.all([acceptById(guest, created.id), acceptByToken(guest, created.token)]);
        expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 409]);
        const loser = answers.find((answer) => answer.statusCode === 409);
        expect(['invite_used', 'already_member']).toContain(loser?.json<Problem>().code);
        expect(await membersOf(owner, wallet.id)).toEqual([
          { userId: owner.id, role: 'owner' },
          { userId: guest.id, role: 'editor' },
        ]);
      });

      it('a removed member can be invited again and rejoins with the new role', async () => {
        const { owner, wallet } = await ownerWithWallet();
        const guest = await registerUser(app());
        expect((await acceptById(guest, (await invite(owner, wallet.id, guest.email, 'editor')).id)).statusCode).toBe(
          200,
        );
        const removed = await app().inject({
          method: 'DELETE',
          url: `${API}/wallets/${wallet.id}/members/${guest.id}`,
          headers: owner.auth,
        });
        expect(removed.statusCode).toBe(204);

        const again = await invite(owner, wallet.id, guest.email, 'viewer');
        expect((await acceptByToken(guest, again.token)).statusCode).toBe(200);
        expect(await membersOf(owner, wallet.id)).toContainEqual({ userId: guest.id, role: 'viewer' });
      });
    });

    describe('declining and revoking', () => {
      it('POST /invites/:id/decline returns 204, then the invite is gone: 404 on accept by id, by token and on decline', async () => {
        const { owner, wallet } = await ownerWithWallet();
        const guest = await registerUser(app());
        const created = await invite(owner, wallet.id, guest.email);

        const declined = await declineById(guest, created.id);
        expect(declined.statusCode, declined.body).toBe(204);
        expect(await myInvites(guest)).toEqual([]);
        expect(await walletInvites(owner, wallet.id)).toEqual([]);
        expectProblem(await acceptById(guest, created.id), 404, 'not_found');
        expectProblem(await acceptByToken(guest, created.token), 404, 'not_found');
        expectProblem(await declineById(guest, created.id), 404, 'not_found');
        expect(await canSee(guest, wallet.id)).toBe(false);
        expect(await membersOf(owner, wallet.id)).toEqual([{ userId: owner.id, role: 'owner' }]);
      });

      it('DELETE /wallets/:id/invites/:inviteId returns 204, then accept by id or by token is 404 and a second revoke is 404', async () => {
        const { owner, wallet } = await ownerWithWallet();
        const guest = await registerUser(app());
        const created = await invite(owner, wallet.id, guest.email);
        expect((await myInvites(guest)).map((pending) => pending.id)).toEqual([created.id]);

        const revoked = await revoke(owner, wallet.id, created.id);
        expect(revoked.statusCode, revoked.body).toBe(204);
        expect(await myInvites(guest)).toEqual([]);
        expect(await walletInvites(owner, wallet.id)).toEqual([]);
        expectProblem(await acceptById(guest, created.id), 404, 'not_found');
        expectProblem(await acceptByToken(guest, created.token), 404, 'not_found');
        expectProblem(await declineById(guest, created.id), 404, 'not_found');
        expectProblem(await revoke(owner, wallet.id, created.id), 404, 'not_found');
        expect(await canSee(guest, wallet.id)).toBe(false);
      });

      it('revoking an invite that was already accepted returns 404 and leaves the member in place', async () => {
        const { owner, wallet } = await ownerWithWallet();
        const guest = await registerUser(app());
        const created = await invite(owner, wallet.id, guest.email);
        expect((await acceptById(guest, created.id)).statusCode).toBe(200);

        expectProblem(await revoke(owner, wallet.id, created.id), 404, 'not_found');
        expect(await canSee(guest, wallet.id)).toBe(true);
      });
    });

    describe('expiry', () => {
      it('an invite still works just before 7 days have passed', async () => {
        const { owner, wallet } = await ownerWithWallet();
        const guest = await registerUser(app());
        const created = await invite(owner, wallet.id, guest.email, 'viewer');

        shift = INVITE_TTL_MS - 60_000;
        expect((await myInvites(guest)).map((pending) => pending.id)).toEqual([created.id]);
        const accepted = await acceptByToken(guest, created.token);
        expect(accepted.statusCode, accepted.body).toBe(200);
        expect(await canSee(guest, wallet.id)).toBe(true);
      });

      it('after 7 days accept by id, by token and decline return 410 invite_expired, and the invite is no longer listed', async () => {
        const { owner, wallet } = await ownerWithWallet();
        const guest = await registerUser(app());
        const created = await invite(owner, wallet.id, guest.email, 'editor');

        shift = INVITE_TTL_MS + 1_000;
        expectProblem(await acceptById(guest, created.id), 410, 'invite_expired');
        expectProblem(await acceptByToken(guest, created.token), 410, 'invite_expired');
        expectProblem(await declineById(guest, created.id), 410, 'invite_expired');
        expect(await myInvites(guest)).toEqual([]);
        expect(await walletInvites(owner, wallet.id)).toEqual([]);
        expect(await canSee(guest, wallet.id)).toBe(false);
        expect(await membersOf(owner, wallet.id)).toEqual([{ userId: owner.id, role: 'owner' }]);

        // A fresh invite made now (at the shifted time) works.
        const renewed = await invite(owner, wallet.id, guest.email, 'editor');
        expect(Date.parse(renewed.expiresAt)).toBeGreaterThan(Date.parse(created.expiresAt));
        expect((await acceptById(guest, renewed.id)).statusCode).toBe(200);
      });
    });

    describe('wrong account', () => {
      it('accepting or declining by id from another account returns 404, identical to a missing invite, and changes nothing', async () => {
        const { owner, wallet } = await ownerWithWallet();
        const guest = await registerUser(app());
        const intruder = await registerUser(app());
        const created = await invite(owner, wallet.id, guest.email);

        const onInvite = await acceptById(intruder, created.id);
        const onMissing = await acceptById(intruder, randomUUID());
        expectProblem(onInvite, 404, 'not_found');
        expect(onInvite.body).toBe(onMissing.body);
        const declined = await declineById(intruder, created.id);
        expectProblem(declined, 404, 'not_found');
        expect(declined.body).toBe((await declineById(intruder, randomUUID())).body);

        expect(await canSee(intruder, wallet.id)).toBe(false);
        expect((await myInvites(guest)).map((pending) => pending.id)).toEqual([created.id]);
        expect((await acceptById(guest, created.id)).statusCode).toBe(200);
      });

      it('POST /invites/accept-token from another account returns 403 invite_wrong_account and leaves the invite usable', async () => {
        const { owner, wallet } = await ownerWithWallet();
        const guest = await registerUser(app());
        const intruder = await registerUser(app());
        const created = await invite(owner, wallet.id, guest.email, 'viewer');

        expectProblem(await acceptByToken(intruder, created.token), 403, 'invite_wrong_account');
        expect(await canSee(intruder, wallet.id)).toBe(false);
        expect(await membersOf(owner, wallet.id)).toEqual([{ userId: owner.id, role: 'owner' }]);

        const accepted = await acceptByToken(guest, created.token);
        expect(accepted.statusCode, accepted.body).toBe(200);
        expect(accepted.json<Wallet>().role).toBe('viewer');
      });

      it('POST /invites/accept-token with an unknown token returns 404 not_found', async () => {
        const guest = await registerUser(app());
        expectProblem(await acceptByToken(guest, 'a'.repeat(43)), 404, 'not_found');
      });
    });
  },
  { clock },
);
