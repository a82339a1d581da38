/**
 * The opaque `cursor` of GET /partners: where the next page starts, bound to the filters it was
 * made for, so a cursor reused with other filters is refused (400) rather than misread.
 */
import { InvalidInput } from '../common/domain-errors.ts';

export function encodeCursor(start: Record<string, unknown>, filters: string): string {
  return Buffer.from(JSON.stringify({ s: start, f: filters }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, filters: string): Record<string, string> {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('is not a cursor this API returned');
  }
  const { s: start, f: madeFor } = (decoded ?? {}) as { s?: unknown; f?: unknown };
  if (
    typeof start !== 'object' ||
    start === null ||
    Array.isArray(start) ||
    !Object.values(start).every((value) => typeof value === 'string')
  ) {
    throw invalid('is not a cursor this API returned');
  }
  if (madeFor !== filters) throw invalid('belongs to a list with other filters; start again without it');
  return start as Record<string, string>;
}

function invalid(detail: string): InvalidInput {
  return new InvalidInput([{ field: 'cursor', code: 'invalid_value', detail }]);
}
