import type { InviteRole } from '@ttm/contract';

/** A wallet invitation; the token is stored only as its SHA-256. Single use, 7 days. */
export interface InvitesTable {
  id: string;
  wallet_id: string;
  email: string;
  role: InviteRole;
  token_hash: string;
  invited_by: string | null;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  accepted_by: string | null;
  declined_at: string | null;
  revoked_at: string | null;
}
