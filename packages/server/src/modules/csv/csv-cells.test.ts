import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, neutralise, unneutralise } from './csv-cells.js';

const FORMULA_START = /^[=+\-@\t\r]/;

/** Strings built to hit the interesting prefixes: apostrophes and formula characters in front of text. */
const trickyText = fc
  .array(fc.constantFrom("'", '=', '+', '-', '@', '\t', '\r', '\n', '"', ',', 'a', ' ', '1'), { maxLength: 8 })
  .chain((head) => fc.string({ unit: 'binary', maxLength: 12 }).map((tail) => head.join('') + tail));
const anyText = fc.oneof(fc.string({ unit: 'binary' }), trickyText);

describe('neutralise and unneutralise', () => {
  it('round-trips any string', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(unneutralise(neutralise(text))).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('never leaves a formula character at the start of a cell', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(neutralise(text)).not.toMatch(FORMULA_START);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves text that cannot start a formula unchanged', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        fc.pre(!/^'*[=+\-@\t\r]/.test(text));
        expect(neutralise(text)).toBe(text);
      }),
    );
  });

  it.each([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ["'=already", "''=already"],
    ["''-x", "'''-x"],
    ["'plain", "'plain"],
    ['plain', 'plain'],
    ['', ''],
    [' =x', ' =x'],
  ])('neutralises %j as %j', (text, neutralised) => {
    expect(neutralise(text)).toBe(neutralised);
    expect(unneutralise(neutralised)).toBe(text);
  });

  it('leaves a leading apostrophe in front of ordinary text alone when unneutralising', () => {
    expect(unneutralise("'tis the season")).toBe("'tis the season");
  });
});

describe('csvCell and csvRow (RFC 4180)', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line1\nline2', '"line1\nline2"'],
    ['cr\rhere', '"cr\rhere"'],
    ['"', '""""'],
    [' spaced ', ' spaced '],
    ["'=x", "'=x"],
  ])('writes %j as %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('ends every row with CRLF', () => {
    expect(csvRow(['a', 'b,c', ''])).toBe('a,"b,c",\r\n');
  });

  it('writes rows that an RFC 4180 parser reads back to the same cells', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(anyText, { minLength: 2, maxLength: 6 }), { minLength: 1, maxLength: 5 }),
        (rows) => {
          const text = rows.map((row) => csvRow(row)).join('');
          expect(parse(text, { relax_column_count: true })).toEqual(rows);
        },
      ),
      { numRuns: 500 },
    );
  });
});
