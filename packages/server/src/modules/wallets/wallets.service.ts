import { randomUUID } from 'node:crypto';
import type { CreateWalletBodySchema, Member, Role, UpdateWalletBodySchema, Wallet } from '@ttm/contract';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { type Clock, isoAt } from '../../clock.js';
import type { Database } from '../../db/schema.js';
import type { Db } from '../../db/types.js';
import { AppError, ForbiddenError, NotFoundError } from '../../errors.js';
import { requireRole, resolveWallet } from './wallet-access.js';
import { toMember, toWallet } from './wallets.mapper.js';
import {
  bumpMembersVersion,
  countOwners,
  deleteMember,
  deleteWallets,
  findMember,
  insertMember,
  insertWallet,
  listMembers,
  listWalletsForUser,
  lockWallet,
  renameWallet,
  setMemberRole,
  setWalletTimeZone,
} from './wallets.repository.js';

type CreateBody = z.output<typeof CreateWalletBodySchema>;
type UpdateBody = z.output<typeof UpdateWalletBodySchema>;

function lastOwner(): AppError {
  return new AppError('last_owner', 'Make another member an owner first: a wallet must keep at least one owner');
}

/** Within a transaction that holds the wallet lock: refuse a change that would leave no owner. */
async function ensureAnotherOwner(trx: Db, walletId: string, target: { role: Role }): Promise<void> {
  if (target.role === 'owner' && (await countOwners(trx, walletId)) <= 1) throw lastOwner();
}

export function createWalletsService(db: Kysely<Database>, clock: Clock) {
  return {
    async list(userId: string): Promise<Wallet[]> {
      return (await listWalletsForUser(db, userId)).map(toWallet);
    },

    async get(userId: string, walletId: string): Promise<Wallet> {
      return toWallet(await resolveWallet(db, userId, walletId));
    },

    async create(userId: string, body: CreateBody): Promise<Wallet> {
      const id = randomUUID();
      const now = isoAt(clock());
      await db.transaction().execute(async (trx) => {
        await insertWallet(trx, {
          id,
          name: body.name,
          currency: body.currency,
          kind: 'shared',
          version: 0,
          created_at: now,
        });
        await insertMember(trx, { wallet_id: id, user_id: userId, role: 'owner', joined_at: now });
      });
      return toWallet(await resolveWallet(db, userId, id));
    },

    async rename(userId: string, walletId: string, body: UpdateBody): Promise<Wallet> {
      const wallet = await resolveWallet(db, userId, walletId);
      requireRole(wallet, 'owner');
      await db.transaction().execute(async (trx) => {
        if (body.name !== undefined) await renameWallet(trx, wallet.id, body.name);
        if (body.timeZone !== undefined) await setWalletTimeZone(trx, wallet.id, body.timeZone);
      });
      return { ...toWallet(wallet), name: body.name ?? wallet.name, timeZone: body.timeZone ?? wallet.time_zone };
    },

    async remove(userId: string, walletId: string): Promise<void> {
      const wallet = await resolveWallet(db, userId, walletId);
      requireRole(wallet, 'owner');
      if (wallet.kind === 'personal') {
        throw new AppError('personal_wallet', 'Your personal wallet cannot be deleted; delete the account instead');
      }
      await deleteWallets(db, [wallet.id]);
    },

    async members(userId: string, walletId: string): Promise<Member[]> {
      const wallet = await resolveWallet(db, userId, walletId);
      return (await listMembers(db, wallet.id)).map(toMember);
    },

    async changeRole(userId: string, walletId: string, targetId: string, role: Role): Promise<Member> {
      const wallet = await resolveWallet(db, userId, walletId);
      requireRole(wallet, 'owner');
      return db.transaction().execute(async (trx) => {
        await lockWallet(trx, wallet.id);
        const target = await findMember(trx, wallet.id, targetId);
        if (!target) throw new NotFoundError();
        if (role !== 'owner') await ensureAnotherOwner(trx, wallet.id, target);
        await setMemberRole(trx, wallet.id, targetId, role);
        await bumpMembersVersion(trx, wallet.id);
        return toMember({ ...target, role });
      });
    },

    /** An owner removes anyone; any member may remove themself (leave). */
    async removeMember(userId: string, walletId: string, targetId: string): Promise<void> {
      const wallet = await resolveWallet(db, userId, walletId);
      if (targetId !== userId && wallet.role !== 'owner') {
        throw new ForbiddenError('Only an owner can remove other members');
      }
      await db.transaction().execute(async (trx) => {
        await lockWallet(trx, wallet.id);
        const target = await findMember(trx, wallet.id, targetId);
        if (!target) throw new NotFoundError();
        await ensureAnotherOwner(trx, wallet.id, target);
        await deleteMember(trx, wallet.id, targetId);
        await bumpMembersVersion(trx, wallet.id);
      });
    },
  };
}

export type WalletsService = ReturnType<typeof createWalletsService>;
