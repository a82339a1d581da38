/**
 * Demo co-building units (共驻共建单位) for the `demo` district: the offices that take public problems
 * and unmatched needs when operators refer them. Fixed ids, so a restart finds them again.
 */
import type { CoBuildingUnit } from '#lib/units/co-building-unit.ts';

const seededAt = '2026-11-01T00:00:00.000Z';

export const demoUnits: CoBuildingUnit[] = [
  {
    id: 'demo-unit-chengguan',
    name: '东城街道城管中队',
    kind: 'government',
    contact: { name: '刘队长', phone: '0571-8700 1001' },
    topics: ['publicIssue'],
    version: 1,
    createdAt: seededAt,
    updatedAt: seededAt,
  },
  {
    id: 'demo-unit-sifasuo',
    name: '东城司法所',
    kind: 'government',
    contact: { name: '陈所长', phone: '0571-8700 1002' },
    topics: ['legalAdvice', 'mediation'],
    version: 1,
    createdAt: seededAt,
    updatedAt: seededAt,
  },
  {
    id: 'demo-unit-weisheng',
    name: '东城街道社区卫生服务中心',
    kind: 'publicInstitution',
    contact: { name: '周医生', phone: '0571-8700 1003' },
    topics: ['medicalService', 'homeCare', 'physiotherapy'],
    version: 1,
    createdAt: seededAt,
    updatedAt: seededAt,
  },
];
