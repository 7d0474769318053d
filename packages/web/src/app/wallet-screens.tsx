import { lazy, Suspense } from 'react';
import type { Route } from '../platform/use-route.js';
import type { WalletRecord } from '../local-db/records.js';

const WalletsScreen = lazy(() =>
  import('../features/wallets/wallets-screen.js').then((module) => ({ default: module.WalletsScreen })),
);
const MembersScreen = lazy(() =>
  import('../features/members/members-screen.js').then((module) => ({ default: module.MembersScreen })),
);

interface WalletScreensProps {
  readonly route: 'wallets' | 'members';
  readonly wallets: readonly WalletRecord[];
  readonly wallet: WalletRecord | undefined;
  readonly userId: string;
  readonly onSelect: (walletId: string) => void;
  readonly go: (route: Route) => void;
}

/** The wallets list and the current wallet's members screen, loaded on first visit. */
export function WalletScreens({ route, wallets, wallet, userId, onSelect, go }: WalletScreensProps) {
  const open = (walletId: string, next: Route) => {
    onSelect(walletId);
    go(next);
  };
  return (
    <Suspense fallback={<p className="loading">Loading…</p>}>
      {route === 'members' && wallet ? (
        <MembersScreen
          key={wallet.id}
          wallet={wallet}
          userId={userId}
          onBack={() => {
            go('wallets');
          }}
          onGone={() => {
            const personal = wallets.find((item) => item.personal && item.id !== wallet.id);
            if (personal) onSelect(personal.id);
            go('history');
          }}
        />
      ) : (
        <WalletsScreen
          wallets={wallets}
          current={wallet}
          onOpen={(walletId) => {
            open(walletId, 'history');
          }}
          onMembers={(walletId) => {
            open(walletId, 'members');
          }}
        />
      )}
    </Suspense>
  );
}
