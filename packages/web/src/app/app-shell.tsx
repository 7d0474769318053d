import type { User } from '@ttm/contract';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { AccountScreen } from '../features/account/account-screen.js';
import { expenseDraft } from '../features/expense-form/expense-draft.js';
import type { ExpenseFormValues } from '../features/expense-form/expense-form-model.js';
import { HistoryScreen } from '../features/history/index.js';
import { SyncIndicator } from '../features/sync-status/sync-indicator.js';
import { InviteAcceptor } from '../features/invites/invite-acceptor.js';
import { usePendingInvitesRefresh } from '../features/invites/use-pending-invites.js';
import { ViewerNotice } from '../features/wallets/viewer-notice.js';
import { WalletScreens } from './wallet-screens.js';
import { WalletSwitcher } from '../features/wallets/wallet-switcher.js';
import type { ExpenseRecord, WalletRecord } from '../local-db/records.js';
import { ChartIcon, ListIcon, LogoMark, PlusIcon, UserIcon } from '../shared/icons.js';
import { notices } from '../shared/notices.js';
import { useSelectedWallet } from '../session/selected-wallet.js';
import { useServices } from '../session/services-context.js';
import { useRoute } from '../platform/use-route.js';
import { whenIdle } from '../platform/scheduling.js';
import { deferredModule, useDeferredModule } from '../platform/deferred-module.js';
import { useSyncTriggers } from './use-sync-triggers.js';

const loadExpenseDialog = () => import('../features/expense-form/expense-dialog.js');
const ExpenseDialog = lazy(() => loadExpenseDialog().then((module) => ({ default: module.ExpenseDialog })));

const DashboardScreen = lazy(() =>
  import('../features/dashboard/dashboard-screen.js').then((module) => ({ default: module.DashboardScreen })),
);
const BudgetsScreen = lazy(() =>
  import('../features/budgets/budgets-screen.js').then((module) => ({ default: module.BudgetsScreen })),
);
const RecurringScreen = lazy(() =>
  import('../features/recurring/recurring-screen.js').then((module) => ({ default: module.RecurringScreen })),
);
const ConflictsScreen = lazy(() =>
  import('../features/conflicts/index.js').then((module) => ({ default: module.ConflictsScreen })),
);
// Not `lazy`: a suspended banner made the history's first render throw away and redo its work.
const budgetBanner = deferredModule(() => import('../features/budgets/budget-banner.js'));

function BudgetBannerSlot({ wallet }: { readonly wallet: WalletRecord }) {
  const module = useDeferredModule(budgetBanner);
  return module ? <module.BudgetBanner wallet={wallet} /> : null;
}

type Editing = { readonly expense: ExpenseRecord | null; readonly draft: ExpenseFormValues | null } | null;

interface AppShellProps {
  readonly user: User;
  readonly onSignOut: () => Promise<void>;
}

