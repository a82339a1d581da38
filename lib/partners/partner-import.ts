/**
 * The partner roster as community offices keep it in a spreadsheet, read from CSV (UTF-8, BOM
 * tolerated) into profile changes, row by row: a bad row is reported with its reasons and never
 * stops the others. Headers may be Chinese or English (see `columns`); values may be Chinese
 * labels or the API's codes. Pure: parsing and mapping only; ./import-partners.ts writes.
 *
 * A row names a partner by its `id`; without one, the id is derived from name + phone, so
 * importing the same file twice updates rather than duplicates. On update only the non-empty cells
 * change the profile; a new partner needs every required column, starts `applied` unless the
 * 状态/status column says otherwise, and is checked against the district like POST /partners.
 */
import { createHash } from 'node:crypto';
import { serviceCategories } from '../catalog/service-categories.ts';
import { type FieldProblem, InvalidInput } from '../common/domain-errors.ts';
import type { DistrictConfig } from '../district/district-config.ts';
import { fieldProblemFromIssue } from '../http/validate.ts';
import type { AdmissionStatus } from './admission.ts';
import { mergePatch } from './merge-patch.ts';
import { csvRecords } from './csv-records.ts';
import { type Partner, partnerSchema } from './partner.ts';
import { checkPartnerAgainstDistrict, reservedPartnerIds } from './partner-edits.ts';

export type ColumnKey =
  | 'id'
  | 'name'
  | 'nameEn'
  | 'kind'
  | 'capabilities'
  | 'communities'
  | 'grids'
  | 'capacity'
  | 'priceMode'
  | 'homeVisits'
  | 'schedule'
  | 'contactName'
  | 'phone'
  | 'status';

/** The headers each column is known by; the first is the name used in reports when the file has no such column. */
export const columns: Readonly<Record<ColumnKey, readonly string[]>> = {
  id: ['编号', 'id', '合伙人编号'],
  name: ['名称', 'name', '姓名', '合伙人名称', '单位名称'],
  nameEn: ['英文名称', 'nameEn', 'englishName'],
  kind: ['类型', 'kind', '合伙人类型', 'type'],
  capabilities: ['服务类别', 'capabilities', '服务项目', 'services'],
  communities: ['服务社区', 'communities', '社区'],
  grids: ['服务网格', 'grids', '网格'],
  capacity: ['容量', 'capacity', '同时接单数'],
  priceMode: ['收费方式', 'priceMode', '收费'],
  homeVisits: ['上门', 'homeVisits', '上门服务'],
  schedule: ['值班', 'schedule', '值班时间', '值班表'],
  contactName: ['联系人', 'contactName', 'contact'],
  phone: ['电话', 'phone', '联系电话', '手机', 'mobile'],
  status: ['状态', 'status', '准入状态'],
};

export interface ImportProblem extends FieldProblem {
  /** The column at fault as the file names it (or its usual Chinese name when the file lacks it). */
  column: string;
}

export interface ImportRow {
  /** Line of the file where the row starts (the header is line 1). */
  line: number;
  id?: string;
  /** Whether the id came from the id column or was derived from name and phone. */
  idSource?: 'column' | 'nameAndPhone';
  name?: string;
  /** A JSON merge patch of the profile: only the cells the row fills. */
  patch: Record<string, unknown>;
  status?: AdmissionStatus;
  problems: ImportProblem[];
}

export interface ParsedImport {
  rows: ImportRow[];
  /** Column keys to the headers as the file writes them. */
  headers: Partial<Record<ColumnKey, string>>;
  /** Headers the import does not know: their cells are ignored. */
  ignoredColumns: string[];
}

