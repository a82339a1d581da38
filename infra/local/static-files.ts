/**
 * Serves the resident web pages (web/dist/, built by web/build.ts) for GET and HEAD, before API
 * routing (in the cloud they are hosted separately; locally one origin is simpler). `/` is
 * index.html. Paths that leave the directory, name a directory or a dot-file, or do not exist fall
 * through to the API. A path ending in `/` is that folder's index.html (`/` and `/partner/`).
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { GatewayResponse } from './http-api-response.ts';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export async function serveStaticFile(directory: string, method: string, rawPath: string): Promise<GatewayResponse | undefined> {
  if (method !== 'GET' && method !== 'HEAD') return undefined;
  let path: string;
  try {
    // A folder's page is its index.html, as the cloud's web hosting serves it (`/partner/`).
    path = decodeURIComponent(rawPath.endsWith('/') ? `${rawPath}index.html` : rawPath);
  } catch {
    return undefined;
  }
  if (path.includes('\0') || path.split('/').some((segment) => segment.startsWith('.'))) return undefined;
  const root = resolve(directory);
  const file = resolve(join(root, path));
  if (!file.startsWith(root + sep)) return undefined;
  try {
    if (!(await stat(file)).isFile()) return undefined;
    const body = await readFile(file);
    return {
      statusCode: 200,
      headers: [
        ['content-type', contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream'],
        ['cache-control', 'no-cache'],
      ],
      body,
    };
  } catch {
    return undefined;
  }
}
