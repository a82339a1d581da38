/** Six-digit one-time codes: their form, and that only their HMAC under a scope and a secret is kept. */
import { describe, expect, it } from 'vitest';
import { newOneTimeCode, oneTimeCodeHash, oneTimeCodeMatches, oneTimeCodePattern } from '#lib/common/one-time-code.ts';

describe('one-time codes', () => {
  it('are six digits, leading zeros kept', () => {
    for (let draw = 0; draw < 200; draw += 1) expect(newOneTimeCode()).toMatch(/^\d{6}$/);
    expect(oneTimeCodePattern.test('012345')).toBe(true);
    for (const wrong of ['12345', '1234567', 'a123456', '123456a', '12 345']) expect(oneTimeCodePattern.test(wrong), wrong).toBe(false);
  });

  it('hash differently for another code, another scope or another secret', () => {
    const hash = oneTimeCodeHash('123456', 'need-1', 'secret');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain('123456');
    expect(oneTimeCodeHash('123457', 'need-1', 'secret')).not.toBe(hash);
    expect(oneTimeCodeHash('123456', 'need-2', 'secret')).not.toBe(hash);
    expect(oneTimeCodeHash('123456', 'need-1', 'other')).not.toBe(hash);
    // The scope and the code are kept apart: moving a digit between them changes the hash.
    expect(oneTimeCodeHash('23456', 'need-11', 'secret')).not.toBe(oneTimeCodeHash('123456', 'need-1', 'secret'));
  });

  it('match only the code, scope and secret they were made with, and never throw on a stored hash of another length', () => {
    const stored = oneTimeCodeHash('123456', 'need-1', 'secret');
    expect(oneTimeCodeMatches('123456', 'need-1', 'secret', stored)).toBe(true);
    expect(oneTimeCodeMatches('654321', 'need-1', 'secret', stored)).toBe(false);
    expect(oneTimeCodeMatches('123456', 'need-2', 'secret', stored)).toBe(false);
    expect(oneTimeCodeMatches('123456', 'need-1', 'secret', stored.slice(0, 32))).toBe(false);
    expect(oneTimeCodeMatches('123456', 'need-1', 'secret', '')).toBe(false);
  });
});
