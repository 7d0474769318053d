import type { CreatedInvite, InviteRole, WalletInvite } from '@ttm/contract';
import { useCallback, useEffect, useId, useState, type SubmitEvent } from 'react';
import { useServices } from '../../session/services-context.js';
import type { WalletRecord } from '../../local-db/records.js';
import { formatDay } from '../../locale/date-format.js';
import { notices } from '../../shared/notices.js';
import {
  describeWalletError,
  fieldErrorsOf,
  invite,
  listWalletInvites,
  revokeInvite,
} from '../../sync/wallet-actions.js';
import { InviteLinkDialog } from './invite-link-dialog.js';
import { FieldError, invalidProps } from '../../shared/field-error.js';

/** The owner invites by email with a role, sees the link, and revokes invites still pending. */
export function InviteSection({ wallet }: { readonly wallet: WalletRecord }) {
  const { db, api } = useServices();
  const id = useId();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<InviteRole>('editor');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedInvite | null>(null);
  const [invites, setInvites] = useState<readonly WalletInvite[] | null>(null);
  const [listProblem, setListProblem] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setInvites(await listWalletInvites({ db, api }, wallet.id));
      setListProblem(null);
    } catch (error) {
      setListProblem(describeWalletError(error));
    }
  }, [db, api, wallet.id]);

  // Accepted and declined invitations drop off when the owner comes back to the window.
  useEffect(() => {
    const reload = () => {
      void load();
    };
    reload();
    window.addEventListener('focus', reload);
    return () => {
      window.removeEventListener('focus', reload);
    };
  }, [load]);

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!email.trim()) {
      setErrors({ email: 'Enter the email address of the person to invite.' });
      return;
    }
    setBusy(true);
    try {
      const result = await invite({ db, api }, wallet.id, email.trim(), role);
      setCreated(result);
      setEmail('');
      setErrors({});
      void load();
    } catch (error) {
      const fields = fieldErrorsOf(error);
      setErrors(fields.email ? { email: fields.email } : { form: describeWalletError(error) });
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (item: WalletInvite) => {
    try {
      await revokeInvite({ db, api }, wallet.id, item.id);
      notices.show(`Invitation for ${item.email} revoked.`);
      await load();
    } catch (error) {
      setListProblem(describeWalletError(error));
    }
  };

  return (
    <>
      <section className="card" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>Invite someone</h2>
        <form noValidate className="invite-form" onSubmit={(event) => void submit(event)}>
          <div className="field">
            <label htmlFor={`${id}-email`}>Email</label>
            <input
              id={`${id}-email`}
              type="email"
              inputMode="email"
              autoComplete="off"
              value={email}
              onChange={(event) => {
                setEmail(event.target.value);
                setErrors({});
              }}
              {...invalidProps(errors.email, `${id}-email-error`)}
            />
            <FieldError id={`${id}-email-error`} message={errors.email} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-role`}>Role</label>
            <select
              id={`${id}-role`}
              value={role}
              onChange={(event) => {
                setRole(event.target.value === 'viewer' ? 'viewer' : 'editor');
              }}
              aria-describedby={`${id}-role-hint`}
            >
              <option value="editor">Editor</option>
              <option value="viewer">Viewer</option>
            </select>
          </div>
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? 'Inviting…' : 'Send invite'}
          </button>
        </form>
        <p id={`${id}-role-hint`} className="field-hint">
          Editors add and change expenses and budgets; viewers only look.
        </p>
        {errors.form && (
          <p className="form-error" role="alert">
            {errors.form}
          </p>
        )}
      </section>
      <section className="card" aria-labelledby={`${id}-pending`}>
        <h2 id={`${id}-pending`}>
          Pending invitations <span className="count-pill">{invites?.length ?? 0}</span>
        </h2>
        {listProblem && (
          <p className="form-error" role="alert">
            {listProblem}
          </p>
        )}
        {invites && invites.length === 0 && <p className="muted">No invitations waiting for an answer.</p>}
        <ul className="plain-list">
          {invites?.map((item) => (
            <li key={item.id} className="list-row" data-testid="wallet-invite">
              <div className="list-main">
                <span className="list-title">{item.email}</span>
                <span className="list-meta">
                  {item.role === 'editor' ? 'Editor' : 'Viewer'} · expires {formatDay(item.expiresAt.slice(0, 10))}
                </span>
              </div>
              <div className="list-actions">
                <button
                  type="button"
                  className="button danger"
                  aria-label={`Revoke invitation for ${item.email}`}
                  onClick={() => void revoke(item)}
                >
                  Revoke
                </button>
              </div>
            </li>
          ))}
        </ul>
      </section>
      {created && (
        <InviteLinkDialog
          invite={created}
          walletName={wallet.name}
          onClose={() => {
            setCreated(null);
          }}
        />
      )}
    </>
  );
}
