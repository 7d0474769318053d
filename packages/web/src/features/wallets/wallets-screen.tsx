import { useState } from 'react';
import type { WalletRecord } from '../../local-db/records.js';
import { notices } from '../../shared/notices.js';
import { PendingInvitesCard } from './pending-invites-card.js';
import { CreateWalletDialog } from './create-wallet-dialog.js';
import { compareWallets } from './wallet-switcher.js';
import { PeopleIcon } from './wallet-icons.js';

const ROLE_TEXT = { owner: 'Owner', editor: 'Editor', viewer: 'Viewer' } as const;

interface WalletsScreenProps {
  readonly wallets: readonly WalletRecord[];
  readonly current: WalletRecord | undefined;
  /** Switches to the wallet and shows its history. */
  readonly onOpen: (walletId: string) => void;
  /** Switches to the wallet and shows its members. */
  readonly onMembers: (walletId: string) => void;
}

/** Every wallet the user is in, invitations waiting for them, and a new shared wallet. */
export function WalletsScreen({ wallets, current, onOpen, onMembers }: WalletsScreenProps) {
  const [creating, setCreating] = useState(false);
  const sorted = [...wallets].sort(compareWallets);
  return (
    <section className="wallets-screen scroll-screen" aria-labelledby="wallets-title">
      <div className="page-header">
        <h1 id="wallets-title">Wallets</h1>
        <button
          type="button"
          className="button primary"
          onClick={() => {
            setCreating(true);
          }}
        >
          New shared wallet
        </button>
      </div>
      <PendingInvitesCard onJoined={onOpen} />
      <ul className="plain-list wallet-list" aria-label="Your wallets">
        {sorted.map((wallet) => (
          <li key={wallet.id} className="list-row wallet-row" data-testid="wallet-row">
            <button
              type="button"
              className="wallet-open"
              aria-current={wallet.id === current?.id ? 'true' : undefined}
              onClick={() => {
                onOpen(wallet.id);
              }}
            >
              <span className="list-title">{wallet.name}</span>
              <span className="list-meta">
                {wallet.personal ? 'Personal, only you' : `Shared · ${ROLE_TEXT[wallet.role]}`} · {wallet.currency}
              </span>
            </button>
            {!wallet.personal && (
              <button
                type="button"
                className="button"
                aria-label={`Members of ${wallet.name}`}
                onClick={() => {
                  onMembers(wallet.id);
                }}
              >
                <PeopleIcon size={20} />
                <span className="wide-only">Members</span>
              </button>
            )}
          </li>
        ))}
      </ul>
      {sorted.length <= 1 && (
        <p className="muted screen-hint">
          Your personal wallet is private. Create a shared wallet for a household or a trip, then invite people by
          email: everyone sees and adds the wallet’s expenses from their own account.
        </p>
      )}
      {creating && (
        <CreateWalletDialog
          defaultCurrency={current?.currency ?? 'EUR'}
          onClose={() => {
            setCreating(false);
          }}
          onCreated={(walletId) => {
            setCreating(false);
            notices.show('Wallet created. Invite the people you share it with.');
            onMembers(walletId);
          }}
        />
      )}
    </section>
  );
}
