/**
 * Open311 GeoReport v2's two formats from one structure: XML (the standard's required format,
 * schemaless, UTF-8 with the declaration) and JSON (its programmatic mapping: the root's list
 * becomes an array, or the root's object an object). Errors in the standard's shape:
 * `<errors><error><code/><description/></error></errors>`, or `[{ code, description }]`.
 */
import type { FieldProblem } from '../common/domain-errors.ts';
import { xmlDocument } from './xml-document.ts';

export type Open311Format = 'xml' | 'json';

export type Open311Value = string | number | boolean | null | undefined | Open311Value[] | { [name: string]: Open311Value };

export const contentTypes: Record<Open311Format, string> = {
  xml: 'text/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** `services.json` → json; `repairs.xml` → { name: 'repairs', format: 'xml' }; anything else → undefined. */
export function splitFormat(file: string): { name: string; format: Open311Format } | undefined {
  const match = /^(.+)\.(xml|json)$/.exec(file);
  return match?.[1] && match[2] ? { name: match[1], format: match[2] as Open311Format } : undefined;
}

/** A list resource: `<root><item>…</item>…</root>` or a JSON array of the items. */
export function renderList(format: Open311Format, root: string, item: string, items: Open311Value[]): string {
  if (format === 'json') return JSON.stringify(items.map((entry) => entry ?? null));
  return xmlDocument(root, { [item]: items });
}

/** A single resource: `<root>…</root>` or a JSON object. Nested lists are given as `{ wrapper: { item: [...] } }` in XML. */
export function renderObject(format: Open311Format, root: string, value: { [name: string]: Open311Value }, xmlValue = value): string {
  if (format === 'json') return JSON.stringify(value);
  return xmlDocument(root, xmlValue);
}

export interface Open311Error {
  code: number;
  description: string;
}

export function renderErrors(format: Open311Format, errors: Open311Error[]): string {
  return renderList(format, 'errors', 'error', errors.map((error) => ({ code: error.code, description: error.description })));
}

/** Our field problems in the standard's words: one error per field, named as the 311 client sent it. */
export function errorsOfProblems(status: number, problems: readonly FieldProblem[], rename: (field: string) => string = (field) => field): Open311Error[] {
  return problems.map((problem) => ({ code: status, description: `${rename(problem.field)}: ${problem.detail}` }));
}
