import { BUDGET_OVERALL, summaryEndpoints, type CategorySummary, type MemberTotal } from '@ttm/contract';
import { useId, useState } from 'react';
import { useServices } from '../../session/services-context.js';
import type { Route } from '../../platform/use-route.js';
import type { HistoryFilters } from '../../local-db/expense-queries.js';
import type { WalletRecord } from '../../local-db/records.js';
import { formatMonth } from '../../locale/date-format.js';
import { todayLocal } from '../../locale/local-date.js';
import { formatMoney } from '../../locale/money-format.js';
import { formatShare } from '../../locale/share-format.js';
import { wireToMinor } from '../../locale/wire-amount.js';
import { LoadError } from '../../shared/load-error.js';
import { DateField } from '../../shared/date-field.js';
import { useServerChangeKey, useServerData } from '../../session/use-server-data.js';
import { budgetFor, BudgetBar, BudgetLine, fetchBudgets } from '../budgets/index.js';
import { historyFilters } from '../history/index.js';
import { BarChart, type MonthBar } from './bar-chart.js';
import { averageMinor } from './chart-geometry.js';
import {
  monthRange,
  periodRange,
  shiftMonth,
  trailingMonths,
  type DateRange,
  type PeriodKind,
} from './dashboard-periods.js';
import { DonutChart } from './donut-chart.js';
import './dashboard.css';

interface DashboardScreenProps {
  readonly wallet: WalletRecord;
  readonly onNavigate: (route: Route) => void;
}

const PERIODS: readonly { readonly kind: PeriodKind; readonly label: string }[] = [
  { kind: 'this-month', label: 'This month' },
  { kind: 'last-month', label: 'Last month' },
  { kind: 'this-year', label: 'This year' },
  { kind: 'custom', label: 'Custom' },
];

const TOP_CATEGORIES = 5;

interface PeriodChoice {
  readonly period: PeriodKind;
  readonly custom: DateRange;
}

/** The period chosen last, so coming back from the history (or pressing Back) keeps it. */
let lastChoice: PeriodChoice | null = null;

const dayFormat = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

function rangeText(range: DateRange): string {
  const day = (date: string) => dayFormat.format(new Date(`${date}T00:00:00Z`));
  return `${day(range.from)} – ${day(range.to)}`;
}

