/**
 * The OpenAPI 3.1 document of this API, built from the topology (every route, its access) and the
 * route contracts (the zod schemas the handlers validate with, turned into JSON Schema 2020-12 by
 * zod itself), so it cannot drift from what the handlers accept.
 */
import * as z from 'zod/mini';
import type { DistrictConfig } from '../district/district-config.ts';
import { type RouteAccess, type RouteDeclaration, routeKey, routes } from '../topology/topology.ts';
import { type RouteContract, routeContracts } from './route-contracts.ts';

type JsonObject = Record<string, unknown>;

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) of a request (`input`) or response (`output`) schema. */
export function jsonSchemaOf(schema: z.core.$ZodType, io: 'input' | 'output' = 'input'): JsonObject {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonObject;
  return json;
}

const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details; `errors` names each field at fault.',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'pointer', 'code', 'detail'],
        properties: { field: { type: 'string' }, pointer: { type: 'string' }, code: { type: 'string' }, detail: { type: 'string' } },
      },
    },
  },
};

const open311ErrorsSchema = {
  type: 'array',
  description: 'Open311 GeoReport v2 errors (in XML: <errors><error><code/><description/></error></errors>).',
  items: { type: 'object', required: ['code', 'description'], properties: { code: { type: 'integer' }, description: { type: 'string' } } },
};

const groupsOf: Record<Exclude<RouteAccess, 'public'>, string[]> = {
  operators: ['operators'],
  partners: ['partners'],
  operatorsOrPartners: ['operators', 'partners'],
};

function problemResponse(description: string) {
  return { description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
}

function open311ErrorResponse(description: string) {
  return {
    description,
    content: { 'text/xml': { schema: { type: 'string' } }, 'application/json': { schema: { $ref: '#/components/schemas/Open311Errors' } } },
  };
}

function parametersOf(route: RouteDeclaration, contract: RouteContract): JsonObject[] {
  const parameters: JsonObject[] = [...route.path.matchAll(/\{(\w+)\+?\}/g)].map((match) => ({
    name: match[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  if (contract.query) {
    const query = jsonSchemaOf(contract.query);
    const properties = (query.properties ?? {}) as Record<string, JsonObject>;
    const required = new Set((query.required ?? []) as string[]);
    for (const [name, schema] of Object.entries(properties)) parameters.push({ name, in: 'query', required: required.has(name), schema });
  }
  if (contract.trackingToken) {
    parameters.push({ name: 'X-Tracking-Token', in: 'header', required: true, schema: { type: 'string' }, description: 'The tracking token POST /needs returned (跟踪令牌).' });
  }
  return parameters;
}

function operationOf(route: RouteDeclaration, contract: RouteContract): JsonObject {
  const success = contract.success ?? { status: 200 };
  const errors = (description: string) => (contract.open311 ? open311ErrorResponse(description) : problemResponse(description));
  const responses: JsonObject = {
    [success.status]: {
      description: 'Success (成功)',
      content: Object.fromEntries(
        (success.mediaTypes ?? ['application/json']).map((type) => [
          type,
          { schema: type !== 'application/json' ? { type: 'string' } : contract.response ? jsonSchemaOf(contract.response, 'output') : {} },
        ]),
      ),
    },
    400: errors('Bad input, naming each field (输入有误，逐项说明)'),
    500: errors('Our failure; nothing was saved (服务端错误，未保存任何内容)'),
  };
  if (route.access !== 'public') {
    responses[401] = problemResponse('No valid bearer token (未登录)');
    responses[403] = problemResponse(`Not in the ${groupsOf[route.access].join(' or ')} group (无权限)`);
  }
  if (route.path.includes('{') || contract.trackingToken || contract.open311) responses[404] = errors('Not found (未找到)');
  if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method) && !contract.open311) responses[409] = problemResponse('Conflicts with the current state (与当前状态冲突)');
  if (contract.open311 && route.method === 'POST') responses[403] = open311ErrorResponse('Missing or invalid api_key (api_key 无效)');

  const operation: JsonObject = {
    operationId: operationIdOf(route),
    summary: contract.zh,
    description: `${route.description}\n\n${contract.zh}`,
    tags: [tagOf(route)],
    parameters: parametersOf(route, contract),
    responses,
    security: route.access === 'public' ? (contract.trackingToken ? [{ trackingToken: [] }] : []) : [{ cognitoJwt: groupsOf[route.access] }],
  };
  if (contract.body) {
    const schema = jsonSchemaOf(contract.body);
    operation.requestBody = {
      required: !contract.bodyOptional,
      content: Object.fromEntries((contract.bodyTypes ?? ['application/json']).map((type) => [type, { schema: type === 'text/csv' ? { type: 'string' } : schema }])),
    };
  }
  return operation;
}

function operationIdOf(route: RouteDeclaration): string {
  const words = route.path
    .replace(/\.(xml|json)$/, (_, format: string) => `-as-${format}`)
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return [route.method.toLowerCase(), ...words.map((word) => word[0]?.toUpperCase() + word.slice(1))].join('');
}

function tagOf(route: RouteDeclaration): string {
  if (route.path.startsWith('/open311')) return 'Open311 GeoReport v2';
  if (route.path.startsWith('/reports')) return 'Reports (三张清单)';
  if (route.path.startsWith('/district')) return 'District settings';
  if (route.access === 'partners') return 'Partners (合伙人)';
  if (route.access === 'operators' || route.access === 'operatorsOrPartners') return 'Operators (运营)';
  return 'Residents (居民)';
}

/** Routes of the topology that have no contract: the document refuses to leave them out silently. */
export function undocumentedRoutes(declared: readonly RouteDeclaration[] = routes): string[] {
  return declared.map(routeKey).filter((key) => !routeContracts[key]);
}

export function openApiDocument(district: Pick<DistrictConfig, 'id' | 'name'>, declared: readonly RouteDeclaration[] = routes): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const route of declared) {
    const contract = routeContracts[routeKey(route)] ?? { zh: '（未记录）' };
    const path = route.path.replace(/\{(\w+)\+\}/g, '{$1}');
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operationOf(route, contract) };
  }
  return {
    openapi: '3.1.1',
    info: {
      title: `Community partners (社区合伙人) — ${district.name.zh} / ${district.name.en}`,
      version: '1',
      description:
        'Matches residents’ needs to community partners. Errors are RFC 9457 problem+json naming each field; Open311 routes answer in the GeoReport v2 error format.\n\n居民点单、社区接单、合伙人办单、居民评单。',
    },
    servers: [{ url: '/', description: `District ${district.id}` }],
    paths,
    components: {
      schemas: { Problem: problemSchema, Open311Errors: open311ErrorsSchema },
      securitySchemes: {
        cognitoJwt: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            "An access token of the district's identity provider; the roles listed per operation are its groups (operators, partners). Operators sign in with a second factor: with Cognito at the operators' own pool (MFA required), with another issuer a token showing it (`amr` listing `mfa` by default).",
        },
        trackingToken: { type: 'apiKey', in: 'header', name: 'X-Tracking-Token', description: 'The tracking token of one need (跟踪令牌).' },
      },
    },
  };
}