/** Reads the CSV into rows. Throws InvalidInput (field `csv`) only when the file as a whole cannot be used. */
export function parsePartnerCsv(text: string, district: DistrictConfig): ParsedImport {
  if (text.includes('\uFFFD')) throw fileProblem('not_utf8', 'the file is not UTF-8: save it as "CSV UTF-8" (Excel) or convert it');
  const [header, ...records] = csvRecords(text);
  if (!header || header.error) throw fileProblem('no_header', 'the first line must name the columns, e.g. 名称,类型,服务类别,…');
  const headers: Partial<Record<ColumnKey, string>> = {};
  const keyAt: Array<ColumnKey | undefined> = [];
  const ignoredColumns: string[] = [];
  header.cells.forEach((cell, index) => {
    const key = columnOfHeader(cell);
    if (key && headers[key]) throw fileProblem('duplicate_column', `columns "${headers[key]}" and "${cell}" are the same column`);
    if (key) headers[key] = cell.trim();
    else if (cell.trim()) ignoredColumns.push(cell.trim());
    keyAt[index] = key;
  });
  if (!headers.name && !headers.id)
    throw fileProblem('no_name_column', 'no 名称/name or 编号/id column: is this the partner roster, saved as CSV?');

  const rows: ImportRow[] = [];
  for (const record of records) {
    if (record.error) {
      rows.push({
        line: record.line,
        patch: {},
        problems: [{ field: '(row)', column: '(row)', code: 'malformed_csv', detail: record.error }],
      });
      continue;
    }
    const cells: Partial<Record<ColumnKey, string>> = {};
    record.cells.forEach((cell, index) => {
      const key = keyAt[index];
      const value = cell.normalize('NFKC').trim();
      if (key && value) cells[key] = value;
    });
    if (Object.keys(cells).length === 0) continue;
    rows.push(mapRow(record.line, cells, headers, district));
  }
  return { rows, headers, ignoredColumns };
}

/**
 * The partner a row describes: the row's patch applied to the existing profile, or to a new one,
 * validated as a whole with partnerSchema and the district's checks. The status is left as it is
 * (or the row's, for a new partner): changing a known partner's status is an admission move.
 */
export function importedPartner(
  row: ImportRow,
  existing: Partner | undefined,
  headers: ParsedImport['headers'],
  district: DistrictConfig,
): { partner: Partner } | { problems: ImportProblem[] } {
  const base = existing ?? { id: row.id, status: row.status ?? 'applied', serviceArea: {}, schedule: {} };
  const result = partnerSchema.safeParse(mergePatch(base, row.patch));
  if (!result.success) return { problems: result.error.issues.map((issue) => withColumn(fieldProblemFromIssue(issue), headers)) };
  const problems = checkPartnerAgainstDistrict(result.data, district).map((problem) => withColumn(problem, headers));
  return problems.length > 0 ? { problems } : { partner: result.data };
}

/** The column(s) a row's id comes from, for reports about the row as a whole partner. */
export function idColumns(row: ImportRow, headers: ParsedImport['headers']): string {
  return row.idSource === 'column' ? columnName('id', headers) : `${columnName('name', headers)}+${columnName('phone', headers)}`;
}

export function columnName(key: ColumnKey, headers: ParsedImport['headers']): string {
  return headers[key] ?? columns[key][0] ?? key;
}

/** The column a profile field comes from, for reports. */
export function columnOfField(field: string): ColumnKey | undefined {
  const prefixes: Array<[string, ColumnKey]> = [
    ['id', 'id'],
    ['name.en', 'nameEn'],
    ['name', 'name'],
    ['kind', 'kind'],
    ['capabilities', 'capabilities'],
    ['serviceArea.grids', 'grids'],
    ['serviceArea', 'communities'],
    ['capacity', 'capacity'],
    ['priceMode', 'priceMode'],
    ['homeVisits', 'homeVisits'],
    ['schedule', 'schedule'],
    ['contact.phone', 'phone'],
    ['contact', 'contactName'],
    ['status', 'status'],
  ];
  return prefixes.find(([prefix]) => field === prefix || field.startsWith(`${prefix}.`))?.[1];
}

export function withColumn(problem: FieldProblem, headers: ParsedImport['headers']): ImportProblem {
  const key = columnOfField(problem.field);
  return { ...problem, column: key ? columnName(key, headers) : '(not in the file)' };
}

/** Ids derived from the name and the phone: the same partner in two imports gets the same id. */
export function derivedPartnerId(name: string, phone: string): string {
  const digits = phone.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  return `p-${createHash('sha256').update(`${name}|${digits}`).digest('hex').slice(0, 16)}`;
}

