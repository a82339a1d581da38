import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidInput } from '#lib/common/domain-errors.ts';
import { csvRecords } from '#lib/partners/csv-records.ts';
import {
  derivedPartnerId,
  type ImportRow,
  importedPartner,
  type ParsedImport,
  parsePartnerCsv,
} from '#lib/partners/partner-import.ts';
import { district, partner } from './partner-fixtures.ts';

const zhHeader = '编号,名称,类型,服务类别,服务社区,服务网格,容量,收费方式,上门,值班,联系人,电话,状态';
const enHeader = 'id,Name,kind,capabilities,communities,grids,capacity,priceMode,Home Visits,schedule,contact_name,phone,status';

function parse(text: string): ParsedImport {
  return parsePartnerCsv(text, district);
}

function only(parsed: ParsedImport): ImportRow {
  expect(parsed.rows).toHaveLength(1);
  return parsed.rows[0] as ImportRow;
}

function created(row: ImportRow, parsed: ParsedImport) {
  const result = importedPartner(row, undefined, parsed.headers, district);
  if ('problems' in result) throw new Error(JSON.stringify(result.problems));
  return result.partner;
}

describe('parsePartnerCsv: Chinese headers and labels', () => {
  it('maps a full row to a profile', () => {
    const parsed = parse(
      `${zhHeader}\nwang-1,王师傅,个体,维修:4;家政:3,荷花社区,荷花第一网格,3,低偿,是,周一 14:00-17:00; 周三 08:30-11:30,王建国,139 0000 0011,在册\n`,
    );
    const row = only(parsed);
    expect(row).toMatchObject({ line: 2, id: 'wang-1', name: '王师傅', status: 'active', problems: [] });
    expect(created(row, parsed)).toEqual(
      partner({
        id: 'wang-1',
        status: 'active',
        capabilities: [
          { category: 'repairs', skillLevel: 4 },
          { category: 'housekeeping', skillLevel: 3 },
        ],
        serviceArea: { communities: ['hehua'], grids: ['hehua-1'] },
        schedule: {
          weekly: [
            { day: 1, from: '14:00', to: '17:00' },
            { day: 3, from: '08:30', to: '11:30' },
          ],
          alwaysAvailable: false,
        },
      }),
    );
  });

  it('tolerates a BOM, CRLF, full-width punctuation, blank lines and a header note in brackets', () => {
    const parsed = parse(
      `\uFEFF名称,类型,服务类别（类别:等级）,服务社区,容量,收费方式,值班,联系人,电话\r\n\r\n李阿姨,个体,算命：3；母婴护理：2,荷花,２,公益,周一至周五 ９:00～11:00,李阿姨,13900000012\r\n`,
    );
    const row = only(parsed);
    expect(row.line).toBe(3);
    expect(row.problems).toEqual([
      { field: 'capabilities', column: '服务类别（类别:等级）', code: 'invalid_value', detail: '"算命" is not a known service category' },
    ]);
  });

  it('reads day ranges, day lists, every day, slot categories and always-available', () => {
    const schedule = (cell: string) => only(parse(`名称,电话,值班\n王,13900000011,"${cell}"\n`)).patch.schedule;
    expect(schedule('周一至周三 09:00-10:00')).toEqual({
      weekly: [1, 2, 3].map((day) => ({ day, from: '09:00', to: '10:00' })),
      alwaysAvailable: false,
    });
    expect(schedule('周五至周一 9:00-10:00')).toMatchObject({ weekly: [5, 6, 7, 1].map((day) => ({ day, from: '09:00' })) });
    expect(schedule('周二、周四 14:00-17:00 母婴护理')).toMatchObject({
      weekly: [
        { day: 2, categories: ['maternalInfantCare'] },
        { day: 4, categories: ['maternalInfantCare'] },
      ],
    });
    expect(schedule('每天 20:00-08:00')).toMatchObject({
      weekly: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, from: '20:00', to: '08:00' })),
    });
    expect(schedule('随时')).toEqual({ weekly: [], alwaysAvailable: true });
    expect(schedule('Mon-Fri 09:00-12:00, Sat 10:00-11:00')).toMatchObject({ weekly: [1, 2, 3, 4, 5, 6].map((day) => ({ day })) });
  });

  it('reports the line where a row starts when an earlier cell spans lines', () => {
    const parsed = parse(`名称,电话,值班\n王,13900000011,"周一 09:00-10:00\n周二 09:00-10:00"\n李,13900000012,随时\n`);
    expect(parsed.rows.map((row) => row.line)).toEqual([2, 4]);
    expect(parsed.rows[0]?.patch.schedule).toMatchObject({ weekly: [{ day: 1 }, { day: 2 }] });
  });

  it('ignores unknown columns and rows with only empty cells, and reports them', () => {
    const parsed = parse(`名称,电话,备注\n王,13900000011,老住户\n,,\n`);
    expect(parsed.ignoredColumns).toEqual(['备注']);
    expect(parsed.rows).toHaveLength(1);
  });
});

describe('parsePartnerCsv: English headers and codes', () => {
  it('maps the same row written with English headers and API codes', () => {
    const parsed = parse(
      `${enHeader}\nwang-1,王师傅,individual,repairs:4;Housekeeping:3,hehua,hehua-1,3,lowCost,yes,Mon 14:00-17:00; Wednesday 08:30-11:30,王建国,+86 139-0000-0011,active\n`,
    );
    const zh = parse(
      `${zhHeader}\nwang-1,王师傅,个体,维修:4;家政:3,荷花社区,荷花第一网格,3,低偿,是,周一 14:00-17:00; 周三 08:30-11:30,王建国,139 0000 0011,在册\n`,
    );
    expect(created(only(parsed), parsed)).toEqual(created(only(zh), zh));
    expect(only(parsed).status).toBe('active');
  });
});

