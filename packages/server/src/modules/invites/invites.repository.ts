import type { Db } from '../../db/types.js';
import type { InvitesTable } from '../../db/tables/invites.table.js';

export type InviteRow = InvitesTable;

export function insertInvite(db: Db, invite: InviteRow) {
  return db.insertInto('invites').values(invite).execute();
}

export function findInviteById(db: Db, id: string) {
  return db.selectFrom('invites').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findInviteByTokenHash(db: Db, tokenHash: string) {
  return db.selectFrom('invites').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Revokes earlier pending invites of the same person to the same wallet (a new link replaces them). */
export function revokePendingInvites(db: Db, walletId: string, email: string, nowIso: string) {
  return db
    .updateTable('invites')
    .set({ revoked_at: nowIso })
    .where('wallet_id', '=', walletId)
    .where('email', '=', email)
    .where('accepted_at', 'is', null)
    .where('declined_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
}

export function listPendingForEmail(db: Db, email: string, nowIso: string) {
  return db
    .selectFrom('invites')
    .innerJoin('wallets', 'wallets.id', 'invites.wallet_id')
    .leftJoin('users as inviter', 'inviter.id', 'invites.invited_by')
    .select([
      'invites.id',
      'invites.wallet_id',
      'wallets.name as wallet_name',
      'wallets.currency',
      'invites.role',
      'inviter.email as invited_by_email',
      'invites.expires_at',
    ])
    .where('invites.email', '=', email)
    .where('invites.accepted_at', 'is', null)
    .where('invites.declined_at', 'is', null)
    .where('invites.revoked_at', 'is', null)
    .where('invites.expires_at', '>', nowIso)
    .orderBy('invites.created_at', 'desc')
    .execute();
}

export function listPendingForWallet(db: Db, walletId: string, nowIso: string) {
  return db
    .selectFrom('invites')
    .select(['id', 'email', 'role', 'created_at', 'expires_at'])
    .where('wallet_id', '=', walletId)
    .where('accepted_at', 'is', null)
    .where('declined_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', nowIso)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Marks an invite accepted if it still is pending; false when someone else got there first. */
export async function markInviteAccepted(db: Db, id: string, userId: string, nowIso: string): Promise<boolean> {
  const result = await db
    .updateTable('invites')
    .set({ accepted_at: nowIso, accepted_by: userId })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('declined_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export function markInviteDeclined(db: Db, id: string, nowIso: string) {
  return db.updateTable('invites').set({ declined_at: nowIso }).where('id', '=', id).execute();
}

export function markInviteRevoked(db: Db, id: string, nowIso: string) {
  return db.updateTable('invites').set({ revoked_at: nowIso }).where('id', '=', id).execute();
}
