import type { Wallet } from '@ttm/contract';
import type { MemberWallet } from './wallets.repository.js';

export function toWallet(row: MemberWallet): Wallet {
  return {
    id: row.id,
    name: row.name,
    currency: row.currency,
    role: row.role,
    personal: row.kind === 'personal',
    createdAt: row.created_at,
  };
}
