/** The domain errors' messages: each becomes the `detail` of a problem response (lib/http/problem-details.ts). */
import { describe, expect, it } from 'vitest';
import { InvalidInput, MethodNotAllowed, NotFound, PayloadTooLarge } from '#lib/common/domain-errors.ts';

describe('domain errors', () => {
  it('say what went wrong in words a caller can act on', () => {
    const invalid = new InvalidInput([
      { field: 'category', code: 'invalid_value', detail: 'not a service category' },
      { field: 'contact.phone', code: 'invalid_format', detail: 'a mainland mobile number' },
    ]);
    expect(invalid.message).toBe('Invalid input: category (not a service category); contact.phone (a mainland mobile number)');
    expect(invalid.name).toBe('InvalidInput');
    expect(new PayloadTooLarge(16_384).message).toBe('The body is larger than 16384 bytes');
    expect(new NotFound('need n1').message).toBe('need n1 was not found');
    expect(new MethodNotAllowed(['GET', 'POST']).message).toBe('Allowed methods: GET, POST');
  });
});
