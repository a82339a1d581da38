/** The three lists' spreadsheet columns, Chinese and English headers side by side. */
import { serviceCategories } from '../catalog/service-categories.ts';
import type { DistrictConfig } from '../district/district-config.ts';
import { findCommunity } from '../district/district-lookups.ts';
import type { CsvColumn, CsvLanguage } from './csv-table.ts';
import type { DemandRow, GapRow, SupplyRow } from './three-lists.ts';

const categoryName = (code: string, language: CsvLanguage) => serviceCategories.find((entry) => entry.code === code)?.label[language] ?? code;

const communityName = (district: DistrictConfig, id: string, language: CsvLanguage) => findCommunity(district, id)?.name[language] ?? id;

const hourLabel = (hourOfWeek: number, language: CsvLanguage) => {
  const day = (language === 'zh' ? ['周一', '周二', '周三', '周四', '周五', '周六', '周日'] : ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'])[Math.floor(hourOfWeek / 24)];
  const hour = hourOfWeek % 24;
  return `${day} ${String(hour).padStart(2, '0')}:00-${String(hour + 1).padStart(2, '0')}:00`;
};

function place<Row extends { category: string; communityId: string }>(district: DistrictConfig, language: CsvLanguage): CsvColumn<Row>[] {
  return [
    { zh: '服务类别', en: 'Category', value: (row) => categoryName(row.category, language) },
    { zh: '社区', en: 'Community', value: (row) => communityName(district, row.communityId, language) },
  ];
}

const gridName = (district: DistrictConfig, communityId: string, gridId: string | null | undefined, language: CsvLanguage) =>
  gridId ? (findCommunity(district, communityId)?.grids.find((grid) => grid.id === gridId)?.name[language] ?? gridId) : language === 'zh' ? '（未注明）' : '(none given)';

export function demandColumns(district: DistrictConfig, language: CsvLanguage, byGrid = false): CsvColumn<DemandRow>[] {
  return [
    ...place<DemandRow>(district, language),
    ...(byGrid ? [{ zh: '网格', en: 'Grid', value: (row: DemandRow) => gridName(district, row.communityId, row.gridId, language) }] : []),
    { zh: '需求数', en: 'Needs', value: (row) => row.posted },
    { zh: '待派单', en: 'Submitted', value: (row) => row.byStatus.submitted },
    { zh: '派单中', en: 'Offered', value: (row) => row.byStatus.offered },
    { zh: '已接单', en: 'Accepted', value: (row) => row.byStatus.accepted },
    { zh: '服务中', en: 'Started', value: (row) => row.byStatus.started },
    { zh: '已完成', en: 'Completed', value: (row) => row.byStatus.completed },
    { zh: '已吹哨', en: 'Escalated', value: (row) => row.byStatus.escalated },
    { zh: '已取消', en: 'Cancelled', value: (row) => row.byStatus.cancelled },
    { zh: '已结束', en: 'Closed', value: (row) => row.byStatus.closed },
    { zh: '首次派单时长中位数（分钟，上限）', en: 'Median minutes to first offer (at most)', value: (row) => row.medianMinutes.firstOffer },
    { zh: '接单时长中位数（分钟，上限）', en: 'Median minutes to acceptance (at most)', value: (row) => row.medianMinutes.accepted },
    { zh: '完成时长中位数（分钟，上限）', en: 'Median minutes to completion (at most)', value: (row) => row.medianMinutes.completed },
    { zh: '完成率', en: 'Completion rate', value: (row) => row.completionRate },
    { zh: '吹哨率', en: 'Escalation rate', value: (row) => row.escalationRate },
    { zh: '满意率', en: 'Satisfaction rate', value: (row) => row.satisfactionRate },
    { zh: '平均星级', en: 'Mean stars', value: (row) => row.meanStars },
  ];
}

export function supplyColumns(district: DistrictConfig, language: CsvLanguage): CsvColumn<SupplyRow>[] {
  return [
    ...place<SupplyRow>(district, language),
    { zh: '在册合伙人', en: 'Active partners', value: (row) => row.partners },
    { zh: '同时接单容量', en: 'Capacity', value: (row) => row.capacity },
    { zh: '公益或低偿', en: 'Free or low-cost', value: (row) => row.freeOrLowCost },
    { zh: '每周值班小时', en: 'Duty hours per week', value: (row) => row.dutyHoursPerWeek },
    { zh: '有人值班的时段数', en: 'Hours of the week covered', value: (row) => row.onDutyByHourOfWeek.filter((count) => count > 0).length },
  ];
}

export function gapColumns(district: DistrictConfig, language: CsvLanguage): CsvColumn<GapRow>[] {
  return [
    { zh: '排名', en: 'Rank', value: (row) => row.rank },
    ...place<GapRow>(district, language),
    { zh: '时段', en: 'Hour of the week', value: (row) => hourLabel(row.hourOfWeek, language) },
    { zh: '等待中', en: 'Waiting', value: (row) => row.waiting },
    { zh: '已吹哨', en: 'Escalated', value: (row) => row.escalated },
    { zh: '无人可接', en: 'Unmatched', value: (row) => row.unmet },
    { zh: '值班合伙人', en: 'Partners on duty', value: (row) => row.onDuty },
    { zh: '招募令', en: 'Recruitment hint', value: (row) => row.recruit?.[language] },
  ];
}
