/**
 * What operations watch for a district: an alarm topic (encrypted, TLS only) and alarms on every
 * failure queue's depth, every function's errors and throttles, the stream router's iterator age
 * and the API's 5xx rate; and one CloudWatch dashboard with the same figures.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  type Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  type Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { HouseFunction } from './house-function.ts';

export interface DistrictOperationsProps {
  districtId: string;
  httpApi: HttpApi;
  /** Every function of the district, named by construct id. */
  functions: ReadonlyMap<string, HouseFunction>;
  /** Every failure queue, named by what it receives. */
  failureQueues: ReadonlyMap<string, Queue>;
  /** The only reader of the table stream. */
  streamRouter: HouseFunction;
}

const period = Duration.minutes(5);
/** Stream records waiting this long behind the router mean the fan-out is stuck or failing. */
export const iteratorAgeLimitSeconds = 60;
/** Share of API requests answered with a 5xx, in percent. */
export const serverErrorRateLimitPercent = 5;

export class DistrictOperations extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: DistrictOperationsProps) {
    super(scope, id);
    // CloudWatch cannot publish to a topic under the AWS-managed SNS key: a key of our own lets it.
    const key = new Key(this, 'AlarmTopicKey', { enableKeyRotation: true, description: `Alarm topic of district ${props.districtId}` });
    key.addToResourcePolicy(
      new PolicyStatement({
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: `Community partners alarms (${props.districtId})`,
      masterKey: key,
      enforceSSL: true,
    });
    const action = new SnsAction(this.topic);
    const alarm = (name: string, metric: Metric | MathExpression, threshold: number, description: string): Alarm => {
      const created = metric.createAlarm(this, name, {
        alarmDescription: `${description} (district ${props.districtId})`,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(action);
      created.addOkAction(action);
      this.alarms.push(created);
      return created;
    };

    for (const [name, queue] of props.failureQueues) {
      alarm(
        `${name}Depth`,
        queue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
        1,
        `Messages set aside in ${name}: replay them with npm run replay-failures`,
      );
    }
    // One alarm per function for both (alarms are a per-account quota and a monthly cost each).
    for (const [name, fn] of props.functions) {
      const failures = new MathExpression({
        label: `${fn.handlerModule} errors + throttles`,
        expression: 'errors + throttles',
        usingMetrics: { errors: fn.metricErrors({ period }), throttles: fn.metricThrottles({ period }) },
        period,
      });
      alarm(`${name}Failures`, failures, 1, `functions/${fn.handlerModule}.ts failed or was throttled`);
    }
    const iteratorAge = props.streamRouter.metric('IteratorAge', { period, statistic: 'Maximum' });
    alarm(
      'StreamIteratorAge',
      iteratorAge,
      iteratorAgeLimitSeconds * 1000,
      `Table stream records wait over ${iteratorAgeLimitSeconds} s for the router`,
    );
    const serverErrorRate = new MathExpression({
      label: 'API 5xx (%)',
      expression: '100 * errors / MAX([requests, 1])',
      usingMetrics: {
        errors: props.httpApi.metricServerError({ period, statistic: 'Sum' }),
        requests: props.httpApi.metricCount({ period, statistic: 'Sum' }),
      },
      period,
    });
    alarm(
      'ApiServerErrorRate',
      serverErrorRate,
      serverErrorRateLimitPercent,
      `Over ${serverErrorRateLimitPercent} % of API requests answered 5xx`,
    );

    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `community-partners-${props.districtId}` });
    const functions = [...props.functions.values()];
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'API requests and 5xx', left: [props.httpApi.metricCount({ period })], right: [serverErrorRate] }),
      new GraphWidget({ title: 'API latency p95', left: [props.httpApi.metricLatency({ period, statistic: 'p95' })] }),
      new GraphWidget({ title: 'Stream router iterator age (ms)', left: [iteratorAge] }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Function errors',
        left: functions.map((fn) => fn.metricErrors({ period, label: fn.handlerModule })),
        width: 12,
      }),
      new GraphWidget({
        title: 'Function throttles',
        left: functions.map((fn) => fn.metricThrottles({ period, label: fn.handlerModule })),
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Failure queues (messages to replay)',
        left: [...props.failureQueues].map(([name, queue]) => queue.metricApproximateNumberOfMessagesVisible({ period, label: name })),
        width: 24,
      }),
    );
  }
}