function mapRow(
  line: number,
  cells: Partial<Record<ColumnKey, string>>,
  headers: ParsedImport['headers'],
  district: DistrictConfig,
): ImportRow {
  const problems: ImportProblem[] = [];
  const patch: Record<string, unknown> = {};
  const problem = (key: ColumnKey, field: string, code: string, detail: string) =>
    problems.push({ field, column: columnName(key, headers), code, detail });
  const take = <T>(key: ColumnKey, field: string, read: (cell: string) => Reading<T>, apply: (value: T) => void) => {
    const cell = cells[key];
    if (cell === undefined) return;
    const reading = read(cell);
    if ('problem' in reading) problem(key, field, 'invalid_value', reading.problem);
    else apply(reading.value);
  };
  const name: Record<string, string> = {};
  const contact: Record<string, string> = {};
  const serviceArea: Record<string, string[]> = {};
  if (cells.name) name.zh = cells.name;
  if (cells.nameEn) name.en = cells.nameEn;
  take(
    'kind',
    'kind',
    (cell) => lookUp(cell, kindWords, '个体/商企/社群 or individual/business/communityGroup'),
    (kind) => (patch.kind = kind),
  );
  take('capabilities', 'capabilities', readCapabilities, (capabilities) => (patch.capabilities = capabilities));
  take(
    'communities',
    'serviceArea.communities',
    (cell) => readCommunities(cell, district),
    (ids) => (serviceArea.communities = ids),
  );
  take(
    'grids',
    'serviceArea.grids',
    (cell) => readGrids(cell, district),
    (ids) => (serviceArea.grids = ids),
  );
  take('capacity', 'capacity', readWholeNumber, (capacity) => (patch.capacity = capacity));
  take(
    'priceMode',
    'priceMode',
    (cell) => lookUp(cell, priceWords, '公益/低偿/市场 or free/lowCost/market'),
    (mode) => (patch.priceMode = mode),
  );
  take(
    'homeVisits',
    'homeVisits',
    (cell) => lookUp(cell, yesNoWords, '是 or 否'),
    (homeVisits) => (patch.homeVisits = homeVisits),
  );
  take('schedule', 'schedule', readSchedule, (schedule) => (patch.schedule = schedule));
  let status: AdmissionStatus | undefined;
  take(
    'status',
    'status',
    (cell) => lookUp(cell, statusWords, '申请/已审核/在册/暂停 or applied/vetted/active/suspended'),
    (value) => (status = value),
  );
  if (cells.contactName) contact.name = cells.contactName;
  if (cells.phone) contact.phone = cells.phone;
  if (Object.keys(name).length > 0) patch.name = name;
  if (Object.keys(contact).length > 0) patch.contact = contact;
  if (Object.keys(serviceArea).length > 0) patch.serviceArea = serviceArea;

  let id = cells.id;
  if (id && reservedPartnerIds.includes(id)) problem('id', 'id', 'invalid_value', `"${id}" names a route and cannot be an id`);
  if (!id) {
    if (cells.name && cells.phone) id = derivedPartnerId(cells.name, cells.phone);
    else {
      if (!cells.name) problem('name', 'name.zh', 'required', 'is required (or give an id)');
      if (!cells.phone) problem('phone', 'contact.phone', 'required', 'is required (or give an id)');
    }
  }
  return {
    line,
    ...(id ? { id, idSource: cells.id ? ('column' as const) : ('nameAndPhone' as const) } : {}),
    ...(cells.name ? { name: cells.name } : {}),
    patch,
    ...(status ? { status } : {}),
    problems,
  };
}

type Reading<T> = { value: T } | { problem: string };

function lookUp<T>(cell: string, words: ReadonlyMap<string, T>, expected: string): Reading<T> {
  const value = words.get(wordKey(cell));
  return value === undefined ? { problem: `"${cell}" is not one of ${expected}` } : { value };
}

function wordKey(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s_-]/g, '')
    .toLowerCase();
}

function wordMap<T>(entries: Array<[T, string[]]>): ReadonlyMap<string, T> {
  return new Map(entries.flatMap(([value, words]) => words.map((word) => [wordKey(word), value] as const)));
}

