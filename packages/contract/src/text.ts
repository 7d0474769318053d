/**
 * Text rules shared by every free-text field. Anything Unicode is stored verbatim except
 * U+0000 (PostgreSQL text cannot hold it) and lone surrogates (not valid UTF-8).
 */
export function isStorableText(value: string): boolean {
  return value.isWellFormed() && !value.includes('\u0000');
}

/** The identity of a category: "Food", " food" and "FOOD" are the same category. */
export function categoryKey(name: string): string {
  return name.trim().normalize('NFC').toLowerCase();
}

/** Lower-cased text used for case-insensitive search, identical on every database. */
export function searchFold(value: string): string {
  return value.normalize('NFC').toLowerCase();
}
