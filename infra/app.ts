/**
 * CDK entry point (cdk.json: `node --import tsx infra/app.ts`). One stack per district:
 *   npm run synth                      every district
 *   npx cdk synth -c district=demo     only CommunityPartners-demo (with CommunityPartners-shared, which it uses)
 *
 * The resident pages are built first (esbuild is asynchronous, constructing the stacks is not), once
 * for all districts, into `<cloud assembly>/web-form/`; each district stack uploads them to its
 * bucket behind its CloudFront distribution (infra/web-hosting.ts). A fixed folder relative to the
 * project keeps the source maps, hence the asset hash, the same from one synth to the next.
 */
import { join } from 'node:path';
import { buildWeb } from '../web/build.ts';
import { createDistrictApp } from './district-app.ts';

const assemblyDirectory = process.env.CDK_OUTDIR ?? 'cdk.out';
const web = await buildWeb({ outDir: join(assemblyDirectory, 'web-form') });

createDistrictApp({ stackProps: { webDirectory: web.outDir } }).app.synth();
