/**
 * Builds the web pages into web/dist/: copies web/public/ (with its partner/ and desk/ folders), bundles
 * web/src/form.ts, web/src/track.ts, the partner app web/src/partner/app.ts and the operators'
 * console web/src/desk/app.ts (and the stylesheets) with esbuild — minified, source maps, ES2020 — under content-hashed names, and
 * points the HTML at them. A line `<!-- include NAME.html -->` in a page is replaced by
 * web/partials/NAME.html at its indentation (markup that two pages share, such as the SMS code step). The local gateway serves the result at `/` (the partner app at
 * `/partner/`, the operators' console at `/desk/`); in the cloud it is uploaded to static hosting as it is.
 *
 *   node --import tsx web/build.ts [outDir]
 */
import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const webDirectory = dirname(fileURLToPath(import.meta.url));
const projectRoot = resolve(webDirectory, '..');
const publicDirectory = join(webDirectory, 'public');
const partialsDirectory = join(webDirectory, 'partials');

/** Files that esbuild produces from public/ or src/ and the HTML refers to by their plain name. */
const entryPoints = {
  form: join(webDirectory, 'src', 'form.ts'),
  track: join(webDirectory, 'src', 'track.ts'),
  partner: join(webDirectory, 'src', 'partner', 'app.ts'),
  styles: join(publicDirectory, 'styles.css'),
  partnerStyles: join(webDirectory, 'src', 'partner', 'partner.css'),
  desk: join(webDirectory, 'src', 'desk', 'app.ts'),
  deskStyles: join(webDirectory, 'src', 'desk', 'desk.css'),
};
const processedPublicFiles = new Set(['styles.css']);
/** Each page with the stylesheet and scripts it loads (entry names). */
const pages = {
  'index.html': { style: 'styles', scripts: ['form'] },
  'track.html': { style: 'styles', scripts: ['track'] },
  'partner/index.html': { style: 'partnerStyles', scripts: ['partner'] },
  'desk/index.html': { style: 'deskStyles', scripts: ['desk'] },
} as const;

export interface BuiltFile {
  /** Relative to outDir, with forward slashes. */
  path: string;
  bytes: number;
  gzipBytes: number;
}

export interface BuiltPage {
  /** The files a first visit downloads: the HTML, its stylesheet and its script (not source maps, not the icon). */
  files: string[];
  bytes: number;
  gzipBytes: number;
}

export interface BuildWebResult {
  outDir: string;
  files: BuiltFile[];
  pages: Record<keyof typeof pages, BuiltPage>;
}

export async function buildWeb({ outDir = 'web/dist' }: { outDir?: string } = {}): Promise<BuildWebResult> {
  const out = isAbsolute(outDir) ? outDir : resolve(projectRoot, outDir);
  refuseDangerousOutDir(out);
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });

  const result = await build({
    absWorkingDir: projectRoot,
    entryPoints,
    outdir: out,
    entryNames: '[name]-[hash]',
    bundle: true,
    minify: true,
    sourcemap: 'linked',
    target: 'es2020',
    format: 'esm',
    platform: 'browser',
    charset: 'utf8',
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
  });

  /** `form.js` → `form-AB12CD34.js`, `styles.css` → `styles-…css`: what the HTML names, and what was written. */
  const hashed = new Map<string, string>();
  for (const [output, meta] of Object.entries(result.metafile.outputs)) {
    if (!meta.entryPoint) continue;
    const entryName = Object.entries(entryPoints).find(([, file]) => resolve(projectRoot, meta.entryPoint ?? '') === file)?.[0];
    if (!entryName) continue;
    const extension = output.endsWith('.css') ? 'css' : 'js';
    hashed.set(`${entryName}.${extension}`, basename(output));
  }

  for (const name of await readdir(publicDirectory, { recursive: true })) {
    if (processedPublicFiles.has(name)) continue;
    const source = join(publicDirectory, name);
    if (!(await stat(source)).isFile()) continue;
    await mkdir(dirname(join(out, name)), { recursive: true });
    if (name.endsWith('.html')) {
      const html = await includePartials(await readFile(source, 'utf8'), name);
      await writeFile(join(out, name), rewriteReferences(html, hashed, name));
    } else {
      await copyFile(source, join(out, name));
    }
  }

  const files: BuiltFile[] = [];
  for (const name of (await readdir(out, { recursive: true })).sort()) {
    const content = await readFile(join(out, name)).catch(() => undefined);
    if (!content) continue; // a directory
    files.push({ path: name.split(sep).join('/'), bytes: content.byteLength, gzipBytes: gzipSync(content, { level: 9 }).byteLength });
  }
  const sizeOf = (name: string) => files.find((file) => file.path === name) ?? { path: name, bytes: 0, gzipBytes: 0 };
  const pageSizes = {} as Record<keyof typeof pages, BuiltPage>;
  for (const [page, { style, scripts }] of Object.entries(pages) as Array<[keyof typeof pages, (typeof pages)[keyof typeof pages]]>) {
    const parts = [page, hashed.get(`${style}.css`) ?? '', ...scripts.map((script) => hashed.get(`${script}.js`) ?? '')].map(sizeOf);
    pageSizes[page] = {
      files: parts.map((part) => part.path),
      bytes: parts.reduce((sum, part) => sum + part.bytes, 0),
      gzipBytes: parts.reduce((sum, part) => sum + part.gzipBytes, 0),
    };
  }
  return { outDir: out, files, pages: pageSizes };
}

