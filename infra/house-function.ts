/**
 * The house Lambda function: every handler in functions/ is deployed through this one construct, so
 * runtime, architecture, bundling, logging, tracing and table grants are decided in one place.
 */
import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { DistrictConfig } from '../lib/district/district-config.ts';
import { type DataAccess, dataAccess, tableActionsOf } from '../lib/topology/data-access.ts';
import { bundleAliases, bundleCharset, bundleExternals, bundleDefines, bundleMainFields, bundleTarget, createRequireBanner } from './bundling/bundle-options.ts';
import { FunctionGrants } from './execution-roles.ts';
import { acknowledgeFinding } from './nag.ts';
import { architectureForSecretsExtension, secretsExtension } from './secrets-extension.ts';

/** The repository root: entries, package-lock.json and tsconfig.json are resolved from here. */
export const projectRoot = fileURLToPath(new URL('../', import.meta.url));

export const serviceName = 'community-partners';

export interface HouseFunctionProps {
  /** Module under `functions/`, without extension, e.g. `needs/submit-need`; it must export `handler`. */
  handler: string;
  district: DistrictConfig;
  description?: string;
  /** @default 10 seconds */
  timeout?: Duration;
  /** @default 512 MB */
  memorySize?: number;
}

export class HouseFunction extends NodejsFunction {
  /** The module under functions/ this function runs. */
  readonly handlerModule: string;
  /** What this function is granted; the district's execution roles give it the role shared by its set of grants. */
  readonly executionGrants: FunctionGrants;
  #tableAccess: DataAccess | undefined;

  constructor(scope: Construct, id: string, props: HouseFunctionProps) {
    // Both are created beside the function (not inside it) because `super` must run first.
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.ONE_MONTH });
    // Our own grants instead of the AWSLambdaBasicExecutionRole managed policy: that policy lets the
    // function write to any log group in the account; here it writes to its own, and to those of
    // the functions whose grants are the same as its own (they share its role: infra/execution-roles.ts).
    const grants = new FunctionGrants(scope, `${id}Grants`, { handler: props.handler });
    grants.addOwnStatement(new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
    // A handler that reads the tracking-link secret (granted by infra/tracking-link-secret.ts from the same declaration) reads it through the extension.
    const readsSecret = dataAccess[props.handler]?.trackingLinkSecret === true;

    super(scope, id, {
      entry: `${projectRoot}functions/${props.handler}.ts`,
      handler: 'handler',
      projectRoot,
      depsLockFilePath: `${projectRoot}package-lock.json`,
      description: props.description ?? `functions/${props.handler}.ts`,
      runtime: Runtime.NODEJS_22_X,
      architecture: readsSecret ? architectureForSecretsExtension(scope) : Architecture.ARM_64,
      ...(readsSecret ? { paramsAndSecrets: secretsExtension() } : {}),
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      logGroup,
      role: grants,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: serviceName,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        DISTRICT_ID: props.district.id,
      },
      bundling: {
        // esbuild is a local devDependency: never fall back to a Docker image.
        forceDockerBundling: false,
        // The AWS SDK is bundled, not taken from the runtime (AWS's and middy's advice): the
        // version tested is the version run, and a bundle loads faster than the runtime's SDK. Only
        // its lazily loaded event-stream support is left out (bundle-options.ts).
        externalModules: bundleExternals,
        // As arguments: this aws-cdk-lib's bundling does not pass its own `charset` option on to esbuild.
        esbuildArgs: {
          ...Object.fromEntries(Object.entries(bundleAliases).map(([name, path]) => [`--alias:${name}`, path])),
          '--charset': bundleCharset,
        },
        format: OutputFormat.ESM,
        target: bundleTarget,
        mainFields: bundleMainFields,
        minify: true,
        sourceMap: true,
        // Line mappings are enough for stack traces; leaving the sources out keeps the zip small.
        sourcesContent: false,
        banner: createRequireBanner,
        define: bundleDefines(props.district, props.handler),
      },
    });
    this.handlerModule = props.handler;
    this.executionGrants = grants;

    acknowledgeFinding(
      this,
      'AwsSolutions-L1',
      'Node.js 22 is pinned on purpose: the project runs the same major locally and in Lambda (architecture.md, Runtime); it moves to a newer runtime together with package.json engines.',
    );
    grants.acknowledgeOnDefaultPolicy({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only the X-Ray statement that active tracing adds (xray:PutTraceSegments, xray:PutTelemetryRecords): X-Ray supports no resource-level permissions for these actions.',
    });
  }

  /** The execution role this function shares with the functions granted exactly what it is (once the district is built). */
  get executionRole(): Role {
    return this.executionGrants.role;
  }

  /** The table access granted by `bindTable`, if any. */
  get tableAccess(): DataAccess | undefined {
    return this.#tableAccess;
  }

  /**
   * Grants exactly the declared access (lib/topology/data-access.ts) on `table` and the indexes it
   * names, and tells the handler the table's name (TABLE_NAME). No Scan, no wildcard over indexes.
   */
  bindTable(table: ITableV2, access: DataAccess): this {
    if (this.#tableAccess) throw new Error(`${this.node.path}: table already bound`);
    this.#tableAccess = access;
    const actions = tableActionsOf(access);
    if (actions.length === 0) return this;
    this.addToRolePolicy(new PolicyStatement({ actions, resources: [table.tableArn] }));
    const indexes = access.indexes ?? [];
    if (indexes.length > 0) {
      this.addToRolePolicy(
        new PolicyStatement({ actions: ['dynamodb:Query'], resources: indexes.map((index) => `${table.tableArn}/index/${index}`) }),
      );
    }
    this.addEnvironment('TABLE_NAME', table.tableName);
    return this;
  }
}
