/**
 * The district as one Open311 jurisdiction (`jurisdiction_id` = the district id): one service per
 * enabled category (service_code = the category code), each with the attributes a need carries
 * beyond the standard's fields: the community (required), the grid, urgency, special groups and the
 * resident's consent.
 */
import type { DistrictConfig } from '../district/district-config.ts';
import { enabledCategories } from '../district/district-lookups.ts';
import { specialGroups, urgencies } from '../needs/need-submission.ts';
import type { Open311Value } from './open311-format.ts';

export const attributeCodes = { community: 'community', grid: 'grid', urgency: 'urgency', specialGroups: 'special_groups', consent: 'consent' } as const;

/**
 * What the resident agreed to when the 311 operator asked (PIPL: sensitive information needs its own
 * consent): `personal_info`, the contact for this need; `sensitive`, that and the sensitive special
 * groups (disabled, seriously ill, a child aged 0-3). Without `sensitive` those groups are left out.
 */
export const consentValues = {
  personal_info: { personalInfo: true, sensitive: false },
  sensitive: { personalInfo: true, sensitive: true },
} as const;
export type ConsentValue = keyof typeof consentValues;

const specialGroupNames: Record<(typeof specialGroups)[number], string> = {
  elderly80: '80岁以上老人 (over 80)',
  livingAlone: '独居老人 (elderly living alone)',
  disabled: '残疾人 (disabled)',
  seriouslyIll: '重病患者 (seriously ill)',
  infant: '0-3岁婴幼儿家庭 (family with a child aged 0-3)',
};

const urgencyNames: Record<(typeof urgencies)[number], string> = { normal: '一般 (normal)', urgent: '紧急 (urgent)' };

export function open311Services(district: DistrictConfig) {
  return enabledCategories(district).map((category) => ({
    service_code: category.code,
    service_name: category.label.zh,
    description: category.label.en,
    metadata: true,
    type: 'realtime',
    keywords: `${category.label.zh}, ${category.label.en}`,
    group: 'escalateOnly' in category ? 'public problems' : 'community services',
  }));
}

export function findService(district: DistrictConfig, serviceCode: string) {
  return open311Services(district).find((service) => service.service_code === serviceCode);
}

type Attribute = {
  variable: boolean;
  code: string;
  datatype: 'string' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values: Array<{ key: string; name: string }>;
};

export function serviceAttributes(district: DistrictConfig): Attribute[] {
  return [
    {
      variable: true,
      code: attributeCodes.community,
      datatype: 'singlevaluelist',
      required: true,
      datatype_description: null,
      order: 1,
      description: '所在社区 (community)',
      values: district.communities.map((community) => ({ key: community.id, name: `${community.name.zh} (${community.name.en})` })),
    },
    {
      variable: true,
      code: attributeCodes.grid,
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: null,
      order: 2,
      description: '所在网格 (grid, inside the community)',
      values: district.communities.flatMap((community) => community.grids.map((grid) => ({ key: grid.id, name: `${community.name.zh} ${grid.name.zh}` }))),
    },
    {
      variable: true,
      code: attributeCodes.urgency,
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: null,
      order: 3,
      description: '紧急程度 (urgency; normal when not given)',
      values: urgencies.map((key) => ({ key, name: urgencyNames[key] })),
    },
    {
      variable: true,
      code: attributeCodes.specialGroups,
      datatype: 'multivaluelist',
      required: false,
      datatype_description: null,
      order: 4,
      description: '特殊群体 (special groups: served first, at home where needed)',
      values: specialGroups.map((key) => ({ key, name: specialGroupNames[key] })),
    },
    {
      variable: true,
      code: attributeCodes.consent,
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: null,
      order: 5,
      description:
        '居民同意 (what the resident agreed to: the contact goes only to the partner who takes this need; the sensitive groups disabled, seriously ill and 0-3 need their own consent, "sensitive", or they are left out of the need)',
      values: [
        { key: 'personal_info', name: '同意提供联系方式用于本次服务 (contact shared for this need)' },
        { key: 'sensitive', name: '另同意提供敏感信息：残疾、重病、0-3岁婴幼儿 (also the sensitive special groups)' },
      ],
    },
  ];
}

/** The service definition in JSON's shape and in XML's (lists wrapped: attributes/attribute, values/value). */
export function serviceDefinition(district: DistrictConfig, serviceCode: string): { json: Record<string, Open311Value>; xml: Record<string, Open311Value> } {
  const attributes = serviceAttributes(district);
  return {
    json: { service_code: serviceCode, attributes },
    xml: {
      service_code: serviceCode,
      attributes: { attribute: attributes.map((attribute) => ({ ...attribute, values: { value: attribute.values } })) },
    },
  };
}

export function discovery(district: DistrictConfig, baseUrl: string, changeset: string) {
  return {
    changeset,
    contact: `${district.name.zh} (${district.name.en}) — jurisdiction_id ${district.id}`,
    key_service: 'Ask the district operators for an api_key (needed only when the district sets keys).',
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${baseUrl}/open311/v2`,
        changeset,
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}
