import { currencyDigits, minorToDecimal } from '@ttm/contract';

export interface Scale {
  /** The axis top in minor units: a round number at or above the largest value. */
  readonly top: number;
  /** Gridline values in minor units, from 0 to `top`. */
  readonly ticks: readonly number[];
}

const STEPS = [1, 2, 2.5, 5, 10];

/**
 * A y axis for amounts: about `count` round steps (1, 2, 2.5 or 5 times a power of ten, in
 * whole units of the currency) that cover `maxMinor`. Integer arithmetic on minor units.
 */
export function niceScale(maxMinor: number, currency: string, count = 4): Scale {
  if (maxMinor <= 0) return { top: 0, ticks: [0] };
  const unit = 10 ** currencyDigits(currency);
  const raw = maxMinor / unit / count;
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  const factor = STEPS.find((step) => step * magnitude >= raw) ?? 10;
  // Steps below one whole unit only make sense for tiny amounts; keep them in minor units.
  const step = Math.max(1, Math.round(factor * magnitude * unit));
  const top = Math.ceil(maxMinor / step) * step;
  const ticks: number[] = [];
  for (let value = 0; value <= top; value += step) ticks.push(value);
  return { top, ticks };
}

/** The mean of amounts in minor units, rounded half up to a whole minor unit (an average, not a ledger figure). */
export function averageMinor(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sum = values.reduce((total, value) => total + value, 0);
  return Math.floor((2 * sum + values.length) / (2 * values.length));
}

/** Height of a bar as a fraction of the axis (0..1); a non-zero amount stays visible. */
export function barFraction(minor: number, top: number): number {
  if (top <= 0 || minor <= 0) return 0;
  return Math.max(minor / top, 0.01);
}

export interface SliceInput {
  readonly key: string;
  readonly label: string;
  readonly minor: number;
}

export interface Slice extends SliceInput {
  /** Position in the palette; the last one is "Other". */
  readonly colour: number;
  /** Fraction of the whole (0..1). */
  readonly share: number;
  /** Radians, clockwise from 12 o'clock. */
  readonly start: number;
  readonly end: number;
  /** True for the slice that gathers the smallest categories. */
  readonly other: boolean;
}

export const OTHER_KEY = '__other__';

/**
 * Donut slices, largest first: up to `maxSlices - 1` categories and one "Other" slice for the
 * rest, so a phone-sized donut never has slivers nobody can tap. Empty categories are dropped.
 */
export function donutSlices(items: readonly SliceInput[], maxSlices = 7): Slice[] {
  const positive = items.filter((item) => item.minor > 0).sort((a, b) => b.minor - a.minor);
  const total = positive.reduce((sum, item) => sum + item.minor, 0);
  if (total === 0) return [];
  const kept = positive.length > maxSlices ? positive.slice(0, maxSlices - 1) : positive;
  const rest = positive.slice(kept.length);
  const entries: (SliceInput & { other: boolean })[] = kept.map((item) => ({ ...item, other: false }));
  if (rest.length > 0) {
    entries.push({
      key: OTHER_KEY,
      label: `Other (${String(rest.length)})`,
      minor: rest.reduce((sum, item) => sum + item.minor, 0),
      other: true,
    });
  }
  let running = 0;
  return entries.map((entry, index) => {
    const start = (running / total) * 2 * Math.PI;
    running += entry.minor;
    const end = (running / total) * 2 * Math.PI;
    return { ...entry, colour: entry.other ? maxSlices : index + 1, share: entry.minor / total, start, end };
  });
}

function point(cx: number, cy: number, radius: number, angle: number): string {
  const x = cx + radius * Math.sin(angle);
  const y = cy - radius * Math.cos(angle);
  return `${x.toFixed(3)} ${y.toFixed(3)}`;
}

/**
 * SVG path of a ring segment between two angles (radians, clockwise from 12 o'clock).
 * A full turn is drawn as two halves, since an arc cannot start and end at the same point.
 */
export function ringSegmentPath(
  cx: number,
  cy: number,
  outer: number,
  inner: number,
  start: number,
  end: number,
): string {
  const sweep = end - start;
  if (sweep >= 2 * Math.PI - 1e-9) {
    const mid = start + Math.PI;
    return [
      ringSegmentPath(cx, cy, outer, inner, start, mid),
      ringSegmentPath(cx, cy, outer, inner, mid, start + 2 * Math.PI),
    ].join(' ');
  }
  const large = sweep > Math.PI ? 1 : 0;
  return [
    `M ${point(cx, cy, outer, start)}`,
    `A ${String(outer)} ${String(outer)} 0 ${String(large)} 1 ${point(cx, cy, outer, end)}`,
    `L ${point(cx, cy, inner, end)}`,
    `A ${String(inner)} ${String(inner)} 0 ${String(large)} 0 ${point(cx, cy, inner, start)}`,
    'Z',
  ].join(' ');
}

const compactFormats = new Map<string, Intl.NumberFormat>();

/** Short axis labels ("€1.5K", "€250"); exact figures are in the labels and the table. */
export function formatCompactMoney(minor: number, currency: string, locale?: string): string {
  const key = `${locale ?? ''}|${currency}`;
  let format = compactFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      notation: 'compact',
      minimumFractionDigits: 0,
      maximumFractionDigits: 1,
    });
    compactFormats.set(key, format);
  }
  return format.format(minorToDecimal(minor, currency) as `${number}`);
}
