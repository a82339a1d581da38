import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRecords } from '#lib/partners/csv-records.ts';

const cellsAndLines = (text: string) => csvRecords(text).map(({ cells, line, error }) => (error ? { line, error: true } : { line, cells }));

describe('CSV records (RFC 4180)', () => {
  it('reads quoted cells holding commas, doubled quotes and line breaks', () => {
    expect(cellsAndLines('名称,备注\n"王, 师傅","说 ""好"" 的"\n"李","第一行\n第二行"\n')).toEqual([
      { line: 1, cells: ['名称', '备注'] },
      { line: 2, cells: ['王, 师傅', '说 "好" 的'] },
      { line: 3, cells: ['李', '第一行\n第二行'] },
    ]);
  });

  it('reads CRLF and LF line ends alike, a BOM ignored, a last line without a line end', () => {
    expect(cellsAndLines('\uFEFFa,b\r\n1,"x\r\ny"\r\n2,3')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', 'x\ny'] },
      { line: 4, cells: ['2', '3'] },
    ]);
  });

  it('keeps empty cells, a trailing empty cell and a quoted empty cell', () => {
    expect(cellsAndLines('a,,c,\n"",x,""\n')).toEqual([
      { line: 1, cells: ['a', '', 'c', ''] },
      { line: 2, cells: ['', 'x', ''] },
    ]);
  });

  it('keeps a quote inside an unquoted cell as text, as spreadsheets write it', () => {
    expect(cellsAndLines('a,5" 屏幕,b"c\n')).toEqual([{ line: 1, cells: ['a', '5" 屏幕', 'b"c'] }]);
  });

  it('skips empty and blank lines, counting them in the lines of the records after', () => {
    expect(cellsAndLines('\n\na\n  \n\t\nb\n\n')).toEqual([
      { line: 3, cells: ['a'] },
      { line: 6, cells: ['b'] },
    ]);
  });

  it('marks a record whose closing quote is followed by text, and reads the records after it', () => {
    const records = csvRecords('名称,电话\n"王"x"",13900000011\n李,13900000012\n');
    expect(records.map(({ line, cells, error }) => ({ line, cells, error }))).toEqual([
      { line: 1, cells: ['名称', '电话'], error: undefined },
      { line: 2, cells: [], error: 'Invalid closing quote at line 2: "x" follows it instead of a comma or the end of the line' },
      { line: 3, cells: ['李', '13900000012'], error: undefined },
    ]);
    expect(records[1]?.raw).toBe('"王"x"",13900000011\n');
  });

  it('marks a quote never closed: the rest of the file is that one record', () => {
    expect(csvRecords('a,b\n1,"open\n2,3\n')).toEqual([
      { line: 1, cells: ['a', 'b'], raw: 'a,b\n' },
      { line: 2, cells: [], raw: '1,"open\n2,3\n', error: 'Quote not closed: the quoted cell opened in the record at line 2 never ends' },
    ]);
  });

  it("keeps each record's text as in the file, line ends as LF, for the CLI's uploads", () => {
    expect(csvRecords('a,b\r\n"x\r\ny",1\r\n').map((record) => [record.line, record.raw])).toEqual([
      [1, 'a,b\n'],
      [2, '"x\ny",1\n'],
    ]);
  });
});

// Cells of every kind a roster holds: the characters that need quoting, spaces, Chinese, Latin.
const aCell = fc.string({ unit: fc.constantFrom(',', '"', '\n', '\r\n', ' ', '王', '师', 'a', '1', '：'), maxLength: 8 });
const aRow = fc.array(fc.record({ cell: aCell, quoteAnyway: fc.boolean() }), { minLength: 1, maxLength: 5 });

function written(row: ReadonlyArray<{ cell: string; quoteAnyway: boolean }>): string {
  return row.map(({ cell, quoteAnyway }) => (quoteAnyway || /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(',');
}

describe('CSV records of any RFC 4180 file', () => {
  it('give back every row, its cells, the line it starts on and its text', () => {
    fc.assert(
      fc.property(
        // A row written as a blank line is no record: left out here, skipped there.
        fc.array(aRow.filter((row) => written(row).trim() !== ''), { maxLength: 6 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.boolean(),
        (rows, lineEnd, bom, endsWithLineEnd) => {
          const lines = rows.map(written);
          const text = `${bom ? '\uFEFF' : ''}${lines.join(lineEnd)}${endsWithLineEnd && rows.length > 0 ? lineEnd : ''}`;
          let line = 1;
          const expected = lines.map((writtenRow, index) => {
            const raw = `${writtenRow.replace(/\r\n?/g, '\n')}\n`;
            const record = { line, cells: (rows[index] ?? []).map(({ cell }) => cell.replace(/\r\n?/g, '\n')), raw };
            line += raw.split('\n').length - 1;
            return record;
          });
          expect(csvRecords(text)).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});
