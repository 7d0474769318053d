/**
 * CSV cells per RFC 4180, with spreadsheet formula injection neutralised: a text cell that
 * starts with = + - @ tab or CR gets a leading apostrophe. The rule is reversible (apostrophes
 * already in front of such a character are escaped the same way), so exports round-trip.
 */
const NEEDS_NEUTRALISING = /^'*[=+\-@\t\r]/;
const NEUTRALISED = /^'+[=+\-@\t\r]/;

export function neutralise(text: string): string {
  return NEEDS_NEUTRALISING.test(text) ? `'${text}` : text;
}

export function unneutralise(text: string): string {
  return NEUTRALISED.test(text) ? text.slice(1) : text;
}

export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvRow(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