/** Each `<!-- include NAME.html -->` line replaced by web/partials/NAME.html, indented as the line was. */
async function includePartials(html: string, page: string): Promise<string> {
  const includes = [...html.matchAll(/^([ \t]*)<!-- include ([\w-]+\.html) -->$/gm)];
  let result = html;
  for (const [line, indent = '', name = ''] of includes) {
    const partial = await readFile(join(partialsDirectory, name), 'utf8').catch(() => {
      throw new Error(`${page} includes ${name}, which web/partials/ does not have`);
    });
    const indented = partial
      .trimEnd()
      .split('\n')
      .map((partLine) => (partLine ? indent + partLine : partLine))
      .join('\n');
    result = result.replace(line, () => indented);
  }
  return result;
}

/** `src="form.js"` → `src="form-AB12CD34.js"`; a page in a folder names them `../partner.js`. */
function rewriteReferences(html: string, hashed: Map<string, string>, page: string): string {
  return html.replace(/\b(src|href)="(\.\.\/|\.\/)?([\w-]+\.(?:js|css))"/g, (_whole, attribute: string, up: string | undefined, name: string) => {
    const target = hashed.get(name);
    if (!target) throw new Error(`${page} refers to ${name}, which the build does not produce`);
    return `${attribute}="${up === '../' ? up : ''}${target}"`;
  });
}

/** outDir is emptied first: never let that be the project, the web sources or anything above them. */
function refuseDangerousOutDir(out: string): void {
  const inside = (parent: string, child: string) => {
    const path = relative(parent, child);
    return path === '' || (!path.startsWith('..') && !isAbsolute(path));
  };
  if (inside(out, projectRoot) || inside(out, publicDirectory) || inside(join(webDirectory, 'src'), out) || inside(publicDirectory, out)) {
    throw new Error(`refusing to empty ${out}: it holds or is inside the sources`);
  }
  if (out.split(sep).length < 3) throw new Error(`refusing to empty ${out}`);
}

function kilobytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2];
  const built = await buildWeb(outDir ? { outDir } : {});
  console.log(`web pages built into ${relative(process.cwd(), built.outDir) || '.'}`);
  for (const file of built.files)
    console.log(`  ${file.path.padEnd(28)} ${kilobytes(file.bytes).padStart(10)}  gzip ${kilobytes(file.gzipBytes).padStart(9)}`);
  for (const [page, size] of Object.entries(built.pages)) {
    console.log(`  ${page}: HTML+CSS+JS ${kilobytes(size.bytes)}, gzip ${kilobytes(size.gzipBytes)}`);
  }
}
