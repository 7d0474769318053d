import type { Role } from '@ttm/contract';
import { sql } from 'kysely';
import { dialectOf } from '../../db/dialect.js';
import { preparedQuery } from '../../db/prepared.js';
import type { Db } from '../../db/types.js';
import { NotFoundError } from '../../errors.js';
import type { WalletMembersTable, WalletsTable } from '../../db/tables/wallets.table.js';

/** A new wallet starts in UTC (time_zone's default) until an owner sets its time zone. */
export function insertWallet(db: Db, wallet: Omit<WalletsTable, 'members_version' | 'time_zone'>) {
  return db
    .insertInto('wallets')
    .values({ ...wallet, members_version: 0 })
    .execute();
}

export function insertMember(db: Db, member: WalletMembersTable) {
  return db.insertInto('wallet_members').values(member).execute();
}

const walletColumns = [
  'wallets.id',
  'wallets.name',
  'wallets.currency',
  'wallets.kind',
  'wallets.version',
  'wallets.members_version',
  'wallets.time_zone',
  'wallets.created_at',
  'wallet_members.role',
] as const;

export function listWalletsForUser(db: Db, userId: string) {
  return db
    .selectFrom('wallet_members')
    .innerJoin('wallets', 'wallets.id', 'wallet_members.wallet_id')
    .select(walletColumns)
    .where('wallet_members.user_id', '=', userId)
    .orderBy('wallets.kind', 'asc')
    .orderBy('wallets.created_at', 'asc')
    .execute();
}

/** The wallet as seen by one user, or undefined when they are not a member. */
const walletForMemberQuery = preparedQuery(
  (db, p: { walletId: string; userId: string }) =>
    db
      .selectFrom('wallet_members')
      .innerJoin('wallets', 'wallets.id', 'wallet_members.wallet_id')
      .select(walletColumns)
      .where('wallet_members.wallet_id', '=', p.walletId)
      .where('wallet_members.user_id', '=', p.userId),
  { pointRead: true },
);

const personalWalletQuery = preparedQuery(
  (db, p: { userId: string }) =>
    db
      .selectFrom('wallet_members')
      .innerJoin('wallets', 'wallets.id', 'wallet_members.wallet_id')
      .select(walletColumns)
      .where('wallet_members.user_id', '=', p.userId)
      .where('wallets.kind', '=', 'personal')
      .where('wallet_members.role', '=', 'owner'),
  { pointRead: true },
);

/** Every wallet-scoped request starts here, so these two are prepared queries. */
export async function findWalletForMember(db: Db, walletId: string, userId: string) {
  return (await walletForMemberQuery(db, { walletId, userId }))[0];
}

export async function findPersonalWallet(db: Db, userId: string) {
  return (await personalWalletQuery(db, { userId }))[0];
}

/** The roles these users hold in a wallet; a user who is not a member is absent. */
export async function memberRoles(db: Db, walletId: string, userIds: readonly string[]): Promise<Map<string, Role>> {
  const rows = await db
    .selectFrom('wallet_members')
    .select(['user_id', 'role'])
    .where('wallet_id', '=', walletId)
    .where('user_id', 'in', userIds)
    .execute();
  return new Map(rows.map((row) => [row.user_id, row.role]));
}

export type MemberWallet = NonNullable<Awaited<ReturnType<typeof findWalletForMember>>>;

/**
 * Bumps the wallet's version and returns it. In PostgreSQL the UPDATE locks the wallet row until
 * the transaction ends, which serialises concurrent writers to one wallet; SQLite serialises all
 * writers anyway. Every write to wallet data calls this inside its transaction.
 */
export function bumpWalletVersion(db: Db, walletId: string): Promise<number> {
  return bumpWalletVersionBy(db, walletId, 1);
}

/** Wallets in which this user is the only owner: they go when the user deletes the account. */
export async function walletsOwnedSolelyBy(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('wallet_members as mine')
    .select('mine.wallet_id')
    .where('mine.user_id', '=', userId)
    .where('mine.role', '=', 'owner')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('wallet_members as other')
            .select('other.user_id')
            .whereRef('other.wallet_id', '=', 'mine.wallet_id')
            .where('other.user_id', '!=', userId)
            .where('other.role', '=', 'owner' satisfies Role),
        ),
      ),
    )
    .execute();
  return rows.map((row) => row.wallet_id);
}

