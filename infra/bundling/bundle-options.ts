/**
 * How every Lambda bundle is built, in one place: the house function (infra/house-function.ts)
 * hands these to NodejsFunction's esbuild, and the bundle benchmark (test/bench/bundles.bench.ts)
 * to esbuild's API, so the sizes it prints are those deployed.
 */
import { fileURLToPath } from 'node:url';
import type { DistrictConfig } from '../../lib/district/district-config.ts';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Lets CommonJS dependencies call `require` inside the ESM bundle (esbuild's ESM output has no
 * `require`; some packages still use it for Node built-ins).
 */
export const createRequireBanner =
  "import { createRequire as __houseCreateRequire } from 'node:module'; const require = __houseCreateRequire(import.meta.url);";

export const bundleTarget = 'node22';
export const bundleMainFields = ['module', 'main'];

/** Lambda's credentials are always in the environment: the SDK's full default chain is dead weight. */
export const bundleAliases: Record<string, string> = {
  '@aws-sdk/credential-provider-node': `${projectRoot}infra/bundling/lambda-credentials.ts`,
};

/**
 * Lambda's environment is limited to 4 KB, a district config can be larger: it is compiled in.
 * The value is JavaScript source, hence a JSON string literal of the JSON text.
 */
export function bundleDefines(district: DistrictConfig): Record<string, string> {
  return { 'process.env.DISTRICT_CONFIG': JSON.stringify(JSON.stringify(district)) };
}
