import { useState, type CSSProperties } from 'react';
import { formatMonth } from '../../locale/date-format.js';
import { formatMoney } from '../../locale/money-format.js';
import { barFraction, formatCompactMoney, niceScale } from './chart-geometry.js';

export interface MonthBar {
  /** YYYY-MM */
  readonly month: string;
  /** Spending: what the bars show. */
  readonly totalMinor: number;
  readonly count: number;
  readonly incomeMinor: number;
}

interface BarChartProps {
  readonly title: string;
  readonly months: readonly MonthBar[];
  readonly currency: string;
  /** The month drawn in the strong colour (the current one). */
  readonly current: string;
  readonly onSelect: (month: string) => void;
}

const shortMonth = new Intl.DateTimeFormat(undefined, { month: 'short', timeZone: 'UTC' });
const narrowMonth = new Intl.DateTimeFormat(undefined, { month: 'narrow', timeZone: 'UTC' });

function monthDate(month: string): Date {
  return new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1));
}

function expensesText(count: number): string {
  return count === 1 ? '1 expense' : `${count.toLocaleString()} expenses`;
}

/** Income and the balance of a month that had any (the bars are spending only). */
function incomeText(month: MonthBar, currency: string): string {
  if (month.incomeMinor === 0) return '';
  return `, income ${formatMoney(month.incomeMinor, currency)}, balance ${formatMoney(month.incomeMinor - month.totalMinor, currency)}`;
}

/**
 * Monthly totals as a column chart of real buttons: each bar is focusable, says its month and
 * figures to screen readers, and opens that month's history. A visually hidden table carries
 * the same figures for reading as a table.
 */
export function BarChart({ title, months, currency, current, onSelect }: BarChartProps) {
  const [active, setActive] = useState<string | null>(null);
  const scale = niceScale(Math.max(0, ...months.map((month) => month.totalMinor)), currency);
  const shown = months.find((month) => month.month === (active ?? current)) ?? months.at(-1);

  return (
    <figure className="bar-chart">
      {shown && (
        <p className="chart-readout" aria-hidden="true">
          <span>{formatMonth(shown.month)}</span>
          <strong>{formatMoney(shown.totalMinor, currency)}</strong>
          <span className="muted">{expensesText(shown.count)}</span>
          {shown.incomeMinor !== 0 && (
            <span className="muted chart-readout-income">
              income {formatMoney(shown.incomeMinor, currency)} · balance{' '}
              {formatMoney(shown.incomeMinor - shown.totalMinor, currency)}
            </span>
          )}
        </p>
      )}
      <div className="bar-chart-body">
        <div className="bar-chart-plot">
          <div className="bar-chart-grid" aria-hidden="true">
            {scale.ticks.map((tick) => (
              <div
                key={tick}
                className="bar-chart-gridline"
                style={{ bottom: `${String(scale.top === 0 ? 0 : (tick / scale.top) * 100)}%` }}
              >
                <span>{formatCompactMoney(tick, currency)}</span>
              </div>
            ))}
          </div>
          <ol className="bar-chart-bars" aria-label={`${title}. Choose a month to see its expenses.`}>
            {months.map((month) => (
              <li key={month.month}>
                <button
                  type="button"
                  className={`bar${month.month === current ? ' bar-current' : ''}`}
                  data-month={month.month}
                  aria-label={`${formatMonth(month.month)}: ${formatMoney(month.totalMinor, currency)}, ${expensesText(month.count)}${incomeText(month, currency)}`}
                  style={{ '--h': String(barFraction(month.totalMinor, scale.top)) } as CSSProperties}
                  onClick={() => {
                    onSelect(month.month);
                  }}
                  onFocus={() => {
                    setActive(month.month);
                  }}
                  onMouseEnter={() => {
                    setActive(month.month);
                  }}
                  onBlur={() => {
                    setActive(null);
                  }}
                  onMouseLeave={() => {
                    setActive(null);
                  }}
                >
                  <span className="bar-fill" />
                </button>
              </li>
            ))}
          </ol>
        </div>
        <div className="bar-chart-labels" aria-hidden="true">
          {months.map((month) => (
            <span key={month.month} className={month.month === current ? 'bar-label-current' : undefined}>
              <span className="label-wide">{shortMonth.format(monthDate(month.month))}</span>
              <span className="label-narrow">{narrowMonth.format(monthDate(month.month))}</span>
            </span>
          ))}
        </div>
      </div>
      {/* Hidden by its wrapper: a table ignores the 1px width and overflow of .visually-hidden
          and, five columns wide, would widen a phone's page. */}
      <div className="visually-hidden">
        <table data-testid="monthly-table">
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col">Total</th>
              <th scope="col">Expenses</th>
              <th scope="col">Income</th>
              <th scope="col">Balance</th>
            </tr>
          </thead>
          <tbody>
            {months.map((month) => (
              <tr key={month.month}>
                <th scope="row">{formatMonth(month.month)}</th>
                <td>{formatMoney(month.totalMinor, currency)}</td>
                <td>{month.count}</td>
                <td>{formatMoney(month.incomeMinor, currency)}</td>
                <td>{formatMoney(month.incomeMinor - month.totalMinor, currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
