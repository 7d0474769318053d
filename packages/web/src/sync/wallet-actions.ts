import {
  ApiError,
  inviteEndpoints,
  memberEndpoints,
  NetworkError,
  walletEndpoints,
  type InviteRole,
  type Role,
  type Wallet,
} from '@ttm/contract';
import type { ApiCaller } from '../api/api-caller.js';
import { SessionExpiredError } from '../api/session-errors.js';
import type { LocalDb } from '../local-db/local-db.js';
import { pullMembers, walletToRecord } from './pull.js';

/**
 * Wallet, member and invite changes. They go straight to the server (they only make sense
 * online) and then update the local store, so the switcher and lists follow at once.
 */
export interface WalletActionsDeps {
  readonly db: LocalDb;
  readonly api: ApiCaller;
}

async function keepWallet({ db }: WalletActionsDeps, wallet: Wallet): Promise<Wallet> {
  await db.wallets.put(walletToRecord(wallet));
  return wallet;
}

export async function createWallet(deps: WalletActionsDeps, name: string, currency: string): Promise<Wallet> {
  const wallet = await deps.api.call(walletEndpoints.create, { body: { name, currency } });
  return keepWallet(deps, wallet);
}

export async function renameWallet(deps: WalletActionsDeps, walletId: string, name: string): Promise<Wallet> {
  const wallet = await deps.api.call(walletEndpoints.update, { params: { id: walletId }, body: { name } });
  return keepWallet(deps, wallet);
}

export async function deleteWallet(deps: WalletActionsDeps, walletId: string): Promise<void> {
  await deps.api.call(walletEndpoints.delete, { params: { id: walletId } });
  await deps.db.dropWallet(walletId);
}

/** Removes a member (owner), or the caller themself: leaving drops the wallet from this device. */
export async function removeMember(
  deps: WalletActionsDeps,
  walletId: string,
  userId: string,
  self: boolean,
): Promise<void> {
  await deps.api.call(memberEndpoints.remove, { params: { id: walletId, userId } });
  if (self) await deps.db.dropWallet(walletId);
  else await pullMembers(deps.db, deps.api, walletId);
}

export async function changeRole(deps: WalletActionsDeps, walletId: string, userId: string, role: Role): Promise<void> {
  await deps.api.call(memberEndpoints.update, { params: { id: walletId, userId }, body: { role } });
  await pullMembers(deps.db, deps.api, walletId);
}

export async function refreshMembers(deps: WalletActionsDeps, walletId: string): Promise<void> {
  await pullMembers(deps.db, deps.api, walletId);
}

export async function invite(deps: WalletActionsDeps, walletId: string, email: string, role: InviteRole) {
  return deps.api.call(inviteEndpoints.create, { params: { id: walletId }, body: { email, role } });
}

export async function listWalletInvites(deps: WalletActionsDeps, walletId: string) {
  return deps.api.call(inviteEndpoints.listForWallet, { params: { id: walletId } });
}

export async function revokeInvite(deps: WalletActionsDeps, walletId: string, inviteId: string): Promise<void> {
  await deps.api.call(inviteEndpoints.revoke, { params: { id: walletId, inviteId } });
}

export async function listMyInvites(deps: WalletActionsDeps) {
  return deps.api.call(inviteEndpoints.listMine, {});
}

export async function acceptInvite(deps: WalletActionsDeps, inviteId: string): Promise<Wallet> {
  return keepWallet(deps, await deps.api.call(inviteEndpoints.accept, { params: { id: inviteId } }));
}

export async function declineInvite(deps: WalletActionsDeps, inviteId: string): Promise<void> {
  await deps.api.call(inviteEndpoints.decline, { params: { id: inviteId } });
}

export async function acceptInviteToken(deps: WalletActionsDeps, token: string): Promise<Wallet> {
  return keepWallet(deps, await deps.api.call(inviteEndpoints.acceptToken, { body: { token } }));
}

/** The server could not be reached (as opposed to refusing). */
export function isOffline(error: unknown): boolean {
  return error instanceof NetworkError;
}

/** A sentence for the user from any failure of the calls above; never from message text. */
export function describeWalletError(error: unknown): string {
  if (error instanceof NetworkError) return 'The server cannot be reached. Check your connection and try again.';
  if (error instanceof SessionExpiredError) return 'Your session has ended. Sign in again.';
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.';
  switch (error.code) {
    case 'last_owner':
      return 'A wallet needs at least one owner. Make another member an owner first.';
    case 'personal_wallet':
      return 'Your personal wallet cannot be shared or deleted.';
    case 'already_member':
      return 'This person is already a member of the wallet.';
    case 'invite_expired':
      return 'This invitation has expired. Ask the owner to send a new one.';
    case 'invite_used':
      return 'This invitation has already been used.';
    case 'invite_wrong_account':
      return 'This invitation was sent to another email address. Sign in with that address to accept it.';
    case 'forbidden':
      return 'Your role in this wallet does not allow this.';
    case 'not_found':
      return 'This wallet or invitation no longer exists, or you are no longer a member.';
    case 'rate_limited':
      return 'Too many requests. Wait a minute and try again.';
    default:
      return error.problem.detail;
  }
}

/** Field errors the server sent for a form (name, currency, email), by field. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.code !== 'validation_failed') return {};
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(error.fieldErrors())) {
    const name = path.replace(/^body\./, '').split('.')[0] ?? '';
    out[name] ??= message;
  }
  return out;
}
