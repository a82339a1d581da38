/**
 * A periodic task, built from its declaration in lib/topology/topology.ts: the house function invoked
 * by EventBridge Scheduler at a fixed rate, with bounded retries and an on-failure queue.
 */
import { Aws, type CfnElement, Duration, Stack } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { DistrictConfig } from '../lib/district/district-config.ts';
import type { ScheduleDeclaration } from '../lib/topology/topology.ts';
import { dataAccessOf } from '../lib/topology/data-access.ts';
import { createFailureQueue } from './failure-queue.ts';
import { HouseFunction } from './house-function.ts';
import { acknowledgePolicyFinding } from './nag.ts';

export interface ScheduledTaskProps {
  schedule: ScheduleDeclaration;
  table: ITableV2;
  district: DistrictConfig;
}

/** EventBridge Scheduler rates are whole minutes, at least one. */
export function scheduleRate(declaration: ScheduleDeclaration): Duration {
  const { everySeconds, name } = declaration;
  if (!Number.isInteger(everySeconds) || everySeconds < 60 || everySeconds % 60 !== 0) {
    throw new Error(`Schedule "${name}": everySeconds must be a whole number of minutes, at least 60 (got ${everySeconds})`);
  }
  return Duration.minutes(everySeconds / 60);
}

export class ScheduledTask extends Construct {
  readonly function: HouseFunction;
  readonly failures: Queue;
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: ScheduledTaskProps) {
    super(scope, id);
    const { schedule } = props;
    const rate = scheduleRate(schedule);

    this.function = new HouseFunction(this, 'Function', {
      handler: schedule.handler,
      district: props.district,
      description: schedule.description,
      timeout: Duration.seconds(60),
    }).bindTable(props.table, dataAccessOf(schedule.handler));

    this.failures = createFailureQueue(this, 'Failures', `the "${schedule.name}" schedule`);

    // Our own role per task (instead of the target's shared one) so the acknowledgement below
    // covers this function's invoke permission and nothing else.
    const invoker = new Role(this, 'InvokerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: `Lets EventBridge Scheduler run functions/${schedule.handler}.ts`,
    });
    this.schedule = new Schedule(this, 'Schedule', {
      description: schedule.description,
      schedule: ScheduleExpression.rate(rate),
      target: new LambdaInvoke(this.function, {
        role: invoker,
        retryAttempts: 2,
        // A missed run is superseded by the next one: do not deliver it later than that (24 h at most).
        maxEventAge: Duration.seconds(Math.min(rate.toSeconds(), 24 * 60 * 60)),
        deadLetterQueue: this.failures,
      }),
    });
    const functionLogicalId = Stack.of(this).getLogicalId(this.function.node.defaultChild as CfnElement);
    acknowledgePolicyFinding(
      invoker,
      `AwsSolutions-IAM5[Resource::<${functionLogicalId}.Arn>:*]`,
      'grantInvoke names this one function; the `:*` suffix only admits its versions and aliases (lambda:InvokeFunction on a qualified ARN).',
    );
  }
}
