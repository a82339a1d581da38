/**
 * CDK entry point (cdk.json: `node --import tsx infra/app.ts`). One stack per district:
 *   npm run synth                      every district
 *   npx cdk synth -c district=demo     only CommunityPartners-demo
 */
import { createDistrictApp } from './district-app.ts';

createDistrictApp().app.synth();
