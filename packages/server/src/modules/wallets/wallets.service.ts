import type { Wallet } from '@ttm/contract';
import type { Db } from '../../db/types.js';
import { toWallet } from './wallets.mapper.js';
import { listWalletsForUser } from './wallets.repository.js';

export function createWalletsService(db: Db) {
  return {
    async list(userId: string): Promise<Wallet[]> {
      return (await listWalletsForUser(db, userId)).map(toWallet);
    },
  };
}

export type WalletsService = ReturnType<typeof createWalletsService>;
