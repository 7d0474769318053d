import type { User } from '@ttm/contract';
import { Suspense, useState, useSyncExternalStore } from 'react';
import { installPrompt } from '../../platform/install-prompt.js';
import type { WalletRecord } from '../../local-db/records.js';
import { DataSettings } from '../settings/index.js';

interface AccountScreenProps {
  readonly user: User;
  readonly wallet: WalletRecord | undefined;
  readonly onSignOut: () => Promise<void>;
}

export function AccountScreen({ user, wallet, onSignOut }: AccountScreenProps) {
  const [busy, setBusy] = useState(false);
  const canInstall = useSyncExternalStore(installPrompt.subscribe, installPrompt.isAvailable);
  return (
    <section className="account" aria-labelledby="account-title">
      <div className="page-header">
        <h1 id="account-title">Account</h1>
      </div>
      <div className="card">
        <dl className="details">
          <dt>Signed in as</dt>
          <dd data-testid="account-email">{user.email}</dd>
          {wallet && (
            <>
              <dt>Wallet</dt>
              <dd>
                {wallet.name} · {wallet.currency} · {wallet.role}
              </dd>
            </>
          )}
        </dl>
        <button
          type="button"
          className="button danger-outline"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void onSignOut().finally(() => {
              setBusy(false);
            });
          }}
        >
          {busy ? 'Signing out…' : 'Sign out'}
        </button>
      </div>
      {wallet && (
        <Suspense fallback={null}>
          <DataSettings wallet={wallet} />
        </Suspense>
      )}
      <div className="card">
        <h2>Install the app</h2>
        <p className="muted">
          On Android, open this page in Chrome, tap the menu (⋮) and choose <strong>Install app</strong> (or{' '}
          <strong>Add to Home screen</strong>). It opens in its own window with its own icon, and works offline with the
          expenses already synced.
        </p>
        {canInstall && (
          <button
            type="button"
            className="button primary install-button"
            onClick={() => {
              void installPrompt.install();
            }}
          >
            Install app
          </button>
        )}
      </div>
    </section>
  );
}
