/** One signed-in device: the rotation family of its refresh tokens. */
export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  user_agent: string | null;
}

/** Refresh tokens are stored only as SHA-256 hashes; each one is single use. */
export interface RefreshTokensTable {
  session_id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}
