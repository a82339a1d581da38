/**
 * Bundles (issue #12): every handler bundled as the house function deploys it (AWS SDK included,
 * infra/bundling/bundle-options.ts), its minified size against the 300 KB budget, and the time a
 * fresh Node process takes to import it, against a hello-world module in the same run (median of
 * several processes each, so the process start-up itself is what the hello-world row shows).
 * Prints a table; asserts nothing. Run: node --import tsx test/bench/bundles.bench.ts
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { bundleAliases, bundleDefines, bundleMainFields, bundleTarget, createRequireBanner } from '../../infra/bundling/bundle-options.ts';
import { routerHandler } from '../../infra/stream-fan-out.ts';
import { loadDistrictFile } from '../../lib/district/district-files.ts';
import { fallbackHandlers, queueConsumers, routes, schedules, streamConsumers } from '../../lib/topology/topology.ts';

const run = promisify(execFile);
const budgetBytes = 300 * 1024;

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Milliseconds to import `file` in a fresh process, measured inside it (start-up excluded). */
async function importMs(file: string, runs: number): Promise<number> {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(performance.now() - t);`;
  const times: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, TABLE_NAME: 'bench', AWS_REGION: 'cn-north-1', CONSUMER_QUEUES: '{}', POWERTOOLS_LOG_LEVEL: 'ERROR' },
    });
    times.push(Number(stdout.trim()));
  }
  return median(times);
}

export async function main(runs = 5): Promise<void> {
  const district = loadDistrictFile('demo');
  const handlers = [
    ...new Set([
      ...routes.map((route) => route.handler),
      ...Object.values(fallbackHandlers),
      ...streamConsumers.map((consumer) => consumer.handler),
      ...queueConsumers.map((consumer) => consumer.handler),
      ...schedules.map((schedule) => schedule.handler),
      routerHandler,
    ]),
  ];
  const directory = await mkdtemp(join(tmpdir(), 'bundles-bench-'));
  try {
    const hello = join(directory, 'hello.mjs');
    await writeFile(hello, "export const handler = async () => ({ statusCode: 200, body: 'hello' });\n");
    const helloMs = await importMs(hello, runs);
    const rows: Record<string, string | number>[] = [
      { handler: '(hello world)', KB: 0.1, 'import ms (median)': Number(helloMs.toFixed(1)), 'vs hello': 1 },
    ];
    for (const handler of handlers) {
      const outfile = join(directory, `${handler.replaceAll('/', '-')}.mjs`);
      const result = await build({
        entryPoints: [`functions/${handler}.ts`],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: bundleTarget,
        mainFields: bundleMainFields,
        minify: true,
        banner: { js: createRequireBanner },
        alias: bundleAliases,
        define: bundleDefines(district),
        outfile,
        metafile: true,
        logLevel: 'silent',
      });
      const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
      const ms = await importMs(outfile, runs);
      rows.push({
        handler,
        KB: Number((bytes / 1024).toFixed(1)),
        'within 300 KB': bytes <= budgetBytes ? 'yes' : 'NO',
        'import ms (median)': Number(ms.toFixed(1)),
        'vs hello': Number((ms / helloMs).toFixed(1)),
      });
    }
    console.log(
      `Bundles — esbuild as deployed (ESM, minified, AWS SDK bundled, Lambda credentials from the environment), Node ${process.version}; import time in a fresh process, median of ${runs}.`,
    );
    console.table(rows);
    const sizes = rows.slice(1).map((row) => Number(row.KB));
    console.log(
      `Largest ${Math.max(...sizes)} KB, median ${median(sizes)} KB; ${rows.filter((row) => row['within 300 KB'] === 'NO').length} of ${handlers.length} over 300 KB.`,
    );
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
