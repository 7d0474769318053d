import { type Category, categoryKey, DEFAULT_CATEGORIES } from '@ttm/contract';
import type { Db } from '../../db/types.js';
import { resolveWallet } from '../wallets/wallet-access.js';
import { listUsedCategories } from './categories.repository.js';

export function createCategoriesService(db: Db) {
  return {
    /** Used categories by frequency, then the defaults the wallet has not used yet. */
    async list(userId: string, walletId: string | undefined): Promise<Category[]> {
      const wallet = await resolveWallet(db, userId, walletId);
      const used = await listUsedCategories(db, wallet.id);
      const seen = new Set(used.map((row) => row.key));
      return [
        ...used.map((row) => ({ name: row.name, count: row.usage_count })),
        ...DEFAULT_CATEGORIES.filter((name) => !seen.has(categoryKey(name))).map((name) => ({ name, count: 0 })),
      ];
    },
  };
}

export type CategoriesService = ReturnType<typeof createCategoriesService>;