const kindWords = wordMap([
  ['individual', ['individual', '个体', '个体型', '个人']],
  ['business', ['business', '商企', '商企型', '企业', '商户']],
  ['communityGroup', ['communityGroup', '社群', '社群型', '社会组织', '志愿团队', '单位']],
]);

const priceWords = wordMap([
  ['free', ['free', '公益', '免费']],
  ['lowCost', ['lowCost', '低偿', '低价']],
  ['market', ['market', '市场', '市场价']],
]);

const yesNoWords = wordMap([
  [true, ['是', '有', '可', '可以', 'y', 'yes', 'true', '1', '√']],
  [false, ['否', '无', '不', '不可', 'n', 'no', 'false', '0', '×']],
]);

const statusWords = wordMap<AdmissionStatus>([
  ['applied', ['applied', '申请', '已申请', '待审核']],
  ['vetted', ['vetted', '已审核', '审核通过']],
  ['active', ['active', '在册', '正常', '启用', '已准入']],
  ['suspended', ['suspended', '暂停', '停用']],
]);

/** Short forms offices write for the catalog's categories (see shared/domain.md). */
const categoryAliases: Record<string, string[]> = {
  childcare: ['托育', '托管'],
  employmentAdvice: ['就业创业', '就业'],
  freshProduce: ['果蔬'],
  homeCare: ['居家照护', '上门照护', '居家上门'],
  haircut: ['理发'],
  medicalService: ['医疗'],
  legalAdvice: ['法律'],
  maternalInfantCare: ['母婴护理', '母婴'],
  counselling: ['心理疏导'],
};

const categoryWords = wordMap(
  serviceCategories.map((category): [string, string[]] => [
    category.code,
    [category.code, category.label.zh, category.label.en, ...(categoryAliases[category.code] ?? [])],
  ]),
);

function readCapabilities(cell: string): Reading<Array<{ category: string; skillLevel: number }>> {
  const capabilities: Array<{ category: string; skillLevel: number }> = [];
  for (const item of splitList(cell, /[;,、\n]+/)) {
    const match = /^(.+?)\s*:\s*(\d+)$/.exec(item);
    if (!match?.[1] || !match[2]) return { problem: `"${item}": write category:level (1–5), e.g. 维修:4` };
    const category = categoryWords.get(wordKey(match[1]));
    if (!category) return { problem: `"${match[1]}" is not a known service category` };
    const skillLevel = Number(match[2]);
    if (skillLevel < 1 || skillLevel > 5) return { problem: `"${item}": the level is 1 to 5` };
    capabilities.push({ category, skillLevel });
  }
  return { value: capabilities };
}

function readCommunities(cell: string, district: DistrictConfig): Reading<string[]> {
  const words = wordMap(
    district.communities.map((community): [string, string[]] => [
      community.id,
      [community.id, community.name.zh, community.name.zh.replace(/社区$/, '')],
    ]),
  );
  return readIds(cell, words, 'community');
}

function readGrids(cell: string, district: DistrictConfig): Reading<string[]> {
  const words = wordMap(
    district.communities.flatMap((community) => community.grids.map((grid): [string, string[]] => [grid.id, [grid.id, grid.name.zh]])),
  );
  return readIds(cell, words, 'grid');
}

function readIds(cell: string, words: ReadonlyMap<string, string>, what: string): Reading<string[]> {
  const ids: string[] = [];
  for (const item of splitList(cell, /[;,、/\s\n]+/)) {
    const id = words.get(wordKey(item));
    if (!id) return { problem: `"${item}" is not a ${what} of this district` };
    if (!ids.includes(id)) ids.push(id);
  }
  return { value: ids };
}

function readWholeNumber(cell: string): Reading<number> {
  return /^\d{1,6}$/.test(cell) ? { value: Number(cell) } : { problem: `"${cell}" is not a whole number` };
}

const alwaysWords = new Set(['随时', '全天', '全天候', '24小时', 'always', 'anytime', '24/7'].map(wordKey));