export function AppShell({ user, onSignOut }: AppShellProps) {
  const { db, sync } = useServices();
  const { chosenId, wallets, wallet, select } = useSelectedWallet(db);
  const [route, go] = useRoute();
  const [editing, setEditing] = useState<Editing>(null);
  const canWrite = wallet !== undefined && wallet.role !== 'viewer';
  // Keyed on the chosen id, not the resolved wallet, so the wallet list arriving does not
  // start a second pull.
  useSyncTriggers(sync, chosenId, true);
  usePendingInvitesRefresh();
  const joined = useCallback(
    (walletId: string) => {
      select(walletId);
      go('history');
    },
    [select, go],
  );

  // Adding an expense is the one thing that must work offline from the first minute, even before
  // the service worker has finished precaching: its dialog is fetched as soon as the shell shows
  // and the browser is idle, not at the first tap (a dynamic import that failed offline stays
  // failed until a reload). Idle, because starting a dozen fetches is not free, and in the
  // effects of the first commit it lengthened the task that puts the history on screen.
  useEffect(
    () =>
      whenIdle(() => {
        void loadExpenseDialog();
      }, 2000),
    [],
  );

  // Unsaved input from before a reload or an expired session comes back where it was.
  const [draftChecked, setDraftChecked] = useState(false);
  useEffect(() => {
    if (draftChecked || !wallet) return;
    setDraftChecked(true);
    const draft = expenseDraft.read();
    if (draft?.walletId !== wallet.id) return;
    if (draft.expenseId === null) {
      setEditing({ expense: null, draft: draft.values });
      return;
    }
    void db.expenses.get(draft.expenseId).then((expense) => {
      if (expense) setEditing({ expense, draft: draft.values });
      else expenseDraft.clear();
    });
  }, [db, wallet, draftChecked]);

  const openAdd = useCallback(() => {
    setEditing({ expense: null, draft: null });
  }, []);
  const openEdit = useCallback((expense: ExpenseRecord) => {
    setEditing({ expense, draft: null });
  }, []);

  const remove = useCallback(
    async (expense: ExpenseRecord) => {
      setEditing(null);
      const pending = await sync.deleteExpense(expense.id);
      notices.show('Expense deleted', {
        durationMs: 5000,
        action: {
          label: 'Undo',
          run: () => {
            void pending.undo().then((undone) => {
              notices.show(undone ? 'Expense restored' : 'Too late to undo: the expense was already deleted.');
            });
          },
        },
      });
    },
    [sync],
  );

  return (
    <div className="shell">
      <header className="top-bar">
        <div className="brand">
          <LogoMark />
          <span className="brand-name">TrackThatMoney</span>
        </div>
        <WalletSwitcher
          wallets={wallets ?? []}
          wallet={wallet}
          onSelect={select}
          onManage={() => {
            go('wallets');
          }}
        />
        <SyncIndicator walletId={wallet?.id ?? null} />
      </header>
      <nav className="nav" aria-label="Main">
        <button
          type="button"
          className="nav-item"
          aria-current={route === 'history' ? 'page' : undefined}
          onClick={() => {
            go('history');
          }}
        >
          <ListIcon />
          <span>History</span>
        </button>
        <button
          type="button"
          className="nav-item"
          aria-current={route === 'dashboard' || route === 'budgets' || route === 'recurring' ? 'page' : undefined}
          onClick={() => {
            go('dashboard');
          }}
        >
          <ChartIcon />
          <span>Dashboard</span>
        </button>
        <button
          type="button"
          className="nav-item nav-add"
          onClick={openAdd}
          disabled={!canWrite}
          hidden={wallet?.role === 'viewer'}
        >
          <PlusIcon />
          <span>Add</span>
        </button>
        <button
          type="button"
          className="nav-item"
          aria-current={route === 'account' ? 'page' : undefined}
          onClick={() => {
            go('account');
          }}
        >
          <UserIcon />
          <span>Account</span>
        </button>
      </nav>
      <main className="content">
        {route === 'wallets' || route === 'members' ? (
          <WalletScreens
            route={route}
            wallets={wallets ?? []}
            wallet={wallet}
            userId={user.id}
            onSelect={select}
            go={go}
          />
        ) : route === 'conflicts' ? (
          <Suspense fallback={<p className="loading">Loading…</p>}>
            <ConflictsScreen userId={user.id} />
          </Suspense>
        ) : route === 'account' ? (
          <AccountScreen user={user} wallet={wallet} onSignOut={onSignOut} />
        ) : (route === 'dashboard' || route === 'budgets' || route === 'recurring') && wallet ? (
          <Suspense fallback={<p className="loading">Loading…</p>}>
            {route === 'dashboard' ? (
              <DashboardScreen wallet={wallet} onNavigate={go} />
            ) : route === 'recurring' ? (
              <RecurringScreen key={wallet.id} wallet={wallet} onNavigate={go} />
            ) : (
              <BudgetsScreen wallet={wallet} onNavigate={go} />
            )}
          </Suspense>
        ) : wallet ? (
          <>
            <ViewerNotice wallet={wallet} />
            <HistoryScreen
              wallet={wallet}
              onOpen={openEdit}
              onAdd={canWrite ? openAdd : null}
              banner={<BudgetBannerSlot wallet={wallet} />}
            />
          </>
        ) : (
          <p className="loading">Loading your wallet…</p>
        )}
      </main>
      <InviteAcceptor email={user.email} onJoined={joined} />
      {editing && wallet && (
        <Suspense fallback={null}>
          <ExpenseDialog
            wallet={wallet}
            expense={editing.expense}
            draft={editing.draft}
            onClose={() => {
              setEditing(null);
            }}
            onDelete={(expense) => void remove(expense)}
          />
        </Suspense>
      )}
    </div>
  );
}