export async function deleteWallets(db: Db, walletIds: readonly string[]): Promise<void> {
  if (walletIds.length === 0) return;
  await db.deleteFrom('wallets').where('id', 'in', walletIds).execute();
}

export function renameWallet(db: Db, walletId: string, name: string) {
  return db.updateTable('wallets').set({ name }).where('id', '=', walletId).execute();
}

export function setWalletTimeZone(db: Db, walletId: string, timeZone: string) {
  return db.updateTable('wallets').set({ time_zone: timeZone }).where('id', '=', walletId).execute();
}

const membersQuery = preparedQuery((db, p: { walletId: string }) =>
  db
    .selectFrom('wallet_members')
    .innerJoin('users', 'users.id', 'wallet_members.user_id')
    .select(['wallet_members.user_id', 'users.email', 'wallet_members.role', 'wallet_members.joined_at'])
    .where('wallet_members.wallet_id', '=', p.walletId)
    .orderBy('wallet_members.joined_at', 'asc')
    .orderBy('users.email', 'asc'),
);

export function listMembers(db: Db, walletId: string) {
  return membersQuery(db, { walletId });
}

export type MemberRow = Awaited<ReturnType<typeof listMembers>>[number];

export function findMember(db: Db, walletId: string, userId: string) {
  return db
    .selectFrom('wallet_members')
    .innerJoin('users', 'users.id', 'wallet_members.user_id')
    .select(['wallet_members.user_id', 'users.email', 'wallet_members.role', 'wallet_members.joined_at'])
    .where('wallet_members.wallet_id', '=', walletId)
    .where('wallet_members.user_id', '=', userId)
    .executeTakeFirst();
}

export function isMemberByEmail(db: Db, walletId: string, email: string) {
  return db
    .selectFrom('wallet_members')
    .innerJoin('users', 'users.id', 'wallet_members.user_id')
    .select('users.id')
    .where('wallet_members.wallet_id', '=', walletId)
    .where('users.email', '=', email)
    .executeTakeFirst();
}

export function setMemberRole(db: Db, walletId: string, userId: string, role: Role) {
  return db
    .updateTable('wallet_members')
    .set({ role })
    .where('wallet_id', '=', walletId)
    .where('user_id', '=', userId)
    .execute();
}

export function deleteMember(db: Db, walletId: string, userId: string) {
  return db.deleteFrom('wallet_members').where('wallet_id', '=', walletId).where('user_id', '=', userId).execute();
}

export async function countOwners(db: Db, walletId: string): Promise<number> {
  const row = await db
    .selectFrom('wallet_members')
    .select((eb) => eb.fn.countAll<number | string>().as('owners'))
    .where('wallet_id', '=', walletId)
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  return Number(row.owners);
}

/**
 * Serialises membership changes of one wallet (so two owners demoting each other cannot leave it
 * without an owner). PostgreSQL: a row lock until the transaction ends; SQLite: writers are
 * already serialised.
 */
export async function lockWallet(db: Db, walletId: string): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`select id from wallets where id = ${walletId} for update`.execute(db);
  }
}

/**
 * Every change to a wallet's member list calls this in its transaction, so anything cached under
 * the wallet's `members_version` (summaries name the members) is not asked for again.
 */
export async function bumpMembersVersion(db: Db, walletId: string): Promise<void> {
  await db
    .updateTable('wallets')
    .set((eb) => ({ members_version: eb('members_version', '+', 1) }))
    .where('id', '=', walletId)
    .execute();
}

/** Reserves `count` consecutive versions for one transaction's writes; returns the last one. */
const bumpVersionQuery = preparedQuery((db, p: { walletId: string; count: number }) =>
  db
    .updateTable('wallets')
    .set((eb) => ({ version: eb('version', '+', p.count) }))
    .where('id', '=', p.walletId)
    .returning('version'),
);

export async function bumpWalletVersionBy(db: Db, walletId: string, count: number): Promise<number> {
  const [row] = await bumpVersionQuery(db, { walletId, count });
  // The wallet was deleted while this write waited for its lock.
  if (!row) throw new NotFoundError();
  return row.version;
}
