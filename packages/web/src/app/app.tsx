import { lazy, Suspense, useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { expenseDraft } from '../features/expense-form/expense-draft.js';
import { forgetReceipts } from '../features/receipts/index.js';
import { notices } from '../shared/notices.js';
import { Snackbar } from '../shared/snackbar.js';
import { Splash } from '../shared/splash.js';
import { AppShell } from './app-shell.js';
import { claimLocalStore } from '../session/local-owner.js';
import { useServices } from '../session/services-context.js';
import { UpdateBanner } from '../platform/update-banner.js';

const AuthScreen = lazy(() =>
  import('../features/auth/auth-screen.js').then((module) => ({ default: module.AuthScreen })),
);

export function App() {
  const { session, db, sync } = useServices();
  const state = useSyncExternalStore(session.subscribe, session.getState);
  const [readyFor, setReadyFor] = useState<string | null>(null);
  const userId = state.status === 'signed-in' ? state.user.id : null;

  useEffect(() => {
    if (!userId) return;
    let cancelled = false;
    void claimLocalStore(db, userId).then(() => {
      if (!cancelled) setReadyFor(userId);
    });
    return () => {
      cancelled = true;
    };
  }, [db, userId]);

  const signOut = useCallback(async () => {
    await sync.flushAll().catch(() => undefined);
    const unsent = await db.outbox.count();
    if (
      unsent > 0 &&
      !window.confirm(
        `${String(unsent)} change${unsent === 1 ? ' has' : 's have'} not reached the server yet and will be lost. Sign out anyway?`,
      )
    ) {
      return;
    }
    notices.clear();
    try {
      await session.signOut();
    } catch {
      // Offline: the cookie stays on the server until it expires, but this device forgets it all.
    }
    expenseDraft.clear();
    sync.dispose();
    await db.clearAll();
    await forgetReceipts(db);
    setReadyFor(null);
    window.history.replaceState(null, '', '/');
  }, [db, session, sync]);

  let screen;
  if (state.status === 'starting') {
    screen = <Splash message="Loading…" />;
  } else if (state.status === 'signed-out') {
    screen = (
      <Suspense fallback={<Splash message="Loading…" />}>
        <AuthScreen expired={state.reason === 'expired'} />
      </Suspense>
    );
  } else if (readyFor !== state.user.id) {
    screen = <Splash message="Opening your expenses…" />;
  } else {
    screen = <AppShell key={state.user.id} user={state.user} onSignOut={signOut} />;
  }

  return (
    <>
      {screen}
      <UpdateBanner />
      <Snackbar />
    </>
  );
}
