import type { ConflictKind } from '@ttm/contract';

/**
 * Per-field version stamps of one expense: the wallet version that last changed each field and
 * the sync client that wrote it (null for REST writes). A missing row means every field was last
 * written at the expense's own version (created and never edited since, or edited before 0004).
 */
export interface ExpenseFieldVersionsTable {
  expense_id: string;
  amount_version: number;
  amount_client: string | null;
  category_version: number;
  category_client: string | null;
  date_version: number;
  date_client: string | null;
  note_version: number;
  note_client: string | null;
}

/** The stored result of one pushed mutation, replayed on a retry (idempotency). */
export interface SyncMutationsTable {
  user_id: string;
  client_id: string;
  mutation_id: string;
  /** SHA-256 of the mutation as sent, to refuse a reused mutationId with other content. */
  request_hash: string;
  /** The MutationResult as JSON. */
  result: string;
  created_at: string;
}

/** A change that lost a merge, kept with both sides until a member resolves it. */
export interface SyncConflictsTable {
  id: string;
  wallet_id: string;
  expense_id: string;
  kind: ConflictKind;
  /** JSON array of field names. */
  fields: string;
  /** JSON of stored values (amount in minor units); null means "deleted". */
  server_values: string | null;
  client_values: string | null;
  base_version: number;
  created_by: string | null;
  client_id: string;
  created_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution: 'server' | 'client' | 'fields' | null;
}

/** Highest tombstone version compacted away in a wallet: cursors below it must reset. */
export interface SyncHorizonsTable {
  wallet_id: string;
  purged_version: number;
}

/** One row: the epoch of this database's version history. */
export interface SyncStateTable {
  id: number;
  epoch: string;
}
