import { BUDGET_OVERALL } from '@ttm/contract';
import { useState } from 'react';
import { useServices } from '../../session/services-context.js';
import type { Route } from '../../platform/use-route.js';
import type { WalletRecord } from '../../local-db/records.js';
import { formatMonth } from '../../locale/date-format.js';
import { monthOf, todayLocal } from '../../locale/local-date.js';
import { useServerChangeKey, useServerData } from '../../session/use-server-data.js';
import { BudgetLine } from './budget-bar.js';
import { BudgetEditorDialog, type BudgetTarget } from './budget-editor-dialog.js';
import { budgetFor, sortBudgets } from './budget-math.js';
import { fetchBudgets } from './budget-queries.js';
import './budgets.css';
import { SubpageHeader } from '../../shared/subpage-header.js';
import { LoadError } from '../../shared/load-error.js';

interface BudgetsScreenProps {
  readonly wallet: WalletRecord;
  readonly onNavigate: (route: Route) => void;
}

export function BudgetsScreen({ wallet, onNavigate }: BudgetsScreenProps) {
  const { api } = useServices();
  const month = monthOf(todayLocal());
  const changed = useServerChangeKey();
  const budgets = useServerData(`${wallet.id}|${month}|${changed}`, (signal) =>
    fetchBudgets(api, wallet.id, month, signal),
  );
  const [editing, setEditing] = useState<BudgetTarget | null>(null);
  const readOnly = wallet.role === 'viewer';
  const list = sortBudgets(budgets.data ?? []);
  const overall = budgetFor(list, BUDGET_OVERALL);
  const categories = list.filter((budget) => budget.category !== BUDGET_OVERALL);
  const currency = wallet.currency;

  const editButton = (category: string, label: string) =>
    readOnly ? null : (
      <button
        type="button"
        className="button small"
        aria-label={`Change ${label}`}
        onClick={() => {
          setEditing({ kind: 'existing', category, budget: budgetFor(list, category) });
        }}
      >
        Change
      </button>
    );

  return (
    <section className="budgets-screen scroll-screen" aria-labelledby="budgets-title">
      <SubpageHeader
        titleId="budgets-title"
        title="Budgets"
        backLabel="Dashboard"
        onBack={() => {
          onNavigate('dashboard');
        }}
        action={
          !readOnly && (
            <button
              type="button"
              className="button primary"
              onClick={() => {
                setEditing({ kind: 'new' });
              }}
            >
              Add budget
            </button>
          )
        }
      />
      <p className="muted screen-intro">
        Monthly limits, measured for {formatMonth(month)}. You are warned from 80 % of a limit.
      </p>
      {readOnly && <p className="banner">You can see this wallet’s budgets but not change them.</p>}
      {budgets.state === 'failed' && <LoadError message={budgets.message} onRetry={budgets.reload} />}
      {budgets.data === undefined ? (
        budgets.state === 'loading' && <p className="loading">Loading budgets…</p>
      ) : (
        <>
          <div className="card">
            <h2>Whole wallet</h2>
            {overall ? (
              <BudgetLine
                budget={overall}
                currency={currency}
                action={editButton(BUDGET_OVERALL, 'the monthly budget')}
              />
            ) : (
              <div className="budget-empty">
                <p className="muted">No limit for all spending yet.</p>
                {!readOnly && (
                  <button
                    type="button"
                    className="button small"
                    onClick={() => {
                      setEditing({ kind: 'existing', category: BUDGET_OVERALL, budget: undefined });
                    }}
                  >
                    Set a monthly budget
                  </button>
                )}
              </div>
            )}
          </div>
          <div className="card">
            <h2>Categories</h2>
            {categories.length === 0 ? (
              <p className="muted">
                No category limits yet.{readOnly ? '' : ' Add one to be warned before you overspend.'}
              </p>
            ) : (
              <ul className="budget-list">
                {categories.map((budget) => (
                  <li key={budget.category}>
                    <BudgetLine
                      budget={budget}
                      currency={currency}
                      action={editButton(budget.category, `the ${budget.category} budget`)}
                    />
                  </li>
                ))}
              </ul>
            )}
          </div>
        </>
      )}
      {editing && (
        <BudgetEditorDialog
          wallet={wallet}
          target={editing}
          onClose={() => {
            setEditing(null);
          }}
          onSaved={() => {
            setEditing(null);
            budgets.reload();
          }}
        />
      )}
    </section>
  );
}
