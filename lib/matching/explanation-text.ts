/**
 * The short forms of an explanation: the partner's "why me" (when it is on duty plus the two
 * strongest terms) and the resident's "a partner was found, available from …". Times are read in
 * the district's time zone.
 */
import type { Explanation } from './explanation.ts';
import { addDays, localDateTime } from './local-time.ts';
import type { TermName } from './objectives.ts';

export type Locale = 'zh' | 'en';

const zhWeekdays = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];
const enWeekdays = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const enMonths = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** A term graded below this is not a reason worth telling. */
const reasonGradeFloor = 0.5;
const reasonTerms = 2;

interface LocalMoment {
  isNow: boolean;
  /** 0 today, 1 tomorrow, …, counted in local dates. */
  daysAhead: number;
  date: string;
  weekday: number;
  minutes: number;
}

function localMoment(explanation: Explanation): LocalMoment {
  const from = Date.parse(explanation.availability.from);
  const rankedAt = Date.parse(explanation.rankedAt);
  const local = localDateTime(from, explanation.timeZone);
  const today = localDateTime(rankedAt, explanation.timeZone).date;
  let daysAhead = 0;
  while (daysAhead < 8 && addDays(today, daysAhead) < local.date) daysAhead += 1;
  return { isNow: from <= rankedAt, daysAhead, ...local };
}

function partOfDay(minutes: number, locale: Locale): string {
  const index = minutes < 360 ? 0 : minutes < 720 ? 1 : minutes < 1080 ? 2 : 3;
  return (locale === 'zh' ? ['凌晨', '上午', '下午', '晚上'] : ['early morning', 'morning', 'afternoon', 'evening'])[index] ?? '';
}

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function dayWords(moment: LocalMoment, locale: Locale): string {
  const [, month = 1, day = 1] = moment.date.split('-').map(Number);
  if (locale === 'zh') {
    if (moment.daysAhead === 0) return '今天';
    if (moment.daysAhead === 1) return '明天';
    return `${month}月${day}日（${zhWeekdays[moment.weekday]}）`;
  }
  if (moment.daysAhead === 0) return 'today';
  if (moment.daysAhead === 1) return 'tomorrow';
  return `${enWeekdays[moment.weekday]} ${day} ${enMonths[month - 1]}`;
}

function dutyPhrase(moment: LocalMoment, locale: Locale): string {
  if (moment.isNow) return locale === 'zh' ? '现在值班' : 'on duty now';
  const part = partOfDay(moment.minutes, locale);
  if (locale === 'zh') {
    const day =
      moment.daysAhead === 0
        ? '今天'
        : moment.daysAhead === 1
          ? '明天'
          : moment.daysAhead < 7
            ? zhWeekdays[moment.weekday]
            : dayWords(moment, 'zh');
    return `${day}${part}值班`;
  }
  if (moment.daysAhead === 0) return `on duty this ${part}`;
  if (moment.daysAhead === 1) return `on duty tomorrow ${part}`;
  return moment.daysAhead < 7 ? `on duty ${enWeekdays[moment.weekday]} ${part}` : `on duty ${dayWords(moment, 'en')}, ${part}`;
}

function termPhrase(name: TermName, leads: boolean, explanation: Explanation, locale: Locale): string | undefined {
  const zh = locale === 'zh';
  switch (name) {
    case 'skill':
      return leads ? (zh ? '技能等级最高' : 'highest skill level') : zh ? '技能熟练' : 'skilled';
    case 'proximity': {
      const proximity = explanation.proximity;
      if (proximity.kind === 'sameGrid') return zh ? '同一网格' : 'same grid';
      if (proximity.kind === 'sameCommunity') return zh ? '同一社区' : 'same community';
      if (proximity.kind === 'elsewhere') return undefined;
      const km = proximity.km.toFixed(1);
      if (leads) return zh ? `距离最近（${km}公里）` : `closest (${km} km)`;
      return zh ? `相距${km}公里` : `${km} km away`;
    }
    case 'reputation':
      return leads ? (zh ? '评价最好' : 'best rated') : zh ? '评价良好' : 'well rated';
    case 'reliability':
      return leads ? (zh ? '履约最可靠' : 'most reliable') : zh ? '接单守约' : 'reliable';
    case 'loadBalance':
      return leads ? (zh ? '当前任务最少' : 'lightest load') : zh ? '当前任务较少' : 'light load';
    case 'priceFit':
      if (explanation.priceMode === 'free') return zh ? '公益服务' : 'free service';
      if (explanation.priceMode === 'lowCost') return zh ? '低偿服务' : 'low-cost service';
      return undefined;
    case 'earliestAvailability':
      return undefined;
  }
}

/** E.g. "周二上午值班，同一网格，当前任务最少" / "on duty Tuesday morning, same grid, lightest load". */
export function shortReasonForPartner(explanation: Explanation, locale: Locale): string {
  const strongest = explanation.terms
    .filter((term) => term.grade >= reasonGradeFloor)
    .map((term, order) => ({ term, order }))
    .sort((left, right) => right.term.contribution - left.term.contribution || left.order - right.order)
    .map(({ term }) => termPhrase(term.name, explanation.leadingTerms.includes(term.name), explanation, locale))
    .filter((phrase): phrase is string => phrase !== undefined)
    .slice(0, reasonTerms);
  return [dutyPhrase(localMoment(explanation), locale), ...strongest].join(locale === 'zh' ? '，' : ', ');
}

/** For the resident: that a partner was found and from when it can serve. */
export function residentSummary(explanation: Explanation, locale: Locale): string {
  const moment = localMoment(explanation);
  if (locale === 'zh') {
    const when = moment.isNow ? '现在就' : `最早${dayWords(moment, 'zh')}${clock(moment.minutes)}`;
    return `已为您找到合伙人，${when}可以提供服务。`;
  }
  const when = moment.isNow ? 'now' : `from ${dayWords(moment, 'en')} at ${clock(moment.minutes)}`;
  return `We have found a partner for you, available ${when}.`;
}
