import { useEffect, useId, useState, type SubmitEvent } from 'react';
import { useServices } from '../../session/services-context.js';
import type { WalletRecord } from '../../local-db/records.js';
import { notices } from '../../shared/notices.js';
import { ViewerNotice } from '../wallets/index.js';
import {
  deleteWallet,
  describeWalletError,
  fieldErrorsOf,
  refreshMembers,
  removeMember,
  renameWallet,
} from '../../sync/wallet-actions.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { InviteSection } from './invite-section.js';
import { MemberList, ROLE_TEXT } from './member-list.js';
import { FieldError, invalidProps } from '../../shared/field-error.js';

interface MembersScreenProps {
  readonly wallet: WalletRecord;
  readonly userId: string;
  /** The wallet is gone from this device (left or deleted): show the personal one. */
  readonly onGone: () => void;
  readonly onBack: () => void;
}

/** One wallet's people and settings: members and roles, invitations, rename, delete, leave. */
export function MembersScreen({ wallet, userId, onGone, onBack }: MembersScreenProps) {
  const { db, api } = useServices();
  const [confirm, setConfirm] = useState<'leave' | 'delete' | null>(null);
  const isOwner = wallet.role === 'owner';

  useEffect(() => {
    if (wallet.personal) return;
    void refreshMembers({ db, api }, wallet.id).catch(() => undefined);
  }, [db, api, wallet.id, wallet.personal]);

  return (
    <section className="members-screen scroll-screen" aria-labelledby="members-screen-title">
      <div className="page-header">
        <div>
          <h1 id="members-screen-title">{wallet.name}</h1>
          <p className="muted page-subtitle">
            {wallet.personal ? 'Personal wallet' : 'Shared wallet'} · {wallet.currency} · you are{' '}
            {ROLE_TEXT[wallet.role].toLowerCase()}
          </p>
        </div>
        <button type="button" className="button" onClick={onBack}>
          All wallets
        </button>
      </div>
      {wallet.personal ? (
        <div className="card">
          <h2>Only you</h2>
          <p>
            Your personal wallet is private: it cannot be shared or deleted. To share expenses, create a shared wallet
            from <strong>All wallets</strong> and invite people to it.
          </p>
        </div>
      ) : (
        <>
          <ViewerNotice wallet={wallet} />
          <MemberList wallet={wallet} userId={userId} />
          {isOwner && <InviteSection wallet={wallet} />}
          {isOwner && <RenameCard wallet={wallet} />}
          <div className="card danger-zone">
            <h2>Leave or delete</h2>
            <p className="muted">
              {isOwner
                ? 'Leaving needs another owner: make someone an owner first. Deleting removes the wallet and all its expenses for everyone.'
                : 'Leaving removes the wallet from all your devices. The expenses you added stay in it.'}
            </p>
            <div className="button-row">
              <button
                type="button"
                className="button danger-outline"
                onClick={() => {
                  setConfirm('leave');
                }}
              >
                Leave wallet
              </button>
              {isOwner && (
                <button
                  type="button"
                  className="button danger"
                  onClick={() => {
                    setConfirm('delete');
                  }}
                >
                  Delete wallet
                </button>
              )}
            </div>
          </div>
        </>
      )}
      {confirm === 'leave' && (
        <ConfirmDialog
          title="Leave this wallet?"
          confirmLabel="Leave wallet"
          danger
          onClose={() => {
            setConfirm(null);
          }}
          onConfirm={async () => {
            try {
              await removeMember({ db, api }, wallet.id, userId, true);
              notices.show(`You left “${wallet.name}”.`);
              onGone();
              return null;
            } catch (error) {
              return describeWalletError(error);
            }
          }}
        >
          <p>You lose access to “{wallet.name}” on every device. An owner can invite you again.</p>
        </ConfirmDialog>
      )}
      {confirm === 'delete' && (
        <ConfirmDialog
          title="Delete this wallet?"
          confirmLabel="Delete wallet"
          danger
          onClose={() => {
            setConfirm(null);
          }}
          onConfirm={async () => {
            try {
              await deleteWallet({ db, api }, wallet.id);
              notices.show(`“${wallet.name}” was deleted.`);
              onGone();
              return null;
            } catch (error) {
              return describeWalletError(error);
            }
          }}
        >
          <p>“{wallet.name}” and all its expenses are deleted for every member. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function RenameCard({ wallet }: { readonly wallet: WalletRecord }) {
  const { db, api } = useServices();
  const id = useId();
  const [name, setName] = useState(wallet.name);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!name.trim()) {
      setError('Give the wallet a name.');
      return;
    }
    setBusy(true);
    try {
      await renameWallet({ db, api }, wallet.id, name.trim());
      setError(null);
      notices.show('Wallet renamed.');
    } catch (caught) {
      setError(fieldErrorsOf(caught).name ?? describeWalletError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Wallet name</h2>
      <form noValidate className="inline-form" onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor={`${id}-name`} className="visually-hidden">
            Wallet name
          </label>
          <input
            id={`${id}-name`}
            type="text"
            maxLength={100}
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              setError(null);
            }}
            {...invalidProps(error, `${id}-error`)}
          />
          <FieldError id={`${id}-error`} message={error} />
        </div>
        <button type="submit" className="button" disabled={busy || name.trim() === wallet.name}>
          Rename
        </button>
      </form>
    </section>
  );
}
