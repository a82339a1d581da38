/**
 * Demo partners for the `demo` district (communities hehua, liuyin, taoyuan): the three kinds,
 * the main service categories, duty rosters in the style of the programme's sources (Monday
 * afternoon maternal and infant care advice, Wednesday medical service, Friday employment and legal
 * advice), an always-available volunteer team, an overnight carer and a holiday closure. All active
 * except one vetted and one suspended. Validated with partnerSchema when this module loads.
 */
import { type Partner, type PartnerInput, partnerSchema } from '#lib/partners/partner.ts';

/**
 * Li Jianguo's webhook goes to the local receiver that `npm start` runs with WEBHOOK_RECEIVER_PORT
 * set (infra/local/webhook-receiver.ts), which checks signatures with this fixed, public demo secret.
 */
export const demoWebhookSecret = 'whsec_Y29tbXVuaXR5LXBhcnRuZXJzLWRlbW8tc2VjcmV0ISE=';
export const demoWebhookReceiverPort = Number(process.env.WEBHOOK_RECEIVER_PORT || 3900);

const weekdays = [1, 2, 3, 4, 5];
const everyDay = [1, 2, 3, 4, 5, 6, 7];

const demoPartnerInputs: PartnerInput[] = [
  {
    id: 'demo-wang-xiulan',
    kind: 'individual',
    name: { zh: '王秀兰', en: 'Wang Xiulan' },
    status: 'active',
    capabilities: [
      { category: 'maternalInfantCare', skillLevel: 5 },
      { category: 'homeCare', skillLevel: 4 },
    ],
    serviceArea: { communities: ['hehua'] },
    capacity: 3,
    priceMode: 'free',
    homeVisits: true,
    schedule: {
      weekly: [
        { day: 1, from: '14:00', to: '17:00', categories: ['maternalInfantCare'] },
        { day: 4, from: '09:00', to: '11:30', categories: ['homeCare'] },
      ],
    },
    contact: { name: '王秀兰', phone: '13800000001' },
  },
  {
    id: 'demo-dongcheng-clinic',
    kind: 'business',
    name: { zh: '东城街道社区卫生服务站', en: 'Dongcheng Community Health Station' },
    status: 'active',
    capabilities: [
      { category: 'medicalService', skillLevel: 5 },
      { category: 'hospitalEscort', skillLevel: 3 },
    ],
    serviceArea: { communities: ['hehua', 'liuyin'] },
    base: { lat: 30.2768, lng: 120.1589 },
    capacity: 10,
    priceMode: 'lowCost',
    homeVisits: true,
    schedule: {
      weekly: [
        { day: 3, from: '08:30', to: '11:30', categories: ['medicalService'] },
        { day: 3, from: '14:00', to: '17:00', categories: ['medicalService'] },
        { day: 2, from: '08:00', to: '12:00', categories: ['hospitalEscort'] },
      ],
      exceptions: [{ date: '2026-10-01', available: false, reason: '国庆节休息' }],
    },
    contact: { name: '赵医生', phone: '13800000002' },
  },
  {
    id: 'demo-minsheng-law',
    kind: 'business',
    name: { zh: '民生律师事务所', en: 'Minsheng Law Firm' },
    status: 'active',
    capabilities: [{ category: 'legalAdvice', skillLevel: 5 }],
    serviceArea: { communities: ['hehua', 'liuyin', 'taoyuan'] },
    capacity: 5,
    priceMode: 'free',
    homeVisits: false,
    schedule: { weekly: [{ day: 5, from: '14:00', to: '17:00', categories: ['legalAdvice'] }] },
    contact: { name: '孙律师', phone: '13800000003' },
  },
  {
    id: 'demo-dongcheng-jobs',
    kind: 'communityGroup',
    name: { zh: '东城街道就业创业服务站', en: 'Dongcheng Employment Service Station' },
    status: 'active',
    capabilities: [
      { category: 'employmentAdvice', skillLevel: 4 },
      { category: 'proxyPaperwork', skillLevel: 3 },
    ],
    serviceArea: { communities: ['hehua', 'liuyin'] },
    capacity: 8,
    priceMode: 'free',
    homeVisits: false,
    schedule: {
      weekly: [
        { day: 5, from: '09:00', to: '11:30', categories: ['employmentAdvice'] },
        { day: 2, from: '14:00', to: '17:00', categories: ['proxyPaperwork'] },
        { day: 4, from: '14:00', to: '17:00', categories: ['proxyPaperwork'] },
      ],
    },
    contact: { name: '周主任', phone: '13800000004' },
  },
  {
    id: 'demo-hehua-volunteers',
    kind: 'communityGroup',
    name: { zh: '荷花社区党员志愿服务队', en: 'Hehua Volunteer Team' },
    status: 'active',
    capabilities: [
      { category: 'mealAssistance', skillLevel: 3 },
      { category: 'proxyPaperwork', skillLevel: 3 },
      { category: 'hospitalEscort', skillLevel: 3 },
    ],
    serviceArea: { communities: ['hehua'] },
    capacity: 20,
    priceMode: 'free',
    homeVisits: true,
    schedule: { alwaysAvailable: true },
    contact: { name: '吴队长', phone: '13800000005' },
  },
  {
    id: 'demo-li-jianguo',
    kind: 'individual',
    name: { zh: '李建国', en: 'Li Jianguo' },
    status: 'active',
    capabilities: [{ category: 'repairs', skillLevel: 4 }],
    serviceArea: { grids: ['hehua-2', 'hehua-3'] },
    capacity: 2,
    priceMode: 'lowCost',
    homeVisits: true,
    schedule: {
      weekly: [
        { day: 6, from: '09:00', to: '18:00' },
        { day: 7, from: '09:00', to: '18:00' },
      ],
    },
    contact: { name: '李建国', phone: '13800000006' },
    notificationChannels: [
      { type: 'webhook', url: `http://127.0.0.1:${demoWebhookReceiverPort}/webhooks/demo-li-jianguo`, secret: demoWebhookSecret },
    ],
  },
  {
    id: 'demo-zhang-haircut',
    kind: 'individual',
    name: { zh: '张师傅义剪', en: 'Master Zhang Free Haircuts' },
    status: 'active',
    capabilities: [{ category: 'haircut', skillLevel: 4 }],
    serviceArea: { grids: ['liuyin-1'] },
    capacity: 6,
    priceMode: 'free',
    homeVisits: true,
    schedule: { weekly: [{ day: 2, from: '09:00', to: '11:00' }] },
    contact: { name: '张卫东', phone: '13800000007' },
  },
  {
    id: 'demo-xinyue-housekeeping',
    kind: 'business',
    name: { zh: '馨悦家政服务有限公司', en: 'Xinyue Housekeeping Co.' },
    status: 'active',
    capabilities: [
      { category: 'housekeeping', skillLevel: 4 },
      { category: 'homeCare', skillLevel: 3 },
      { category: 'laundry', skillLevel: 3 },
    ],
    serviceArea: { radiusKm: 3 },
    base: { lat: 30.279, lng: 120.16 },
    capacity: 15,
    priceMode: 'market',
    homeVisits: true,
    schedule: { weekly: [1, 2, 3, 4, 5, 6].map((day) => ({ day, from: '08:00', to: '20:00' })) },
    contact: { name: '钱经理', phone: '13800000008' },
  },
  {
    id: 'demo-taoyuan-canteen',
    kind: 'business',
    name: { zh: '桃园社区长者食堂', en: 'Taoyuan Seniors Canteen' },
    status: 'active',
    capabilities: [{ category: 'mealAssistance', skillLevel: 5 }],
    serviceArea: { communities: ['taoyuan'] },
    base: { lat: 30.2661, lng: 120.1411 },
    capacity: 40,
    priceMode: 'lowCost',
    homeVisits: true,
    schedule: {
      weekly: everyDay.flatMap((day) => [
        { day, from: '10:30', to: '13:00' },
        { day, from: '16:30', to: '18:30' },
      ]),
      exceptions: [{ date: '2027-02-05', available: true, slots: [{ from: '10:30', to: '13:00' }], reason: '除夕只供午餐' }],
    },
    contact: { name: '郑师傅', phone: '13800000009' },
  },
  {
    id: 'demo-chen-jing',
    kind: 'individual',
    name: { zh: '陈静', en: 'Chen Jing' },
    status: 'vetted',
    capabilities: [{ category: 'counselling', skillLevel: 5 }],
    serviceArea: { communities: ['liuyin', 'taoyuan'] },
    capacity: 4,
    priceMode: 'free',
    homeVisits: false,
    schedule: { weekly: [{ day: 4, from: '19:00', to: '21:00' }] },
    contact: { name: '陈静', phone: '13800000010' },
  },
  {
    id: 'demo-liu-fang',
    kind: 'individual',
    name: { zh: '刘芳', en: 'Liu Fang' },
    status: 'active',
    capabilities: [
      { category: 'homeCare', skillLevel: 4 },
      { category: 'hospitalEscort', skillLevel: 4 },
    ],
    serviceArea: { communities: ['liuyin', 'taoyuan'] },
    capacity: 2,
    priceMode: 'market',
    homeVisits: true,
    schedule: {
      weekly: [
        ...weekdays.map((day) => ({ day, from: '08:00', to: '12:00', categories: ['hospitalEscort' as const] })),
        { day: 6, from: '22:00', to: '06:00', categories: ['homeCare'] },
      ],
    },
    contact: { name: '刘芳', phone: '13800000011' },
  },
  {
    id: 'demo-sunshine-childcare',
    kind: 'business',
    name: { zh: '阳光托育中心', en: 'Sunshine Childcare Centre' },
    status: 'suspended',
    capabilities: [{ category: 'childcare', skillLevel: 5 }],
    serviceArea: { communities: ['liuyin'] },
    capacity: 12,
    priceMode: 'lowCost',
    homeVisits: false,
    schedule: { weekly: weekdays.map((day) => ({ day, from: '16:00', to: '19:00' })) },
    contact: { name: '冯园长', phone: '13800000012' },
  },
];

export const demoPartners: Partner[] = demoPartnerInputs.map((input) => partnerSchema.parse(input));
