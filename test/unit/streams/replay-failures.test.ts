import { describe, expect, it } from 'vitest';
import { consumerQueueOf, failureQueueKind, streamBatchOf } from '../../../infra/replay-failures.ts';
import { consumerQueueName } from '../../../infra/stream-consumer.ts';

const base = 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012';

describe('npm run replay-failures', () => {
  it("tells a consumer's failure queue (it has a source queue) from the router's and a schedule's", () => {
    expect(failureQueueKind(`${base}/CommunityPartners-demo-MatchNewNeedConsumerFailu-AbC.fifo`, true)).toBe('consumer');
    expect(failureQueueKind(`${base}/CommunityPartners-demo-StreamsRouterFailures96168972-XyZ`, false)).toBe('router');
    expect(failureQueueKind(`${base}/CommunityPartners-demo-ExpireOffersScheduleFailures732CCD6D-Q`, false)).toBe('schedule');
    expect(failureQueueKind(`${base}/CommunityPartners-demo-matchNewNeed.fifo`, false)).toBeUndefined();
  });

  it("finds a consumer's queue by the name the stack gives it, and refuses a name SQS would not take", () => {
    const urls = [`${base}/CommunityPartners-demo-matchNewNeed.fifo`, `${base}/CommunityPartners-demo-notifyPartner.fifo`];
    expect(consumerQueueOf('CommunityPartners-demo', 'notifyPartner', urls)).toBe(urls[1]);
    expect(consumerQueueOf('CommunityPartners-demo', 'applyRating', urls)).toBeUndefined();
    expect(() => consumerQueueName(`CommunityPartners-${'x'.repeat(60)}`, 'notifyPartner')).toThrow(/over 80 characters/);
  });

  it("reads the stream position from Lambda's on-failure record, and says what is missing", () => {
    const body = JSON.stringify({
      DDBStreamBatchInfo: {
        shardId: 'shardId-1',
        startSequenceNumber: '100',
        endSequenceNumber: '180',
        streamArn: 'arn:aws-cn:dynamodb:cn-north-1:1:table/t/stream/x',
      },
    });
    expect(streamBatchOf(body)).toEqual({
      streamArn: 'arn:aws-cn:dynamodb:cn-north-1:1:table/t/stream/x',
      shardId: 'shardId-1',
      start: '100',
      end: '180',
    });
    expect(() => streamBatchOf('{}')).toThrow(/DDBStreamBatchInfo.streamArn/);
  });
});
