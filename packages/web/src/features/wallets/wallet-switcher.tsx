import { useId } from 'react';
import type { WalletRecord } from '../../local-db/records.js';

interface WalletSwitcherProps {
  readonly wallets: readonly WalletRecord[];
  readonly wallet: WalletRecord | undefined;
  readonly onSelect: (walletId: string) => void;
}

export function WalletSwitcher({ wallets, wallet, onSelect }: WalletSwitcherProps) {
  const id = useId();
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
        {wallets.map((item) => (
          <option key={item.id} value={item.id}>
            {item.name} · {item.currency}
          </option>
        ))}
      </select>
    </div>
  );
}
