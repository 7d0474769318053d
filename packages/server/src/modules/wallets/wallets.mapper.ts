import type { Member, Wallet } from '@ttm/contract';
import type { MemberRow, MemberWallet } from './wallets.repository.js';

export function toWallet(row: MemberWallet): Wallet {
  return {
    id: row.id,
    name: row.name,
    currency: row.currency,
    role: row.role,
    personal: row.kind === 'personal',
    version: row.version,
    timeZone: row.time_zone,
    createdAt: row.created_at,
  };
}

export function toMember(row: MemberRow): Member {
  return { userId: row.user_id, email: row.email, role: row.role, joinedAt: row.joined_at };
}
