/**
 * What the OpenAPI document says about each route beyond the topology (which gives method, path,
 * access and the English description): a Chinese summary, and the very zod schemas the handler
 * validates its query and body with. Every route of lib/topology/topology.ts must have an entry
 * here (a test fails otherwise).
 *
 * To document a new route: add `'<METHOD> <path>': { zh: '…', query?: schema, body?: schema }`
 * below, importing the schema object the handler passes to parseInput (move an inline schema to
 * its domain module or to ./request-schemas.ts first, so both use the same object).
 */
import * as z from 'zod/mini';
import { needSubmissionSchema } from '../needs/need-submission.ts';
import { open311RequestFieldsSchema } from '../open311/open311-request.ts';
import { open311ListQuerySchema } from '../open311/open311-query.ts';
import { partnerCreateSchema } from '../partners/partner-edits.ts';
import { reportQuerySchema } from '../reports/report-query.ts';
import { ratingSchema } from '../reputation/rating.ts';
import { settingsChangeRequestSchema } from '../settings/district-settings.ts';
import { pageQuerySchema } from '../http/page-query.ts';
import { partnerLoginRequestSchema } from '../identity/identity-link.ts';
import {
  assignSchema,
  closeSchema,
  followUpCloseSchema,
  needListQuerySchema,
  redispatchSchema,
  referralReplySchema,
  referSchema,
} from '../needs/operator-requests.ts';
import { unitInputSchema, unitReplaceSchema } from '../units/co-building-unit.ts';
import {
  cancelSchema,
  confirmationRequestSchema,
  declineSchema,
  exclusionSchema,
  listQuerySchema,
  operatorPageQuerySchema,
  periodSchema,
  releaseSchema,
  scheduleBodySchema,
  statusChangeSchema,
} from './request-schemas.ts';

export type BodyMediaType = 'application/json' | 'application/merge-patch+json' | 'application/x-www-form-urlencoded' | 'text/csv';

export interface RouteContract {
  /** One line in Chinese; the topology's description is the English. */
  zh: string;
  query?: z.ZodMiniType;
  body?: z.ZodMiniType;
  bodyTypes?: BodyMediaType[];
  bodyOptional?: boolean;
  /** The route answers only the holder of the need's tracking token (X-Tracking-Token). */
  trackingToken?: boolean;
  /** Success status and media types; 200 JSON by default. */
  success?: { status: number; mediaTypes?: string[] };
  /** The JSON success body, where it is pinned down (the API test parses live answers with it). */
  response?: z.ZodMiniType;
  /** Open311 routes answer errors in the standard's format, not problem+json. */
  open311?: boolean;
}

const merge = z.extend(z.looseObject(z.partial(partnerCreateSchema).shape), {
  version: z.optional(z.number().check(z.int(), z.minimum(0))),
});
const importBody = z.object({ csv: z.string().check(z.describe('The CSV text, UTF-8.')) });
const open311Query = z.object({ jurisdiction_id: z.optional(z.string()) });

const bilingual = z.object({ zh: z.string(), en: z.string() });
export const responseSchemas = {
  submitted: z.strictObject({ id: z.uuid(), trackingToken: z.string(), status: z.literal('submitted') }),
  catalog: z.strictObject({
    district: z.strictObject({ id: z.string(), name: bilingual, timeZone: z.string() }),
    categories: z.array(z.strictObject({ code: z.string(), label: bilingual, escalateOnly: z.boolean() })),
    communities: z.array(
      z.strictObject({
        id: z.string(),
        name: bilingual,
        subdistrict: z.optional(bilingual),
        grids: z.array(z.strictObject({ id: z.string(), name: bilingual })),
      }),
    ),
  }),
  settings: z.strictObject({
    settings: settingsChangeRequestSchema.shape.settings,
    version: z.number().check(z.int()),
    updatedAt: z.optional(z.string()),
    updatedBy: z.optional(z.string()),
    source: z.enum(['districtFile', 'settingsItem']),
    history: z.array(
      z.strictObject({
        version: z.number().check(z.int()),
        by: z.string(),
        at: z.string(),
        reason: z.string(),
        changed: z.array(z.strictObject({ path: z.string(), from: z.unknown(), to: z.unknown() })),
      }),
    ),
  }),
  reportList: z.strictObject({
    list: z.enum(['demand', 'supply', 'gap']),
    period: z.strictObject({ from: z.string(), to: z.string(), timeZone: z.string() }),
    itemsRead: z.number().check(z.int(), z.describe('Items the report read: days × cells, not needs.')),
    rows: z.array(z.record(z.string(), z.unknown())),
  }),
};

