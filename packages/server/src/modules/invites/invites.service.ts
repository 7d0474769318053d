import { randomUUID } from 'node:crypto';
import type { CreatedInvite, CreateInviteBodySchema, PendingInvite, Wallet, WalletInvite } from '@ttm/contract';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { type Clock, isoAt } from '../../clock.js';
import type { Database } from '../../db/schema.js';
import { AppError, NotFoundError } from '../../errors.js';
import { hashOpaqueToken, newOpaqueToken } from '../../security/tokens.js';
import { findUserById } from '../auth/auth.repository.js';
import { requireRole, resolveWallet } from '../wallets/wallet-access.js';
import { toWallet } from '../wallets/wallets.mapper.js';
import { bumpMembersVersion, insertMember, isMemberByEmail } from '../wallets/wallets.repository.js';
import {
  findInviteById,
  findInviteByTokenHash,
  insertInvite,
  type InviteRow,
  listPendingForEmail,
  listPendingForWallet,
  markInviteAccepted,
  markInviteDeclined,
  markInviteRevoked,
  revokePendingInvites,
} from './invites.repository.js';

type CreateBody = z.output<typeof CreateInviteBodySchema>;

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export function createInvitesService(db: Kysely<Database>, clock: Clock) {
  async function callerEmail(userId: string): Promise<string> {
    const user = await findUserById(db, userId);
    if (!user) throw new NotFoundError();
    return user.email;
  }

  /** Checks an invite is still usable: gone ones look missing, used and expired ones say so. */
  function ensurePending(invite: InviteRow | undefined): InviteRow {
    if (!invite || invite.revoked_at !== null || invite.declined_at !== null) throw new NotFoundError();
    if (invite.accepted_at !== null) throw new AppError('invite_used', 'This invite has already been accepted');
    if (invite.expires_at <= isoAt(clock())) {
      throw new AppError('invite_expired', 'This invite has expired; ask the owner for a new one');
    }
    return invite;
  }

  async function accept(userId: string, invite: InviteRow): Promise<Wallet> {
    const email = await callerEmail(userId);
    const now = isoAt(clock());
    await db.transaction().execute(async (trx) => {
      if (await isMemberByEmail(trx, invite.wallet_id, email)) {
        throw new AppError('already_member', 'You are already a member of this wallet');
      }
      if (!(await markInviteAccepted(trx, invite.id, userId, now))) {
        throw new AppError('invite_used', 'This invite has already been used');
      }
      await insertMember(trx, { wallet_id: invite.wallet_id, user_id: userId, role: invite.role, joined_at: now });
      await bumpMembersVersion(trx, invite.wallet_id);
    });
    return toWallet(await resolveWallet(db, userId, invite.wallet_id));
  }

  return {
    async create(userId: string, walletId: string, body: CreateBody): Promise<CreatedInvite> {
      const wallet = await resolveWallet(db, userId, walletId);
      requireRole(wallet, 'owner');
      if (wallet.kind === 'personal') {
        throw new AppError('personal_wallet', 'Personal wallets stay private; create a shared wallet to invite people');
      }
      if (await isMemberByEmail(db, wallet.id, body.email)) {
        throw new AppError('already_member', 'This person is already a member of the wallet');
      }
      const token = newOpaqueToken();
      const now = clock();
      const invite: InviteRow = {
        id: randomUUID(),
        wallet_id: wallet.id,
        email: body.email,
        role: body.role,
        token_hash: hashOpaqueToken(token),
        invited_by: userId,
        created_at: isoAt(now),
        expires_at: isoAt(now + INVITE_TTL_MS),
        accepted_at: null,
        accepted_by: null,
        declined_at: null,
        revoked_at: null,
      };
      await db.transaction().execute(async (trx) => {
        await revokePendingInvites(trx, wallet.id, body.email, invite.created_at);
        await insertInvite(trx, invite);
      });
      return { id: invite.id, email: invite.email, role: invite.role, token, expiresAt: invite.expires_at };
    },

    async listForWallet(userId: string, walletId: string): Promise<WalletInvite[]> {
      const wallet = await resolveWallet(db, userId, walletId);
      requireRole(wallet, 'owner');
      const rows = await listPendingForWallet(db, wallet.id, isoAt(clock()));
      return rows.map((row) => ({
        id: row.id,
        email: row.email,
        role: row.role,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
      }));
    },

    async revoke(userId: string, walletId: string, inviteId: string): Promise<void> {
      const wallet = await resolveWallet(db, userId, walletId);
      requireRole(wallet, 'owner');
      const invite = await findInviteById(db, inviteId);
      const now = isoAt(clock());
      const pending =
        invite?.wallet_id === wallet.id &&
        invite.revoked_at === null &&
        invite.accepted_at === null &&
        invite.declined_at === null &&
        invite.expires_at > now;
      if (!invite || !pending) throw new NotFoundError();
      await markInviteRevoked(db, invite.id, now);
    },

    async listMine(userId: string): Promise<PendingInvite[]> {
      const rows = await listPendingForEmail(db, await callerEmail(userId), isoAt(clock()));
      return rows.map((row) => ({
        id: row.id,
        walletId: row.wallet_id,
        walletName: row.wallet_name,
        currency: row.currency,
        role: row.role,
        invitedBy: row.invited_by_email,
        expiresAt: row.expires_at,
      }));
    },

    /** By id: only the invited email sees the invite at all. */
    async acceptById(userId: string, inviteId: string): Promise<Wallet> {
      const invite = await findInviteById(db, inviteId);
      if (!invite || invite.email !== (await callerEmail(userId))) throw new NotFoundError();
      return accept(userId, ensurePending(invite));
    },

    async declineById(userId: string, inviteId: string): Promise<void> {
      const invite = await findInviteById(db, inviteId);
      if (!invite || invite.email !== (await callerEmail(userId))) throw new NotFoundError();
      await markInviteDeclined(db, ensurePending(invite).id, isoAt(clock()));
    },

    /** By link: the token proves the link; the account must still be the invited email. */
    async acceptByToken(userId: string, token: string): Promise<Wallet> {
      const invite = ensurePending(await findInviteByTokenHash(db, hashOpaqueToken(token)));
      if (invite.email !== (await callerEmail(userId))) {
        throw new AppError(
          'invite_wrong_account',
          `This invite was sent to ${invite.email}; sign in with that email to accept it`,
        );
      }
      return accept(userId, invite);
    },
  };
}

export type InvitesService = ReturnType<typeof createInvitesService>;
