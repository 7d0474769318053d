import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useState } from 'react';
import type { LocalDb } from '../local-db/local-db.js';
import type { WalletRecord } from '../local-db/records.js';

const KEY = 'ttm.wallet';

export interface SelectedWallet {
  /** The wallet the user chose, known before the wallet list has loaded; null for the personal one. */
  readonly chosenId: string | null;
  readonly wallets: readonly WalletRecord[] | undefined;
  readonly wallet: WalletRecord | undefined;
  readonly select: (walletId: string) => void;
}

export function storedWalletId(): string | null {
  return window.localStorage.getItem(KEY);
}

/** The wallet the user is looking at: their choice if it still exists, else the personal one. */
export function useSelectedWallet(db: LocalDb): SelectedWallet {
  const [chosen, setChosen] = useState<string | null>(storedWalletId);
  const wallets = useLiveQuery(() => db.wallets.toArray(), [db]);
  const wallet = wallets?.find((item) => item.id === chosen) ?? wallets?.find((item) => item.personal) ?? wallets?.[0];
  const select = useCallback((walletId: string) => {
    window.localStorage.setItem(KEY, walletId);
    setChosen(walletId);
  }, []);
  return { chosenId: chosen, wallets, wallet, select };
}