export function DashboardScreen({ wallet, onNavigate }: DashboardScreenProps) {
  const { api } = useServices();
  const id = useId();
  const today = todayLocal();
  const currentMonth = today.slice(0, 7);
  const currency = wallet.currency;
  const changed = useServerChangeKey();
  const [choice, setChoice] = useState<PeriodChoice>(
    () => lastChoice ?? { period: 'this-month', custom: monthRange(currentMonth) },
  );
  const { period, custom } = choice;
  const choose = (next: PeriodChoice) => {
    lastChoice = next;
    setChoice(next);
  };
  const range = periodRange(period, today, custom);
  const span = trailingMonths(today, 12);

  const monthly = useServerData(`${wallet.id}|${span.from}|${span.to}|${changed}`, (signal) =>
    api.call(summaryEndpoints.monthly, { query: { walletId: wallet.id, from: span.from, to: span.to } }, { signal }),
  );
  const budgets = useServerData(`${wallet.id}|${currentMonth}|${changed}`, (signal) =>
    fetchBudgets(api, wallet.id, currentMonth, signal),
  );
  const byCategory = useServerData(`${wallet.id}|${range.from}|${range.to}|${changed}`, (signal) =>
    api.call(summaryEndpoints.categories, { query: { walletId: wallet.id, ...range } }, { signal }),
  );

  const openHistory = (filters: HistoryFilters) => {
    historyFilters.set(wallet.id, filters);
    onNavigate('history');
  };

  const months: MonthBar[] = (monthly.data?.months ?? []).map((month) => ({
    month: month.month,
    totalMinor: wireToMinor(month.total, currency),
    count: month.count,
    incomeMinor: wireToMinor(month.income, currency),
  }));
  const thisMonth = monthly.data?.months.find((month) => month.month === currentMonth);
  const previousMonth = months.find((month) => month.month === shiftMonth(currentMonth, -1));
  const overall = budgets.data ? budgetFor(budgets.data, BUDGET_OVERALL) : undefined;
  const failed = [monthly, budgets, byCategory].find((result) => result.state === 'failed');
  const periodLabel =
    period === 'this-month' || period === 'last-month' ? formatMonth(range.from.slice(0, 7)) : rangeText(range);

  return (
    <section className="dashboard scroll-screen" aria-labelledby="dashboard-title">
      <div className="page-header">
        <h1 id="dashboard-title">Dashboard</h1>
        <div className="page-actions">
          <button
            type="button"
            className="button"
            onClick={() => {
              onNavigate('recurring');
            }}
          >
            Recurring
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              onNavigate('budgets');
            }}
          >
            Budgets
          </button>
        </div>
      </div>
      {failed?.state === 'failed' && (
        <LoadError
          message={failed.message}
          onRetry={() => {
            monthly.reload();
            budgets.reload();
            byCategory.reload();
          }}
        />
      )}

      <div className="dashboard-grid">
        <div className="card month-card" aria-busy={monthly.data === undefined}>
          <h2>This month</h2>
          <p className="month-card-total" data-testid="month-total">
            {thisMonth ? formatMoney(wireToMinor(thisMonth.total, currency), currency) : '…'}
          </p>
          <p className="muted month-card-meta">
            {formatMonth(currentMonth)}
            {thisMonth && ` · ${thisMonth.count === 1 ? '1 expense' : `${String(thisMonth.count)} expenses`}`}
          </p>
          {thisMonth && (
            <dl className="month-compare month-balance">
              <div>
                <dt>Income</dt>
                <dd data-testid="month-income">{formatMoney(wireToMinor(thisMonth.income, currency), currency)}</dd>
              </div>
              <div>
                <dt>Balance</dt>
                <dd data-testid="month-balance">{formatMoney(wireToMinor(thisMonth.balance, currency), currency)}</dd>
              </div>
            </dl>
          )}
          {previousMonth && (
            <dl className="month-compare">
              <div>
                <dt>{formatMonth(previousMonth.month)}</dt>
                <dd>{formatMoney(previousMonth.totalMinor, currency)}</dd>
              </div>
              <div>
                <dt>Monthly average</dt>
                <dd>{formatMoney(averageMinor(months.map((month) => month.totalMinor)), currency)}</dd>
              </div>
            </dl>
          )}
          {overall ? (
            <BudgetLine budget={overall} currency={currency} />
          ) : (
            budgets.data && (
              <p className="muted no-budget">
                No monthly budget set.{' '}
                {wallet.role !== 'viewer' && (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => {
                      onNavigate('budgets');
                    }}
                  >
                    Set one
                  </button>
                )}
              </p>
            )
          )}
        </div>

        <div className="card top-categories">
          <h2>Top categories this month</h2>
          {thisMonth && thisMonth.categories.length === 0 && <p className="muted">Nothing spent yet this month.</p>}
          <ul className="top-list">
            {(thisMonth?.categories ?? []).slice(0, TOP_CATEGORIES).map((category) => {
              const spentMinor = wireToMinor(category.total, currency);
              const budget = budgets.data ? budgetFor(budgets.data, category.category) : undefined;
              const open = (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    openHistory({ ...monthRange(currentMonth), category: category.category });
                  }}
                >
                  {category.category}
                </button>
              );
              return (
                <li key={category.category}>
                  {budget ? (
                    <BudgetLine budget={budget} currency={currency} title={open} />
                  ) : (
                    <div className="budget-line">
                      <div className="budget-line-head">
                        <span className="budget-line-name">{open}</span>
                        <span className="budget-line-figures">{formatMoney(spentMinor, currency)}</span>
                      </div>
                      <span className="plain-bar" aria-hidden="true">
                        <BudgetBar
                          ratio={
                            thisMonth && wireToMinor(thisMonth.total, currency) > 0
                              ? spentMinor / wireToMinor(thisMonth.total, currency)
                              : 0
                          }
                          status="ok"
                        />
                      </span>
                      <div className="budget-line-foot">
                        <span>
                          No limit · {category.count === 1 ? '1 expense' : `${String(category.count)} expenses`}
                        </span>
                      </div>
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        </div>

        <div className="card chart-card wide">
          <h2>Last 12 months</h2>
          {months.length > 0 ? (
            <BarChart
              title="Spending per month, last 12 months"
              months={months}
              currency={currency}
              current={currentMonth}
              onSelect={(month) => {
                openHistory(monthRange(month));
              }}
            />
          ) : (
            <div className="chart-placeholder" aria-hidden="true" />
          )}
        </div>

        <div className="card chart-card wide">
          <div className="card-header">
            <h2 id={`${id}-period`}>Where it went</h2>
            <span className="muted">{periodLabel}</span>
          </div>
          <div className="chips period-picker" role="group" aria-labelledby={`${id}-period`}>
            {PERIODS.map((item) => (
              <button
                key={item.kind}
                type="button"
                className="chip"
                aria-pressed={period === item.kind}
                onClick={() => {
                  choose({ ...choice, period: item.kind });
                }}
              >
                {item.label}
              </button>
            ))}
          </div>
          {period === 'custom' && (
            <div className="custom-range">
              <DateField
                id={`${id}-from`}
                label="From"
                value={custom.from}
                onChange={(from) => {
                  if (from) choose({ ...choice, custom: { ...custom, from } });
                }}
              />
              <DateField
                id={`${id}-to`}
                label="To"
                value={custom.to}
                onChange={(to) => {
                  if (to) choose({ ...choice, custom: { ...custom, to } });
                }}
              />
            </div>
          )}
          {byCategory.data ? (
            <CategoryBreakdown
              summary={byCategory.data}
              currency={currency}
              title={`Spending by category, ${periodLabel}`}
              onSelect={(category) => {
                openHistory({ ...range, category });
              }}
            />
          ) : (
            <div className="chart-placeholder" aria-hidden="true" />
          )}
        </div>

        {byCategory.data?.members && (
          <div className="card wide">
            <div className="card-header">
              <h2>Who spent what</h2>
              <span className="muted">{periodLabel}</span>
            </div>
            <MemberTotals
              members={byCategory.data.members}
              currency={currency}
              totalMinor={wireToMinor(byCategory.data.total, currency)}
            />
          </div>
        )}
      </div>
    </section>
  );
}

interface CategoryBreakdownProps {
  readonly summary: CategorySummary;
  readonly currency: string;
  readonly title: string;
  readonly onSelect: (category: string) => void;
}

function CategoryBreakdown({ summary, currency, title, onSelect }: CategoryBreakdownProps) {
  const totalMinor = wireToMinor(summary.total, currency);
  if (summary.count === 0) return <p className="muted empty-chart">No expenses in this period.</p>;
  return (
    <DonutChart
      title={title}
      totalMinor={totalMinor}
      currency={currency}
      categories={summary.categories.map((category) => ({
        key: category.category,
        label: category.category,
        minor: wireToMinor(category.total, currency),
      }))}
      onSelect={onSelect}
    />
  );
}

interface MemberTotalsProps {
  readonly members: readonly MemberTotal[];
  readonly currency: string;
  readonly totalMinor: number;
}

function MemberTotals({ members, currency, totalMinor }: MemberTotalsProps) {
  if (members.length === 0) return <p className="muted">Nobody has spent anything in this period.</p>;
  return (
    <ul className="member-list">
      {members.map((member) => {
        const minor = wireToMinor(member.total, currency);
        const share = totalMinor > 0 ? minor / totalMinor : 0;
        return (
          <li key={member.userId ?? 'deleted'} className="budget-line">
            <div className="budget-line-head">
              <span className="budget-line-name">{member.email ?? 'A deleted account'}</span>
              <span className="budget-line-figures">{formatMoney(minor, currency)}</span>
            </div>
            <span className="member-bar">
              <BudgetBar ratio={share} status="ok" />
            </span>
            <div className="budget-line-foot">
              <span>
                {formatShare(share)} · {member.count === 1 ? '1 expense' : `${String(member.count)} expenses`}
              </span>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
