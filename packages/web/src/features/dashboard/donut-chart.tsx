import type { KeyboardEvent } from 'react';
import { formatMoney } from '../../locale/money-format.js';
import { formatShare } from '../../locale/share-format.js';
import { donutSlices, ringSegmentPath, type Slice, type SliceInput } from './chart-geometry.js';

interface DonutChartProps {
  /** What the chart shows, e.g. "Spending by category, November 2026". */
  readonly title: string;
  readonly categories: readonly SliceInput[];
  readonly totalMinor: number;
  readonly currency: string;
  readonly onSelect: (category: string) => void;
}

const SIZE = 200;
const OUTER = 96;
const INNER = 62;

function sliceLabel(slice: Slice, currency: string): string {
  return `${slice.label}: ${formatMoney(slice.minor, currency)}, ${formatShare(slice.share)}`;
}

/**
 * Category shares as a ring. Each category slice is a focusable button (Enter or Space opens
 * its history); the legend beside it lists every category with its figures, so the chart is
 * never the only way to read them.
 */
export function DonutChart({ title, categories, totalMinor, currency, onSelect }: DonutChartProps) {
  const slices = donutSlices(categories);
  const colourOf = new Map(slices.filter((slice) => !slice.other).map((slice) => [slice.key, slice.colour]));
  const otherColour = slices.find((slice) => slice.other)?.colour;
  const sorted = [...categories].filter((item) => item.minor > 0).sort((a, b) => b.minor - a.minor);

  const onKey = (event: KeyboardEvent, key: string) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(key);
    }
  };

  return (
    <figure className="donut-chart">
      <div className="donut-wrap">
        <svg viewBox={`0 0 ${String(SIZE)} ${String(SIZE)}`} role="group" aria-label={title} className="donut-svg">
          {slices.length === 0 && (
            <circle
              cx={SIZE / 2}
              cy={SIZE / 2}
              r={(OUTER + INNER) / 2}
              className="donut-empty"
              strokeWidth={OUTER - INNER}
            />
          )}
          {slices.map((slice) =>
            slice.other ? (
              <path
                key={slice.key}
                className={`donut-slice chart-${String(slice.colour)}`}
                d={ringSegmentPath(SIZE / 2, SIZE / 2, OUTER, INNER, slice.start, slice.end)}
                aria-hidden="true"
              />
            ) : (
              <path
                key={slice.key}
                className={`donut-slice chart-${String(slice.colour)}`}
                d={ringSegmentPath(SIZE / 2, SIZE / 2, OUTER, INNER, slice.start, slice.end)}
                role="button"
                tabIndex={0}
                data-category={slice.key}
                aria-label={sliceLabel(slice, currency)}
                onClick={() => {
                  onSelect(slice.key);
                }}
                onKeyDown={(event) => {
                  onKey(event, slice.key);
                }}
              >
                <title>{sliceLabel(slice, currency)}</title>
              </path>
            ),
          )}
        </svg>
        <div className="donut-centre" aria-hidden="true">
          <strong>{formatMoney(totalMinor, currency)}</strong>
          <span>total</span>
        </div>
      </div>
      <figcaption className="visually-hidden">{title}</figcaption>
      {sorted.length > 0 && (
        <ul className="donut-legend" aria-label={`${title}, by amount`}>
          {sorted.map((item) => {
            const colour = colourOf.get(item.key) ?? otherColour ?? 0;
            return (
              <li key={item.key}>
                <button
                  type="button"
                  className="legend-item"
                  onClick={() => {
                    onSelect(item.key);
                  }}
                >
                  <span className={`legend-swatch chart-${String(colour)}`} aria-hidden="true" />
                  <span className="legend-name">{item.label}</span>
                  <span className="legend-amount">{formatMoney(item.minor, currency)}</span>
                  <span className="legend-share">{formatShare(totalMinor > 0 ? item.minor / totalMinor : 0)}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </figure>
  );
}