describe('bad rows', () => {
  const rowProblems = (line: string) => {
    const parsed = parse(`${zhHeader}\n${line}\n`);
    const row = only(parsed);
    const result = importedPartner(row, undefined, parsed.headers, district);
    return [...row.problems, ...('problems' in result ? result.problems : [])].map((problem) => `${problem.column}:${problem.code}`);
  };

  it('names each column at fault with a reason', () => {
    expect(rowProblems(',王,公司,维修:4,荷花,,很多,低偿,是,随时,王,13900000011,')).toEqual(
      expect.arrayContaining(['类型:invalid_value', '容量:invalid_value']),
    );
    expect(rowProblems(',王,个体,维修,荷花,,1,低偿,是,随时,王,13900000011,')).toContain('服务类别:invalid_value');
    expect(rowProblems(',王,个体,维修:9,荷花,,1,低偿,是,随时,王,13900000011,')).toContain('服务类别:invalid_value');
    expect(rowProblems(',王,个体,维修:4,火星社区,,1,低偿,是,随时,王,13900000011,')).toContain('服务社区:invalid_value');
    expect(rowProblems(',王,个体,维修:4,荷花,,1,低偿,也许,随时,王,13900000011,')).toContain('上门:invalid_value');
    expect(rowProblems(',王,个体,维修:4,荷花,,1,低偿,是,周八 09:00-10:00,王,13900000011,')).toContain('值班:invalid_value');
    expect(rowProblems(',王,个体,维修:4,荷花,,1,低偿,是,周一 25:00-26:00,王,13900000011,')).toContain('值班:invalid_format');
    expect(rowProblems(',王,个体,维修:4,荷花,,1,低偿,是,随时,王,12345,')).toContain('电话:invalid_format');
    expect(rowProblems(',王,个体,法律咨询:4,荷花,,1,低偿,是,随时,王,13900000011,')).toContain('服务类别:unknown_value');
    expect(rowProblems(',王,个体,维修:4,荷花,,1,低偿,是,随时,王,13900000011,开除')).toContain('状态:invalid_value');
  });

  it('names the required columns a new partner lacks', () => {
    const parsed = parse('名称,电话\n王,13900000011\n');
    const result = importedPartner(only(parsed), undefined, parsed.headers, district);
    expect('problems' in result && result.problems.map((problem) => problem.column)).toEqual(
      expect.arrayContaining(['类型', '服务类别', '容量', '收费方式', '联系人']),
    );
  });

  it('needs an id, or a name and a phone to derive one', () => {
    expect(only(parse('名称,类型\n王,个体\n')).problems.map((problem) => problem.column)).toEqual(['电话']);
    expect(only(parse('id,name\nme,王\n')).problems.map((problem) => problem.field)).toEqual(['id']);
  });

  it('keeps reading after a malformed row', () => {
    const parsed = parse('名称,电话\n"王"x"",13900000011\n李,13900000012\n');
    expect(parsed.rows.at(-1)).toMatchObject({ line: 3, name: '李', problems: [] });
  });

  it('refuses a file it cannot use as a whole: no known header, duplicate columns, not UTF-8', () => {
    const fileProblem = (text: string) => {
      try {
        parse(text);
      } catch (error) {
        if (error instanceof InvalidInput) return error.problems[0]?.code;
      }
      return undefined;
    };
    expect(fileProblem('foo,bar\n1,2\n')).toBe('no_name_column');
    expect(fileProblem('名称,name\n王,王\n')).toBe('duplicate_column');
    expect(fileProblem('名称\n\uFFFD\n')).toBe('not_utf8');
    expect(fileProblem('')).toBe('no_header');
  });
});

describe('updates and ids', () => {
  it('changes only the cells a row fills on an existing partner', () => {
    const parsed = parse('id,容量,服务网格\np-1,8,荷花第二网格\n');
    const result = importedPartner(only(parsed), partner(), parsed.headers, district);
    expect(result).toEqual({ partner: { ...partner(), capacity: 8, serviceArea: { communities: ['hehua'], grids: ['hehua-2'] } } });
  });

  it('derives the same id from the same name and phone however the phone is written', () => {
    expect(derivedPartnerId('王师傅', '+86 139-0000-0011')).toBe(derivedPartnerId('王师傅', '13900000011'));
    expect(derivedPartnerId('王师傅', '13900000011')).not.toBe(derivedPartnerId('李师傅', '13900000011'));
    expect(derivedPartnerId('王师傅', '13900000011')).toMatch(/^p-[0-9a-f]{16}$/);
  });
});

describe('the sample roster (test/fixtures/partners-sample.csv)', () => {
  it('has good rows, bad rows with reasons and a duplicate, at their lines', () => {
    const parsed = parse(readFileSync(new URL('../../fixtures/partners-sample.csv', import.meta.url), 'utf8'));
    expect(parsed.rows.map((row) => row.line)).toEqual([2, 3, 4, 6, 7, 8, 9, 10]);
    expect(parsed.ignoredColumns).toEqual(['备注']);
  });

  it('splits into records with their raw text, for the CLI', () => {
    const records = csvRecords('a,b\r\n"x\r\ny",1\r\n');
    expect(records.map((record) => [record.line, record.raw])).toEqual([
      [1, 'a,b\n'],
      [2, '"x\ny",1\n'],
    ]);
  });
});
