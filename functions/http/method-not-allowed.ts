import { MethodNotAllowed } from '#lib/common/domain-errors.ts';
import type { HttpEvent } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { methodsByPath } from '#lib/topology/topology.ts';

const allowedByPath = methodsByPath();

/** Answers a declared path called with an undeclared method (the API's `ANY <path>` routes). */
export async function methodNotAllowed(event: HttpEvent): Promise<never> {
  const path = event.routeKey.replace(/^ANY /, '');
  throw new MethodNotAllowed(allowedByPath.get(path) ?? []);
}

export const handler = httpHandler(methodNotAllowed);
