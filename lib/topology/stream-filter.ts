/**
 * Lambda event-source filter patterns and a matcher that applies them as Lambda does, so the local
 * stream poller admits exactly the records the cloud would. Supported rules: exact values (string,
 * number, boolean, null), `prefix`, `suffix`, `equals-ignore-case`, `anything-but`, `numeric`, `exists`.
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html
 */
export type FilterRule =
  | string
  | number
  | boolean
  | null
  | { prefix: string }
  | { suffix: string }
  | { 'equals-ignore-case': string }
  | { 'anything-but': string | number | Array<string | number> }
  | { numeric: Array<string | number> }
  | { exists: boolean };

export interface StreamFilterPattern {
  [field: string]: FilterRule[] | StreamFilterPattern;
}

export function matchesFilter(pattern: StreamFilterPattern, record: unknown): boolean {
  return Object.entries(pattern).every(([field, expected]) => {
    const actual = isObject(record) ? record[field] : undefined;
    if (Array.isArray(expected)) return expected.some((rule) => matchesRule(rule, actual));
    return matchesFilter(expected, actual);
  });
}

export function matchesAnyFilter(patterns: readonly StreamFilterPattern[], record: unknown): boolean {
  return patterns.length === 0 || patterns.some((pattern) => matchesFilter(pattern, record));
}

function matchesRule(rule: FilterRule, actual: unknown): boolean {
  if (rule === null || typeof rule !== 'object') return rule === actual;
  if ('exists' in rule) return rule.exists === (actual !== undefined);
  if (actual === undefined) return false;
  if ('prefix' in rule) return typeof actual === 'string' && actual.startsWith(rule.prefix);
  if ('suffix' in rule) return typeof actual === 'string' && actual.endsWith(rule.suffix);
  if ('equals-ignore-case' in rule) {
    return typeof actual === 'string' && actual.toLowerCase() === rule['equals-ignore-case'].toLowerCase();
  }
  if ('anything-but' in rule) {
    const excluded = ([] as Array<string | number>).concat(rule['anything-but']);
    return !excluded.includes(actual as string | number);
  }
  return matchesNumeric(rule.numeric, actual);
}

function matchesNumeric(conditions: Array<string | number>, actual: unknown): boolean {
  // DynamoDB images carry numbers as strings ({ N: "3" }); Lambda compares them numerically.
  const value = typeof actual === 'number' ? actual : typeof actual === 'string' ? Number(actual) : Number.NaN;
  if (Number.isNaN(value)) return false;
  for (let index = 0; index + 1 < conditions.length; index += 2) {
    const operator = conditions[index];
    const bound = Number(conditions[index + 1]);
    const holds =
      operator === '=' ? value === bound
      : operator === '<' ? value < bound
      : operator === '<=' ? value <= bound
      : operator === '>' ? value > bound
      : operator === '>=' ? value >= bound
      : false;
    if (!holds) return false;
  }
  return true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
