/**
 * Where a paged query resumes, as a client handed it back inside an opaque cursor. DynamoDB refuses
 * an ExclusiveStartKey of the wrong shape with a ValidationException (a 500 to the caller), and a
 * key of another partition would page through someone else's list: both are the caller's fault,
 * so they are refused as a bad `cursor` before any query.
 */
import { InvalidInput } from '../common/domain-errors.ts';
import { tableDefinition } from './table-definition.ts';

type IndexName = (typeof tableDefinition.indexes)[number]['name'];

export function checkedStartKey(start: Record<string, unknown>, indexName: IndexName, partition: string): Record<string, string> {
  const index = tableDefinition.indexes.find((candidate) => candidate.name === indexName);
  const expected: string[] = [tableDefinition.partitionKey, tableDefinition.sortKey];
  if (index) expected.push(index.partitionKey, index.sortKey);
  const names = Object.keys(start);
  const wellFormed =
    names.length === expected.length &&
    expected.every((name) => {
      const value = start[name];
      return typeof value === 'string' && value.length > 0 && value.length <= 1024;
    });
  if (!wellFormed || (index && start[index.partitionKey] !== partition)) {
    throw new InvalidInput([{ field: 'cursor', code: 'invalid_value', detail: 'is not a cursor this API returned' }]);
  }
  return start as Record<string, string>;
}
