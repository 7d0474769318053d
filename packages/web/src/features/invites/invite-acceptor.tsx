import { useEffect, useRef, useState } from 'react';
import { useServices } from '../../session/services-context.js';
import { ModalDialog } from '../../shared/modal-dialog.js';
import { notices } from '../../shared/notices.js';
import { forgetInviteToken, pendingInviteToken } from '../../platform/invite-link.js';

let accepting = false;

interface InviteAcceptorProps {
  readonly email: string;
  readonly onJoined: (walletId: string) => void;
}

/**
 * Accepts the invite link this tab was opened with, once the user is signed in (after
 * signing in or up if they were not). A refusal is explained in a dialog.
 */
export function InviteAcceptor({ email, onJoined }: InviteAcceptorProps) {
  const { db, api, sync } = useServices();
  const [problem, setProblem] = useState<string | null>(null);
  const onJoinedRef = useRef(onJoined);
  useEffect(() => {
    onJoinedRef.current = onJoined;
  });

  useEffect(() => {
    const token = pendingInviteToken();
    // A token is single use: never send it twice at once (effects can run twice).
    if (!token || accepting) return;
    accepting = true;
    let cancelled = false;
    void import('../../sync/wallet-actions.js').then(async ({ acceptInviteToken, describeWalletError, isOffline }) => {
      try {
        const wallet = await acceptInviteToken({ db, api }, token);
        forgetInviteToken();
        if (cancelled) return;
        notices.show(`You joined “${wallet.name}”.`);
        onJoinedRef.current(wallet.id);
        void sync.refresh(wallet.id);
      } catch (error) {
        // Offline: the link is kept and tried again on the next start.
        if (isOffline(error)) {
          notices.show('The invitation will be accepted when the connection is back.');
          return;
        }
        forgetInviteToken();
        if (!cancelled) setProblem(describeWalletError(error));
      } finally {
        accepting = false;
      }
    });
    return () => {
      cancelled = true;
    };
  }, [db, api, sync]);

  if (!problem) return null;
  const close = () => {
    setProblem(null);
  };
  return (
    <ModalDialog title="Invitation not accepted" onClose={close}>
      <p className="invite-problem" role="alert">
        {problem}
      </p>
      <p className="muted">You are signed in as {email}.</p>
      <div className="dialog-actions">
        <span className="spacer" />
        <button type="button" className="button primary" onClick={close} data-autofocus>
          OK
        </button>
      </div>
    </ModalDialog>
  );
}
