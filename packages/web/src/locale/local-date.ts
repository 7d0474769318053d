/** Today's calendar date in the device's time zone, as YYYY-MM-DD. */
export function todayLocal(now: Date = new Date()): string {
  return toIsoDate(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

export function toIsoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The month key (YYYY-MM) of a calendar date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}
