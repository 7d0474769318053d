import { useId } from 'react';
import type { WalletRecord } from '../../local-db/records.js';
import { usePendingInvites } from '../invites/index.js';
import { WalletIcon } from './wallet-icons.js';
import './wallets.css';

interface WalletSwitcherProps {
  readonly wallets: readonly WalletRecord[];
  readonly wallet: WalletRecord | undefined;
  readonly onSelect: (walletId: string) => void;
  /** Opens the wallets screen (create, members, invitations). */
  readonly onManage: () => void;
}

export function WalletSwitcher({ wallets, wallet, onSelect, onManage }: WalletSwitcherProps) {
  const id = useId();
  const invites = usePendingInvites().length;
  const sorted = [...wallets].sort(compareWallets);
  const manageLabel =
    invites > 0
      ? `Wallets & members, ${String(invites)} invitation${invites === 1 ? '' : 's'} waiting`
      : 'Wallets & members';
  return (
    <div className="wallet-switcher">
      <label htmlFor={id} className="visually-hidden">
        Wallet
      </label>
      <select
        id={id}
        value={wallet?.id ?? ''}
        onChange={(event) => {
          onSelect(event.target.value);
        }}
      >
        {wallets.length === 0 && <option value="">Loading wallets…</option>}
        {sorted.map((item) => (
          <option key={item.id} value={item.id}>
            {item.name} · {item.currency}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="icon-button wallet-manage"
        onClick={onManage}
        aria-label={manageLabel}
        title={manageLabel}
        data-testid="manage-wallets"
      >
        <WalletIcon size={22} />
        <span className="wallet-manage-text" aria-hidden="true">
          Wallets
        </span>
        {invites > 0 && (
          <span className="invite-badge" aria-hidden="true">
            {invites}
          </span>
        )}
      </button>
    </div>
  );
}

/** The personal wallet first, then the shared ones by name. */
export function compareWallets(a: WalletRecord, b: WalletRecord): number {
  if (a.personal !== b.personal) return a.personal ? -1 : 1;
  return a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}
