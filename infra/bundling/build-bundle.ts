/**
 * Builds a handler's bundle with esbuild's API and the very options the house function deploys with
 * (bundle-options.ts), for the bundle benchmark, which measures them without a CDK synth. The
 * synthesized bundles are held to the budget in test/infra/district-stack.test.ts.
 */
import { build, type Metafile } from 'esbuild';
import type { DistrictConfig } from '../../lib/district/district-config.ts';
import { fallbackHandlers, queueConsumers, routes, schedules, streamConsumers } from '../../lib/topology/topology.ts';
import { alarmForwarderHandler } from '../district-operations.ts';
import { routerHandler } from '../stream-fan-out.ts';
import { bundleAliases, bundleCharset, bundleExternals, bundleDefines, bundleMainFields, bundleTarget, createRequireBanner, projectRoot } from './bundle-options.ts';

/** Every bundle's limit (issue #12): minified, AWS SDK included. */
export const bundleBudgetBytes = 300 * 1024;

/** Every module under functions/ that is deployed as a Lambda function. */
export function deployedHandlers(): string[] {
  return [
    ...new Set([
      ...routes.map((route) => route.handler),
      ...Object.values(fallbackHandlers),
      ...streamConsumers.map((consumer) => consumer.handler),
      ...queueConsumers.map((consumer) => consumer.handler),
      ...schedules.map((schedule) => schedule.handler),
      routerHandler,
      alarmForwarderHandler,
    ]),
  ];
}

export interface BuiltBundle {
  handler: string;
  bytes: number;
  metafile: Metafile;
}

export async function buildBundle(handler: string, district: DistrictConfig, outfile: string): Promise<BuiltBundle> {
  const result = await build({
    entryPoints: [`${projectRoot}functions/${handler}.ts`],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: bundleTarget,
    mainFields: bundleMainFields,
    minify: true,
    charset: bundleCharset,
    banner: { js: createRequireBanner },
    alias: bundleAliases,
    external: bundleExternals,
    define: bundleDefines(district, handler),
    outfile,
    metafile: true,
    logLevel: 'silent',
  });
  const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  return { handler, bytes, metafile: result.metafile };
}

/** The bundle's input bytes by npm package (or by project file), largest first: what to cut. */
export function bytesByPackage(metafile: Metafile): [string, number][] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path.replace(/^.*?(lib|functions|infra)\//, '$1/');
      totals.set(name, (totals.get(name) ?? 0) + input.bytesInOutput);
    }
  }
  return [...totals].sort((left, right) => right[1] - left[1]);
}