const dayWords = wordMap<number[]>([
  [[1], ['周一', '星期一', '礼拜一', 'mon', 'monday']],
  [[2], ['周二', '星期二', '礼拜二', 'tue', 'tues', 'tuesday']],
  [[3], ['周三', '星期三', '礼拜三', 'wed', 'wednesday']],
  [[4], ['周四', '星期四', '礼拜四', 'thu', 'thur', 'thurs', 'thursday']],
  [[5], ['周五', '星期五', '礼拜五', 'fri', 'friday']],
  [[6], ['周六', '星期六', '礼拜六', 'sat', 'saturday']],
  [[7], ['周日', '周天', '星期日', '星期天', '礼拜日', '礼拜天', 'sun', 'sunday']],
  [
    [1, 2, 3, 4, 5, 6, 7],
    ['每天', '每日', 'daily', 'everyday'],
  ],
  [
    [1, 2, 3, 4, 5],
    ['工作日', 'weekdays'],
  ],
  [
    [6, 7],
    ['周末', 'weekend', 'weekends'],
  ],
]);

const slotPattern = /^(?<days>\D+?)\s*(?<from>\d{1,2}:\d{2})\s*(?:-|–|—|~|至|到)\s*(?<to>\d{1,2}:\d{2})\s*(?<categories>.*)$/;

interface SlotReading {
  day: number;
  from: string;
  to: string;
  categories?: string[];
}

/** `周一 14:00-17:00; 周三至周五 08:30-11:30 维修`, or `随时` for always available. */
function readSchedule(cell: string): Reading<{ weekly: SlotReading[]; alwaysAvailable: boolean }> {
  if (alwaysWords.has(wordKey(cell))) return { value: { weekly: [], alwaysAvailable: true } };
  const weekly: SlotReading[] = [];
  for (const item of splitList(cell, /[;,\n]+/)) {
    const match = slotPattern.exec(item);
    const days = match?.groups?.days ? readDays(match.groups.days) : undefined;
    if (!match?.groups || !days) return { problem: `"${item}" is not a day and time range like 周一 14:00-17:00` };
    const categories: string[] = [];
    for (const label of splitList(match.groups.categories ?? '', /[、/+\s()（）]+/)) {
      const category = categoryWords.get(wordKey(label));
      if (!category) return { problem: `"${label}" in "${item}" is not a known service category` };
      categories.push(category);
    }
    const from = padClock(match.groups.from ?? '');
    const to = padClock(match.groups.to ?? '');
    for (const day of days) weekly.push({ day, from, to, ...(categories.length > 0 ? { categories } : {}) });
  }
  return { value: { weekly, alwaysAvailable: false } };
}

function readDays(text: string): number[] | undefined {
  const days: number[] = [];
  const joined = text.replace(/\s*(至|到|-|–|—|~)\s*/g, '至').trim();
  for (const part of splitList(joined, /[、,/和&\s]+/)) {
    const [first, last, ...rest] = part.split('至');
    const start = first ? dayWords.get(wordKey(first)) : undefined;
    if (!start || rest.length > 0) return undefined;
    if (last === undefined) {
      days.push(...start);
      continue;
    }
    const end = dayWords.get(wordKey(last));
    if (!end || start.length !== 1 || end.length !== 1 || start[0] === undefined || end[0] === undefined) return undefined;
    // 周五至周一 wraps over the weekend.
    for (let day = start[0]; ; day = (day % 7) + 1) {
      days.push(day);
      if (day === end[0]) break;
    }
  }
  return days.length > 0 ? [...new Set(days)] : undefined;
}

function padClock(time: string): string {
  return time.length === 4 ? `0${time}` : time;
}

function splitList(cell: string, separators: RegExp): string[] {
  return cell
    .split(separators)
    .map((item) => item.trim())
    .filter(Boolean);
}

function columnOfHeader(header: string): ColumnKey | undefined {
  const key = wordKey(header.replace(/[(（].*?[)）]/g, ''));
  if (!key) return undefined;
  return (Object.keys(columns) as ColumnKey[]).find((column) => columns[column].some((name) => wordKey(name) === key));
}

function fileProblem(code: string, detail: string): InvalidInput {
  return new InvalidInput([{ field: 'csv', code, detail }]);
}
