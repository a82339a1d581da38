/**
 * Loads handler modules by their topology name (`needs/submit-need` → functions/needs/submit-need.ts).
 * The gateway, poller and scheduler take a loader as a parameter so tests can point them at fixtures.
 * Modules are imported on first use, after start-system has set the environment they read at load.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LambdaHandler } from './lambda-context.ts';
import { functionsDirectory } from './local-paths.ts';
import { guardedHandler } from './table-guard.ts';

export type HandlerLoader = (handler: string) => Promise<LambdaHandler>;

export function moduleHandlerLoader(directory: string = functionsDirectory): HandlerLoader {
  const loaded = new Map<string, Promise<LambdaHandler>>();
  return (handler) => {
    let found = loaded.get(handler);
    if (!found) {
      // Each handler runs under its declared data access, as its role would let it in the cloud.
      found = importHandler(join(directory, `${handler}.ts`)).then((run) => guardedHandler(handler, run));
      // A failed import (a syntax error being fixed) is retried on the next request.
      found.catch(() => loaded.delete(handler));
      loaded.set(handler, found);
    }
    return found;
  };
}

async function importHandler(file: string): Promise<LambdaHandler> {
  const module: { handler?: unknown } = await import(pathToFileURL(file).href);
  if (typeof module.handler !== 'function') throw new Error(`${file} does not export a function named handler`);
  return module.handler as LambdaHandler;
}
