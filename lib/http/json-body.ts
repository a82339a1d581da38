/**
 * Middy middleware: reads a JSON request body into `event.jsonBody`, refusing bodies over a size
 * limit (413) and anything that is not a JSON object (400), before the handler sees it.
 */
import type { MiddlewareObj } from '@middy/core';
import { InvalidInput, PayloadTooLarge } from '../common/domain-errors.ts';
import type { HttpEvent, HttpResult } from './http-event.ts';

export const defaultBodyLimitBytes = 64 * 1024;
/** No request of ours nests deeper than a handful of levels; deeper bodies only cost recursion downstream. */
export const maxBodyDepth = 16;

export function jsonBody({ maxBytes = defaultBodyLimitBytes, optional = false } = {}): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    name: 'jsonBody',
    before: (request) => {
      const { event } = request;
      if (event.body === undefined || event.body === null || event.body === '') {
        if (optional) return;
        throw new InvalidInput([{ field: '(body)', code: 'required', detail: 'a JSON object is required' }]);
      }
      const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
      if (raw.byteLength > maxBytes) throw new PayloadTooLarge(maxBytes);
      const contentType = event.headers?.['content-type'] ?? '';
      if (contentType && !/^application\/([\w.+-]+\+)?json\b/i.test(contentType)) {
        throw new InvalidInput([{ field: '(body)', code: 'unsupported_media_type', detail: 'send the body as application/json' }]);
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new InvalidInput([{ field: '(body)', code: 'invalid_json', detail: 'the body is not valid JSON' }]);
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new InvalidInput([{ field: '(body)', code: 'invalid_type', detail: 'the body must be a JSON object' }]);
      }
      if (depthExceeds(parsed, maxBodyDepth)) {
        throw new InvalidInput([{ field: '(body)', code: 'too_deep', detail: `the body nests more than ${maxBodyDepth} levels deep` }]);
      }
      event.jsonBody = parsed;
    },
  };
}

/** Iterative, so that the check itself cannot overflow the stack on a hostile body. */
function depthExceeds(root: unknown, limit: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value: root, depth: 1 }];
  while (pending.length > 0) {
    const { value, depth } = pending.pop() as { value: unknown; depth: number };
    if (typeof value !== 'object' || value === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(value)) pending.push({ value: child, depth: depth + 1 });
  }
  return false;
}
