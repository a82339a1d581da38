import { describe, expect, it } from 'vitest';
import { csvCell, csvTable } from '#lib/reports/csv-table.ts';

describe('CSV for spreadsheets', () => {
  it('starts with a byte-order mark, uses CRLF and the headers of the language asked', () => {
    const columns = [
      { zh: '社区', en: 'Community', value: (row: { name: string; count: number }) => row.name },
      { zh: '需求数', en: 'Needs', value: (row: { name: string; count: number }) => row.count },
    ];
    expect(csvTable(columns, [{ name: '荷花社区', count: 3 }], 'zh')).toBe('\uFEFF社区,需求数\r\n荷花社区,3\r\n');
    expect(csvTable(columns, [], 'en')).toBe('\uFEFFCommunity,Needs\r\n');
  });

  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it.each(['=1+1', '+86 138', '-2+3', '@SUM(A1)', '\tx', '=HYPERLINK("http://x","y")'])('neutralises %j so a spreadsheet does not run it', (text) => {
    const cell = csvCell(text);
    expect(cell.replace(/^"/, '').startsWith("'")).toBe(true);
    expect(cell).toContain(text.replace(/"/g, '""'));
  });

  it('leaves numbers, negative ones included, as numbers', () => {
    expect(csvCell(-2)).toBe('-2');
    expect(csvCell(0.25)).toBe('0.25');
    expect(csvCell(null)).toBe('');
  });
});
