import type { PendingInvite } from '@ttm/contract';
import { useState } from 'react';
import { useServices } from '../../session/services-context.js';
import { formatDay } from '../../locale/date-format.js';
import { notices } from '../../shared/notices.js';
import { acceptInvite, declineInvite, describeWalletError } from '../../sync/wallet-actions.js';
import { pendingInvites, usePendingInvites } from '../invites/index.js';

interface PendingInvitesCardProps {
  readonly onJoined: (walletId: string) => void;
}

/** Invitations sent to the user's email, to accept or decline. */
export function PendingInvitesCard({ onJoined }: PendingInvitesCardProps) {
  const invites = usePendingInvites();
  if (invites.length === 0) return null;
  return (
    <section className="card invites-card" aria-labelledby="my-invites-title">
      <h2 id="my-invites-title">
        Invitations <span className="count-pill">{invites.length}</span>
      </h2>
      <ul className="plain-list">
        {invites.map((invite) => (
          <PendingInviteItem key={invite.id} invite={invite} onJoined={onJoined} />
        ))}
      </ul>
    </section>
  );
}

function PendingInviteItem({
  invite,
  onJoined,
}: {
  readonly invite: PendingInvite;
  readonly onJoined: (id: string) => void;
}) {
  const { db, api, sync } = useServices();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const run = async (accept: boolean) => {
    setBusy(true);
    setProblem(null);
    try {
      if (accept) {
        const wallet = await acceptInvite({ db, api }, invite.id);
        pendingInvites.forget(invite.id);
        notices.show(`You joined “${wallet.name}”.`);
        onJoined(wallet.id);
        void sync.refresh(wallet.id);
      } else {
        await declineInvite({ db, api }, invite.id);
        pendingInvites.forget(invite.id);
        notices.show('Invitation declined.');
      }
    } catch (error) {
      setProblem(describeWalletError(error));
      setBusy(false);
    }
  };

  const label = `${invite.walletName} (${invite.currency})`;
  return (
    <li className="list-row invite-row" data-testid="pending-invite">
      <div className="list-main">
        <span className="list-title">{label}</span>
        <span className="list-meta">
          {invite.invitedBy ? `From ${invite.invitedBy}` : 'From a deleted account'} · as {invite.role} · until{' '}
          {formatDay(invite.expiresAt.slice(0, 10))}
        </span>
        {problem && (
          <span className="list-error" role="alert">
            {problem}
          </span>
        )}
      </div>
      <div className="list-actions">
        <button
          type="button"
          className="button"
          disabled={busy}
          aria-label={`Decline invitation to ${label}`}
          onClick={() => void run(false)}
        >
          Decline
        </button>
        <button
          type="button"
          className="button primary"
          disabled={busy}
          aria-label={`Accept invitation to ${label}`}
          onClick={() => void run(true)}
        >
          Accept
        </button>
      </div>
    </li>
  );
}
