import { preparedQuery } from '../../db/prepared.js';
import type { Db } from '../../db/types.js';
import type { RefreshTokensTable, SessionsTable } from '../../db/tables/sessions.table.js';
import type { UsersTable } from '../../db/tables/users.table.js';

export function insertUser(db: Db, user: UsersTable) {
  return db.insertInto('users').values(user).execute();
}

export function findUserByEmail(db: Db, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export function findUserById(db: Db, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function updatePasswordHash(db: Db, userId: string, passwordHash: string) {
  return db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}

export function deleteUser(db: Db, userId: string) {
  return db.deleteFrom('users').where('id', '=', userId).execute();
}

export function insertSession(db: Db, session: SessionsTable) {
  return db.insertInto('sessions').values(session).execute();
}

const activeSessionQuery = preparedQuery(
  (db, p: { sessionId: string; userId: string; nowIso: string }) =>
    db
      .selectFrom('sessions')
      .select('id')
      .where('id', '=', p.sessionId)
      .where('user_id', '=', p.userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', p.nowIso),
  { pointRead: true },
);

/** Runs on every authenticated request, so it is a prepared query. */
export async function isSessionActive(db: Db, sessionId: string, userId: string, nowIso: string): Promise<boolean> {
  const rows = await activeSessionQuery(db, { sessionId, userId, nowIso });
  return rows.length > 0;
}

export function revokeSession(db: Db, sessionId: string, nowIso: string) {
  return db
    .updateTable('sessions')
    .set({ revoked_at: nowIso })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute();
}

export function revokeOtherSessions(db: Db, userId: string, keepSessionId: string, nowIso: string) {
  return db
    .updateTable('sessions')
    .set({ revoked_at: nowIso })
    .where('user_id', '=', userId)
    .where('id', '!=', keepSessionId)
    .where('revoked_at', 'is', null)
    .execute();
}

export function insertRefreshToken(db: Db, token: RefreshTokensTable) {
  return db.insertInto('refresh_tokens').values(token).execute();
}

export function findRefreshToken(db: Db, tokenHash: string) {
  return db
    .selectFrom('refresh_tokens')
    .innerJoin('sessions', 'sessions.id', 'refresh_tokens.session_id')
    .select([
      'refresh_tokens.token_hash',
      'refresh_tokens.session_id',
      'refresh_tokens.expires_at',
      'refresh_tokens.used_at',
      'sessions.user_id',
      'sessions.revoked_at',
    ])
    .where('refresh_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Marks a token used; returns false when another request used it first (reuse). */
export async function claimRefreshToken(db: Db, tokenHash: string, nowIso: string): Promise<boolean> {
  const result = await db
    .updateTable('refresh_tokens')
    .set({ used_at: nowIso })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
