import type { CreatedInvite } from '@ttm/contract';
import { useId, useRef, useState } from 'react';
import { formatDay } from '../../locale/date-format.js';
import { ModalDialog } from '../../shared/modal-dialog.js';
import { inviteLink } from '../../platform/invite-link.js';

interface InviteLinkDialogProps {
  readonly invite: CreatedInvite;
  readonly walletName: string;
  readonly onClose: () => void;
}

/** The invite's link, shown once: there is no mail server, so the owner shares it by hand. */
export function InviteLinkDialog({ invite, walletName, onClose }: InviteLinkDialogProps) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'select' | null>(null);
  const link = inviteLink(window.location.origin, invite.token);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied('yes');
    } catch {
      // No clipboard access (permission, insecure origin): select it for a manual copy.
      inputRef.current?.select();
      setCopied('select');
    }
  };

  return (
    <ModalDialog title="Invitation ready" onClose={onClose} className="invite-link-dialog">
      <p className="dialog-lead">
        <strong>{invite.email}</strong> can join “{walletName}” as {invite.role === 'editor' ? 'an editor' : 'a viewer'}
        . They also see it under Invitations when they sign in with that email. Or send them this link:
      </p>
      <div className="field">
        <label htmlFor={`${id}-link`}>Invite link</label>
        <div className="copy-row">
          <input
            ref={inputRef}
            id={`${id}-link`}
            type="text"
            readOnly
            value={link}
            data-testid="invite-link"
            onFocus={(event) => {
              event.currentTarget.select();
            }}
          />
          <button type="button" className="button primary" onClick={() => void copy()} data-autofocus>
            {copied === 'yes' ? 'Copied' : 'Copy link'}
          </button>
        </div>
        <p className="field-hint" role="status">
          {copied === 'yes'
            ? 'Link copied to the clipboard.'
            : copied === 'select'
              ? 'Copying is not allowed here: the link is selected, copy it by hand.'
              : `Works once, until ${formatDay(invite.expiresAt.slice(0, 10))}. It is shown only now.`}
        </p>
      </div>
      <div className="dialog-actions">
        <span className="spacer" />
        <button type="button" className="button" onClick={onClose}>
          Done
        </button>
      </div>
    </ModalDialog>
  );
}
