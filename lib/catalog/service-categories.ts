/**
 * The service categories named in the program's source texts (see shared/domain.md), with the
 * zh-CN labels residents see. `publicIssue` is not a service: such needs are escalated to
 * operators and co-building units, never offered to a partner.
 */
export interface ServiceCategory {
  code: string;
  label: { zh: string; en: string };
  /** Needs of this category go to operators, not to the partner matcher. */
  escalateOnly?: boolean;
}

export const serviceCategories = [
  { code: 'mealAssistance', label: { zh: '助餐', en: 'Meal assistance' } },
  { code: 'homeCare', label: { zh: '居家上门照护', en: 'Home care for the elderly' } },
  { code: 'hospitalEscort', label: { zh: '陪诊', en: 'Hospital escort' } },
  { code: 'childcare', label: { zh: '托育托管', en: 'Childcare and after-school care' } },
  { code: 'housekeeping', label: { zh: '家政', en: 'Housekeeping' } },
  { code: 'repairs', label: { zh: '维修', en: 'Repairs' } },
  { code: 'haircut', label: { zh: '义剪', en: 'Free haircut' } },
  { code: 'mediation', label: { zh: '调解', en: 'Dispute mediation' } },
  { code: 'legalAdvice', label: { zh: '法律咨询', en: 'Legal consultation' } },
  { code: 'medicalService', label: { zh: '医疗服务', en: 'Medical service' } },
  { code: 'maternalInfantCare', label: { zh: '母婴护理咨询', en: 'Maternal and infant care advice' } },
  { code: 'employmentAdvice', label: { zh: '就业创业指导', en: 'Employment and start-up advice' } },
  { code: 'skillsTraining', label: { zh: '技能培训', en: 'Skills training' } },
  { code: 'laundry', label: { zh: '洗衣', en: 'Laundry of large items' } },
  { code: 'tailoring', label: { zh: '缝补', en: 'Mending and tailoring' } },
  { code: 'proxyPaperwork', label: { zh: '代办', en: 'Proxy paperwork at home' } },
  { code: 'counselling', label: { zh: '心理咨询', en: 'Psychological counselling' } },
  { code: 'freshProduce', label: { zh: '果蔬配送', en: 'Fresh produce' } },
  { code: 'physiotherapy', label: { zh: '理疗', en: 'Physiotherapy' } },
  { code: 'publicIssue', label: { zh: '公共问题反映', en: 'Public problem report' }, escalateOnly: true },
] as const satisfies readonly ServiceCategory[];

export type ServiceCategoryCode = (typeof serviceCategories)[number]['code'];

export const serviceCategoryCodes = serviceCategories.map((category) => category.code) as [
  ServiceCategoryCode,
  ...ServiceCategoryCode[],
];
