import type { Role } from '@ttm/contract';
import type { Generated } from 'kysely';

export type WalletKind = 'personal' | 'shared';

export interface WalletsTable {
  id: string;
  name: string;
  currency: string;
  kind: WalletKind;
  /** Bumped by every write to the wallet's data; expenses are stamped with it (sync cursor). */
  version: number;
  /** Bumped by every change to the member list (who joined, left or changed role). */
  members_version: number;
  /** IANA time zone that recurring expenses fall due in (0006). */
  time_zone: Generated<string>;
  created_at: string;
}

export interface WalletMembersTable {
  wallet_id: string;
  user_id: string;
  role: Role;
  joined_at: string;
}
