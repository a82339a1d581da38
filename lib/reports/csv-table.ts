/**
 * CSV that a spreadsheet opens cleanly: UTF-8 with a byte-order mark (Excel on Chinese Windows
 * otherwise reads GBK), CRLF line ends, RFC 4180 quoting, and text cells that a spreadsheet would
 * run as a formula (starting with =, +, -, @, tab or carriage return) prefixed with an apostrophe.
 */
export interface CsvColumn<Row> {
  zh: string;
  en: string;
  value: (row: Row) => string | number | null | undefined;
}

export type CsvLanguage = 'zh' | 'en';

const byteOrderMark = '\uFEFF';
const formulaStart = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = formulaStart.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvTable<Row>(columns: readonly CsvColumn<Row>[], rows: readonly Row[], language: CsvLanguage): string {
  const lines = [columns.map((column) => csvCell(column[language])).join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvCell(column.value(row))).join(','));
  return `${byteOrderMark}${lines.join('\r\n')}\r\n`;
}
