import { NotFound } from '#lib/common/domain-errors.ts';
import type { HttpEvent } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';

/** Answers every path no route declares (the API's `ANY /{proxy+}`). */
export async function notFound(event: HttpEvent): Promise<never> {
  throw new NotFound(`the resource ${event.rawPath}`);
}

export const handler = httpHandler(notFound);
