/**
 * The records of a CSV text as RFC 4180 writes them (quoted cells may hold commas, line breaks and
 * doubled quotes; CRLF or LF; a BOM tolerated), each with the line it starts on and its text as in
 * the file, for the partner import's reports and for its CLI, which splits a file into uploads of
 * whole records. Empty lines between records are skipped. d3-dsv reads the cells; this file only
 * finds where each record ends, which d3-dsv does not report, and marks a record whose quotes are
 * broken (a closing quote followed by something other than a comma or the line's end, or a quote
 * never closed): its cells are not to be trusted, and the records after it are still read.
 * A quote inside an unquoted cell is kept as text, as spreadsheets write it.
 */
import { csvParseRows } from 'd3-dsv';

export interface CsvRecord {
  cells: string[];
  /** The record's text as in the file (line breaks as LF), ending with a newline. */
  raw: string;
  line: number;
  /** Set when the record could not be read (a stray quote): the rest is not trustworthy. */
  error?: string;
}

interface RecordExtent {
  /** Index of the line feed that ends the record, or the text's length. */
  end: number;
  error?: string;
}

function extentOf(text: string, start: number, firstLine: number): RecordExtent {
  let line = firstLine;
  let quoted = false;
  let cellStart = true;
  let index = start;
  for (; index < text.length; index++) {
    const character = text[index];
    if (quoted) {
      if (character === '\n') line++;
      if (character !== '"') continue;
      if (text[index + 1] === '"') {
        index++;
        continue;
      }
      quoted = false;
      cellStart = false;
      const next = text[index + 1];
      if (next !== undefined && next !== ',' && next !== '\n') {
        return { end: endOfLine(text, index), error: `Invalid closing quote at line ${line}: ${JSON.stringify(next)} follows it instead of a comma or the end of the line` };
      }
      continue;
    }
    if (character === '\n') break;
    if (character === '"' && cellStart) quoted = true;
    cellStart = character === ',';
  }
  return quoted ? { end: text.length, error: `Quote not closed: the quoted cell opened in the record at line ${firstLine} never ends` } : { end: index };
}

function endOfLine(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end === -1 ? text.length : end;
}

/** The records of a CSV text, with the line each starts on; unreadable ones are kept, marked. */
export function csvRecords(text: string): CsvRecord[] {
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const records: CsvRecord[] = [];
  let line = 1;
  for (let start = 0; start < normalized.length; ) {
    const { end, error } = extentOf(normalized, start, line);
    const body = normalized.slice(start, end);
    if (body.trim() !== '') {
      const raw = body.endsWith('\n') ? body : `${body}\n`;
      records.push(error ? { cells: [], raw, line, error } : { cells: csvParseRows(body)[0] ?? [''], raw, line });
    }
    line += 1 + (body.match(/\n/g)?.length ?? 0);
    start = end + 1;
  }
  return records;
}