const reportList = { query: reportQuerySchema, success: { status: 200, mediaTypes: ['application/json', 'text/csv'] }, response: responseSchemas.reportList };

export const routeContracts: Record<string, RouteContract> = {
  'GET /health': { zh: '存活检查。' },
  'GET /catalog': { zh: '本区的服务类别与社区、网格。', response: responseSchemas.catalog },
  'POST /needs': { zh: '居民提交需求，返回编号与跟踪令牌。', body: needSubmissionSchema, success: { status: 201 }, response: responseSchemas.submitted },
  'GET /needs/{id}': { zh: '凭跟踪令牌查看需求的状态与进度。', trackingToken: true },
  'POST /needs/{id}/cancel': { zh: '凭跟踪令牌在服务开始前撤回需求。', body: cancelSchema, bodyOptional: true, trackingToken: true },
  'DELETE /needs/{id}/personal-data': { zh: '需求结束后，凭跟踪令牌立即删除联系方式、地址与描述。', trackingToken: true },
  'POST /needs/{id}/rating': { zh: '凭跟踪令牌为已完成的服务评分（一次，14天内）。', body: ratingSchema, trackingToken: true, success: { status: 201 } },
  'GET /partners/me/offers': { zh: '合伙人查看待接的派单及推荐理由。' },
  'GET /partners/me/inbox': { zh: '合伙人的站内通知。' },
  'POST /offers/{id}/accept': { zh: '合伙人接单（只有一个能成功）。' },
  'POST /offers/{id}/decline': { zh: '合伙人婉拒并说明原因，系统转派下一位。', body: declineSchema },
  'GET /orders/{id}': { zh: '接单合伙人查看订单及居民联系方式。' },
  'POST /orders/{id}/start': { zh: '合伙人开始服务。' },
  'POST /orders/{id}/release': { zh: '合伙人在开始前退回订单并说明原因。', body: releaseSchema },
  'POST /orders/{id}/complete': { zh: '合伙人完成服务，居民随后可评分。' },
  'GET /escalations': { zh: '吹哨：无人能接的需求及原因。' },
  'GET /needs/{id}/offers': { zh: '运营人员查看需求的全部派单与匹配解释。' },
  'POST /needs/{id}/rating/exclusion': { zh: '运营人员将评分排除出信誉计算（保留原评分）。', body: exclusionSchema },
  'GET /follow-ups': { zh: '待回访的一、二星评分。' },
  'GET /partners/{id}/deliveries': { zh: '合伙人的通知投递记录。' },
  'GET /reports/supply-demand': { zh: '按类别与社区的供需与缺口及招募令（读每日汇总，不逐条读需求）。', query: periodSchema },
  'POST /partners': { zh: '运营人员登记合伙人（初始为“申请”）。', body: partnerCreateSchema, success: { status: 201 } },
  'GET /partners': { zh: '分页列出合伙人，可按状态、类别、社区筛选。', query: listQuerySchema },
  'GET /partners/{id}': { zh: '合伙人档案、准入历史与实时信誉。' },
  'PATCH /partners/{id}': { zh: '以 JSON Merge Patch 修改合伙人档案（基于版本）。', body: merge, bodyTypes: ['application/merge-patch+json', 'application/json'] },
  'POST /partners/{id}/status': { zh: '准入状态变更（申请→审核→在册⇄暂停），记录原因。', body: statusChangeSchema },
  // A new phone number's SMS code (#10).
  'POST /needs/{id}/confirmation': {
    zh: '新手机号凭跟踪令牌输入短信验证码确认需求（或要求重新发送验证码）；确认后开始匹配。',
    body: confirmationRequestSchema,
    trackingToken: true,
  },
  'POST /partners/import': { zh: '从 CSV 批量导入合伙人，逐行报告结果。', body: importBody, bodyTypes: ['text/csv', 'application/json'] },
  'GET /partners/me': { zh: '合伙人查看自己的档案、信誉、等级与积分。' },
  // The operators' desk and co-building units (#8).
  'GET /needs': { zh: '按状态或社区分页列出需求，可按类别和日期筛选，附原因、等待时长与特殊群体。', query: needListQuerySchema },
  'POST /needs/{id}/assign': { zh: '社区工作人员指派合伙人（可凭书面理由越过容量以外的约束）。', body: assignSchema },
  'POST /needs/{id}/redispatch': { zh: '送回派单流程，重新计数，婉拒过的合伙人仍排除。', body: redispatchSchema, bodyOptional: true },
  'POST /needs/{id}/close': { zh: '以结果关闭需求（线下解决、重复、联系不上、居民撤回、超出范围）。', body: closeSchema },
  'POST /needs/{id}/refer': { zh: '转给共驻共建单位（社区吹哨、部门报到）。', body: referSchema },
  'POST /needs/{id}/referral-reply': { zh: '记录共建单位的答复并据此关闭需求。', body: referralReplySchema },
  'POST /follow-ups/{needId}/close': { zh: '记录低分评价的回访结果，移出回访队列。', body: followUpCloseSchema },
  'GET /operators/inbox': { zh: '工作人员收件箱：吹哨与超时提醒，新的在前。', query: operatorPageQuerySchema },
  'POST /units': { zh: '新增共驻共建单位（名称、类型、联系人、承接议题）。', body: unitInputSchema, success: { status: 201 } },
  'GET /units': { zh: '分页列出共驻共建单位。', query: operatorPageQuerySchema },
  'GET /units/{id}': { zh: '一个共驻共建单位。' },
  'PUT /units/{id}': { zh: '基于版本整体更新共建单位。', body: unitReplaceSchema },
  'DELETE /units/{id}': { zh: '删除共建单位；已转办的需求保留其名称。', success: { status: 204, mediaTypes: [] } },
  // The partner app and identity (#9).
  'GET /partners/me/orders': { zh: '合伙人的订单（已接、进行中、近期完成），接单后可见居民联系方式，分页。', query: pageQuerySchema },
  'GET /partners/me/points': { zh: '合伙人的积分明细，分页。', query: pageQuerySchema },
  'POST /partners/{id}/login': { zh: '工作人员为合伙人开通手机号登录，并把该身份关联到合伙人。', body: partnerLoginRequestSchema },
  'PUT /partners/me/schedule': { zh: '合伙人更新值班表。', body: scheduleBodySchema },
  'GET /openapi.json': { zh: '本接口的 OpenAPI 3.1 文档。' },
  'GET /district/settings': { zh: '本区当前设置（权重、派单时限、上限、积分、类别）及修改记录。', response: responseSchemas.settings },
  'PUT /district/settings': { zh: '运营人员修改设置（基于版本，说明原因），一分钟内生效。', body: settingsChangeRequestSchema },
  'GET /reports/{list}': {
    zh: '三张清单（JSON 或 CSV）：demand 需求清单（状态、时长中位数、各项比率），supply 资源清单（在册合伙人、容量、每周值班），gap 缺口（按时段的未满足需求与值班覆盖，附招募令）。',
    ...reportList,
  },
  ...open311Contracts(),
};

function open311Contracts(): Record<string, RouteContract> {
  const bothFormats = { status: 200, mediaTypes: ['text/xml', 'application/json'] };
  return {
    'GET /open311/v2/{document}': {
      zh: 'Open311：discovery（服务发现）、services（服务列表，即服务类别）、requests（请求列表及标准筛选条件），后缀 .xml 或 .json。',
      query: open311ListQuerySchema,
      open311: true,
      success: bothFormats,
    },
    'GET /open311/v2/services/{serviceFile}': { zh: 'Open311 服务定义（附加属性：社区、网格、紧急程度、特殊群体）。', query: open311Query, open311: true, success: bothFormats },
    'GET /open311/v2/requests/{requestFile}': { zh: 'Open311 单个请求的状态。', query: open311Query, open311: true, success: bothFormats },
    'POST /open311/v2/{document}': {
      zh: 'Open311 提交请求（requests.xml 或 requests.json，表单编码），成为普通需求。',
      body: open311RequestFieldsSchema,
      bodyTypes: ['application/x-www-form-urlencoded'],
      open311: true,
      success: { status: 201, mediaTypes: ['text/xml', 'application/json'] },
    },
  };
}
