/**
 * Bundles (issue #12): every handler bundled as the house function deploys it (AWS SDK included,
 * infra/bundling/bundle-options.ts), its minified size against the 300 KB budget, and the time a
 * fresh Node process takes to import it, against a hello-world module in the same run (median of
 * several processes each, so the process start-up itself is what the hello-world row shows), then
 * what the bundles are made of. Prints tables; asserts nothing (test/infra/district-stack.test.ts holds the
 * budget). Run: node --import tsx test/bench/bundles.bench.ts
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { type BuiltBundle, buildBundle, bundleBudgetBytes, bytesByPackage, deployedHandlers } from '../../infra/bundling/build-bundle.ts';
import { loadDistrictFile } from '../../lib/district/district-files.ts';

const run = promisify(execFile);
const kilobytes = (bytes: number) => Number((bytes / 1024).toFixed(1));

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

/** Each package's mean bytes per bundle, over all bundles: what dominates. */
function composition(bundles: readonly BuiltBundle[]): Record<string, string | number>[] {
  const totals = new Map<string, { bytes: number; bundles: number }>();
  for (const bundle of bundles) {
    for (const [name, bytes] of bytesByPackage(bundle.metafile)) {
      const total = totals.get(name) ?? { bytes: 0, bundles: 0 };
      totals.set(name, { bytes: total.bytes + bytes, bundles: total.bundles + 1 });
    }
  }
  return [...totals]
    .sort((left, right) => right[1].bytes - left[1].bytes)
    .slice(0, 15)
    .map(([name, total]) => ({ 'package or file': name, 'KB per bundle (mean)': kilobytes(total.bytes / bundles.length), 'in bundles': total.bundles }));
}

export async function main(runs = 5): Promise<void> {
  const district = loadDistrictFile('demo');
  const handlers = deployedHandlers();
  const directory = await mkdtemp(join(tmpdir(), 'bundles-bench-'));
  try {
    const hello = join(directory, 'hello.mjs');
    await writeFile(hello, "export const handler = async () => ({ statusCode: 200, body: 'hello' });\n");
    const helloMs = await importMs(hello, runs);
    const rows: Record<string, string | number>[] = [
      { handler: '(hello world)', KB: 0.1, 'import ms (median)': Number(helloMs.toFixed(1)), 'vs hello': 1 },
    ];
    const bundles: BuiltBundle[] = [];
    for (const handler of handlers) {
      const outfile = join(directory, `${handler.replaceAll('/', '-')}.mjs`);
      const bundle = await buildBundle(handler, district, outfile);
      bundles.push(bundle);
      const ms = await importMs(outfile, runs);
      rows.push({
        handler,
        KB: kilobytes(bundle.bytes),
        'within 300 KB': bundle.bytes <= bundleBudgetBytes ? 'yes' : 'NO',
        'import ms (median)': Number(ms.toFixed(1)),
        'vs hello': Number((ms / helloMs).toFixed(1)),
      });
    }
    console.log(
      `Bundles — esbuild as deployed (ESM, minified, AWS SDK bundled, Lambda credentials from the environment), Node ${process.version}; import time in a fresh process, median of ${runs}.`,
    );
    console.table(rows);
    const sizes = bundles.map((bundle) => kilobytes(bundle.bytes));
    console.log(
      `Largest ${Math.max(...sizes)} KB, median ${median(sizes)} KB; ${bundles.filter((bundle) => bundle.bytes > bundleBudgetBytes).length} of ${handlers.length} over 300 KB.`,
    );
    console.log('What the bundles are made of (esbuild metafile):');
    console.table(composition(bundles));
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
