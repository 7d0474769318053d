import { describe, expect, it } from 'vitest';
import { DEFAULT_IMPORT_OPTIONS, exportQuery, filenameFromDisposition, importQuery } from './csv-transfer.js';

describe('filenameFromDisposition', () => {
  it('prefers the UTF-8 name and falls back to the plain one', () => {
    expect(
      filenameFromDisposition(`attachment; filename="Caf_.csv"; filename*=UTF-8''Caf%C3%A9%202026.csv`, 'x.csv'),
    ).toBe('Café 2026.csv');
    expect(filenameFromDisposition('attachment; filename="expenses-2026.csv"', 'x.csv')).toBe('expenses-2026.csv');
    expect(filenameFromDisposition('attachment', 'x.csv')).toBe('x.csv');
    expect(filenameFromDisposition(null, 'x.csv')).toBe('x.csv');
  });
});

describe('CSV request queries', () => {
  it('exports with the history’s dates, category and search text', () => {
    expect(exportQuery('w', { from: '2026-11-01', to: '2026-11-30', category: ' Food ', q: ' pizza ' })).toEqual({
      walletId: 'w',
      from: '2026-11-01',
      to: '2026-11-30',
      category: 'Food',
      q: 'pizza',
    });
  });

  it('sends only the import options the user set', () => {
    expect(importQuery('w', DEFAULT_IMPORT_OPTIONS, true)).toEqual({
      walletId: 'w',
      dryRun: 'true',
      dateFormat: undefined,
      decimalSeparator: undefined,
      includeCredits: 'true',
    });
    expect(importQuery('w', { dateFormat: 'dmy', decimalSeparator: ',', includeCredits: false }, false)).toMatchObject({
      dryRun: 'false',
      dateFormat: 'dmy',
      decimalSeparator: ',',
      includeCredits: 'false',
    });
  });
});
