import type { Role } from '@ttm/contract';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useServices } from '../../session/services-context.js';
import type { MemberRecord, WalletRecord } from '../../local-db/records.js';
import { notices } from '../../shared/notices.js';
import { changeRole, describeWalletError, removeMember } from '../../sync/wallet-actions.js';
import { ConfirmDialog } from './confirm-dialog.js';

export const ROLE_TEXT: Readonly<Record<Role, string>> = { owner: 'Owner', editor: 'Editor', viewer: 'Viewer' };
const ROLE_ORDER: Readonly<Record<Role, number>> = { owner: 0, editor: 1, viewer: 2 };

interface MemberListProps {
  readonly wallet: WalletRecord;
  readonly userId: string;
}

type Pending =
  | { readonly kind: 'remove'; readonly member: MemberRecord }
  | { readonly kind: 'step-down'; readonly newOwner: MemberRecord }
  | null;

/** The wallet's members with their roles; an owner changes roles, removes people, hands over ownership. */
export function MemberList({ wallet, userId }: MemberListProps) {
  const { db, api } = useServices();
  const members = useLiveQuery(() => db.members.where('walletId').equals(wallet.id).toArray(), [db, wallet.id]);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const isOwner = wallet.role === 'owner';
  const sorted = [...(members ?? [])].sort(
    (a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.email.localeCompare(b.email),
  );

  const setRole = async (member: MemberRecord, role: Role) => {
    setBusyId(member.userId);
    setProblem(null);
    try {
      await changeRole({ db, api }, wallet.id, member.userId, role);
      const self = member.userId === userId;
      if (self) {
        // Stepping down: this device's copy of the wallet learns the new role.
        await db.wallets.update(wallet.id, { role });
        notices.show(`You are now ${ROLE_TEXT[role].toLowerCase()} of “${wallet.name}”.`);
      } else if (role === 'owner') {
        setPending({ kind: 'step-down', newOwner: member });
      } else {
        notices.show(`${member.email} is now ${ROLE_TEXT[role].toLowerCase()}.`);
      }
    } catch (error) {
      setProblem(describeWalletError(error));
    } finally {
      setBusyId(null);
    }
  };

  return (
    <section className="card" aria-labelledby="members-title">
      <h2 id="members-title">
        Members <span className="count-pill">{sorted.length}</span>
      </h2>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      <ul className="plain-list" aria-label="Members">
        {sorted.map((member) => {
          const self = member.userId === userId;
          const who = self ? `${member.email} (you)` : member.email;
          // An owner manages everyone else, and may step down while another owner remains.
          const canManage = isOwner && (!self || sorted.filter((item) => item.role === 'owner').length > 1);
          return (
            <li key={member.userId} className="list-row member-row" data-testid="member-row">
              <div className="list-main">
                <span className="list-title">{who}</span>
                <span className="list-meta">
                  Joined {new Date(member.joinedAt).toLocaleDateString(undefined, { dateStyle: 'medium' })}
                </span>
              </div>
              <div className="list-actions">
                {canManage ? (
                  <select
                    className="role-select"
                    aria-label={`Role of ${member.email}`}
                    value={member.role}
                    disabled={busyId === member.userId}
                    onChange={(event) => void setRole(member, event.target.value as Role)}
                  >
                    {(['owner', 'editor', 'viewer'] as const).map((role) => (
                      <option key={role} value={role}>
                        {ROLE_TEXT[role]}
                      </option>
                    ))}
                  </select>
                ) : (
                  <span className={`role-pill role-${member.role}`}>{ROLE_TEXT[member.role]}</span>
                )}
                {isOwner && !self && (
                  <button
                    type="button"
                    className="button danger"
                    aria-label={`Remove ${member.email}`}
                    disabled={busyId === member.userId}
                    onClick={() => {
                      setPending({ kind: 'remove', member });
                    }}
                  >
                    Remove
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      {pending?.kind === 'remove' && (
        <ConfirmDialog
          title="Remove member?"
          confirmLabel="Remove"
          danger
          onClose={() => {
            setPending(null);
          }}
          onConfirm={async () => {
            try {
              await removeMember({ db, api }, wallet.id, pending.member.userId, false);
              setPending(null);
              notices.show(`${pending.member.email} was removed from “${wallet.name}”.`);
              return null;
            } catch (error) {
              return describeWalletError(error);
            }
          }}
        >
          <p>
            {pending.member.email} loses access to “{wallet.name}” at once, on every device. The expenses they added
            stay in the wallet.
          </p>
        </ConfirmDialog>
      )}
      {pending?.kind === 'step-down' && (
        <ConfirmDialog
          title="Ownership shared"
          confirmLabel="Step down to editor"
          cancelLabel="Stay an owner"
          onClose={() => {
            setPending(null);
          }}
          onConfirm={async () => {
            try {
              await changeRole({ db, api }, wallet.id, userId, 'editor');
              await db.wallets.update(wallet.id, { role: 'editor' });
              setPending(null);
              notices.show(`${pending.newOwner.email} now owns “${wallet.name}”. You are an editor.`);
              return null;
            } catch (error) {
              return describeWalletError(error);
            }
          }}
        >
          <p>
            {pending.newOwner.email} is now an owner of “{wallet.name}”. To hand the wallet over, step down to editor:
            you keep adding expenses but can no longer manage members.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
