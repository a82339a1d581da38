/**
 * What operations watch for a district: an alarm topic (encrypted, TLS only) and alarms on every
 * failure queue's depth, every function's errors and throttles, the stream router's iterator age,
 * the API's 5xx rate and the need watchdog's breaches; every alarm reaches the topic and, through
 * the alarm forwarder subscribed to it, the district's operators' channel (operatorAlerts.channel).
 * One CloudWatch dashboard with the same figures. A nested stack of its own: one alarm per function
 * and queue would otherwise fill the district stack's 500 resources.
 */
import { Duration, NestedStack, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  type Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import type { DistrictConfig } from '../lib/district/district-config.ts';
import { metricsNamespace, watchdogBreachesMetric } from '../lib/observability/metrics.ts';
import { HouseFunction, serviceName } from './house-function.ts';

/** The handler subscribed to the alarm topic (data access: lib/topology/data-access.ts). */
export const alarmForwarderHandler = 'operators/forward-alarms';

export interface DistrictOperationsProps {
  district: DistrictConfig;
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

export class DistrictOperations extends NestedStack {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;
  /** Posts each alarm's change of state to the operators' channel. */
  readonly alarmForwarder: HouseFunction;
  readonly watchdogAlarm: Alarm;

  constructor(scope: Construct, id: string, props: DistrictOperationsProps) {
    super(scope, id, { description: `Alarms and dashboard of district ${props.district.id}` });
    const districtId = props.district.id;
    // CloudWatch cannot publish to a topic under the AWS-managed SNS key: a key of our own lets it.
    const key = new Key(this, 'AlarmTopicKey', { enableKeyRotation: true, description: `Alarm topic of district ${districtId}` });
    key.addToResourcePolicy(
      new PolicyStatement({
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: `Community partners alarms (${districtId})`,
      masterKey: key,
      enforceSSL: true,
    });
    this.alarmForwarder = new HouseFunction(this, 'AlarmForwarder', {
      handler: alarmForwarderHandler,
      district: props.district,
      description: "Posts each alarm's change of state to the operators' channel, in plain Chinese.",
    });
    this.topic.addSubscription(new LambdaSubscription(this.alarmForwarder));
    const action = new SnsAction(this.topic);
    const alarm = (name: string, metric: Metric | MathExpression, threshold: number, description: string): Alarm => {
      const created = metric.createAlarm(this, name, {
        alarmDescription: `${description} (district ${districtId})`,
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
        `失败队列 ${name} 里有消息待重放（npm run replay-failures） | Messages set aside in ${name}: replay them with npm run replay-failures`,
      );
    }
    // One alarm per function for both (alarms are a per-account quota and a monthly cost each).
    const failuresOf = (fn: HouseFunction) =>
      new MathExpression({
        label: `${fn.handlerModule} errors + throttles`,
        expression: 'errors + throttles',
        usingMetrics: { errors: fn.metricErrors({ period }), throttles: fn.metricThrottles({ period }) },
        period,
      });
    for (const [name, fn] of [...props.functions, ['AlarmForwarder', this.alarmForwarder] as const]) {
      alarm(`${name}Failures`, failuresOf(fn), 1, `函数 ${fn.handlerModule} 出错或被限流 | functions/${fn.handlerModule}.ts failed or was throttled`);
    }
    const iteratorAge = props.streamRouter.metric('IteratorAge', { period, statistic: 'Maximum' });
    alarm(
      'StreamIteratorAge',
      iteratorAge,
      iteratorAgeLimitSeconds * 1000,
      `数据变更流积压超过 ${iteratorAgeLimitSeconds} 秒 | Table stream records wait over ${iteratorAgeLimitSeconds} s for the router`,
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
      `超过 ${serverErrorRateLimitPercent}% 的接口请求返回 5xx 错误 | Over ${serverErrorRateLimitPercent} % of API requests answered 5xx`,
    );
    // What functions/operators/watch-needs.ts emits each run (Powertools Metrics: service and district dimensions).
    const watchdogBreaches = new Metric({
      namespace: metricsNamespace,
      metricName: watchdogBreachesMetric,
      dimensionsMap: { service: serviceName, district: districtId },
      statistic: 'Sum',
      period,
      label: 'Watchdog breaches',
    });
    this.watchdogAlarm = alarm(
      'WatchdogBreaches',
      watchdogBreaches,
      1,
      '需求看门狗发现超时未处理的需求，请查看工作人员收件箱 | The need watchdog escalated or flagged needs without a step: see the operators\' inbox',
    );

    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `community-partners-${districtId}` });
    const functions = [...props.functions.values()];
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'API requests and 5xx', left: [props.httpApi.metricCount({ period })], right: [serverErrorRate] }),
      new GraphWidget({ title: 'API latency p95', left: [props.httpApi.metricLatency({ period, statistic: 'p95' })] }),
      new GraphWidget({ title: 'Stream router iterator age (ms)', left: [iteratorAge] }),
      new GraphWidget({ title: 'Watchdog breaches', left: [watchdogBreaches] }),
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
