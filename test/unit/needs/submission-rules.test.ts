import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidInput } from '#lib/common/domain-errors.ts';
import { parseInput } from '#lib/http/validate.ts';
import { needSubmissionSchema } from '#lib/needs/need-submission.ts';
import { idempotencyKeyHash, idempotencyWindowHours, submissionFingerprint } from '#lib/needs/submit-request.ts';
import { hashTrackingToken, trackingTokenMatches } from '#lib/needs/tracking-token.ts';
import { problemsOf as problemsOfInput } from '../problems-of.ts';
import { valid } from './need-fixtures.ts';

/** The problems a submission is refused with, as the API words them. */
const problemsOf = (input: unknown) => problemsOfInput(needSubmissionSchema, input);

describe('what a resident is told about a refused submission', () => {
  it.each([
    [{ description: ' ' }, 'description', 'must not be empty'],
    [{ description: '水'.repeat(2001) }, 'description', 'at most 2000 characters'],
    [{ address: 'x'.repeat(201) }, 'address', 'at most 200 characters'],
    [{ contact: { name: ' ', phone: '13800138000' } }, 'contact.name', 'must not be empty'],
    [{ contact: { name: '王'.repeat(51), phone: '13800138000' } }, 'contact.name', 'at most 50 characters'],
    [{ contact: { name: '王', phone: '12800138000' } }, 'contact.phone', 'a mainland mobile number: 11 digits starting with 13–19'],
    [
      { preferredWindow: { from: '2030-01-02 10:00', to: '2030-01-02T11:00:00+08:00' } },
      'preferredWindow.from',
      'an ISO 8601 date-time with a time zone, e.g. 2026-11-24T09:00:00+08:00',
    ],
    [
      { preferredWindow: { from: '2030-01-02T10:00:00+08:00', to: '2030-01-02T10:00:00+08:00' } },
      'preferredWindow.to',
      'must end after it starts',
    ],
  ])('%j is refused at %s: %s', (change, field, detail) => {
    expect(problemsOf({ ...valid, ...change })).toContainEqual({ field, detail });
  });

  it('refuses fields it does not know, at the top and inside the contact and window', () => {
    expect(problemsOf({ ...valid, price: 5 }).map((problem) => problem.field)).toEqual(['price']);
    expect(problemsOf({ ...valid, contact: { ...valid.contact, email: 'x' } }).length).toBe(1);
    expect(problemsOf({ ...valid, location: { lat: 30, lng: 120, alt: 5 } }).length).toBe(1);
  });

  it('trims the description, the address and the contact name', () => {
    const parsed = parseInput(needSubmissionSchema, {
      ...valid,
      description: '  修门锁  ',
      address: ' 3幢 ',
      contact: { name: ' 王 ', phone: '13800138000' },
    });

    expect(parsed).toMatchObject({ description: '修门锁', address: '3幢', contact: { name: '王' } });
  });

  it('accepts the longest values allowed', () => {
    expect(
      problemsOf({
        ...valid,
        description: '水'.repeat(2000),
        address: 'x'.repeat(200),
        contact: { name: '王'.repeat(50), phone: '19900000000' },
      }),
    ).toEqual([]);
    expect(problemsOf({ ...valid, specialGroups: ['elderly80', 'livingAlone', 'disabled', 'seriouslyIll', 'infant'] })).toEqual([]);
  });

  it('leaves out what was not given', () => {
    const parsed = parseInput(needSubmissionSchema, valid);

    expect(parsed).not.toHaveProperty('address');
    expect(parsed).not.toHaveProperty('preferredWindow');
    expect(parsed.urgency).toBe('normal');
  });
});

describe('idempotency of a submission', () => {
  it('is kept for a day', () => {
    expect(idempotencyWindowHours).toBe(24);
  });

  it('hashes the key with SHA-256 and accepts visible ASCII up to 255 characters', () => {
    expect(idempotencyKeyHash('abc')).toBe(createHash('sha256').update('abc').digest('hex'));
    expect(idempotencyKeyHash(undefined)).toBeUndefined();
    expect(idempotencyKeyHash('~'.repeat(255))).toHaveLength(64);
    for (const key of ['', 'x'.repeat(256), 'a b', 'ключ']) expect(() => idempotencyKeyHash(key), key).toThrow(InvalidInput);
  });

  it('names the header and the rule when it refuses a key', () => {
    try {
      idempotencyKeyHash('a b');
      expect.unreachable();
    } catch (error) {
      expect((error as InvalidInput).problems).toEqual([
        { field: 'Idempotency-Key', code: 'invalid_format', detail: '1 to 255 visible ASCII characters' },
      ]);
    }
  });

  it('fingerprints the canonical JSON of the submission: sorted keys, undefined left out, arrays in order', () => {
    const submission = parseInput(needSubmissionSchema, { ...valid, specialGroups: ['infant', 'elderly80'] });
    const canonical =
      '{"category":"repairs","communityId":"hehua","contact":{"name":"王阿姨","phone":"13800138000"},"description":"厨房水龙头漏水","gridId":"hehua-1","specialGroups":["infant","elderly80"],"urgency":"normal"}';

    expect(submissionFingerprint({ ...submission, address: undefined })).toBe(createHash('sha256').update(canonical, 'utf8').digest('hex'));
    expect(submissionFingerprint({ ...submission, specialGroups: ['elderly80', 'infant'] })).not.toBe(submissionFingerprint(submission));
  });
});

describe('a tracking token hash', () => {
  it('is the hex SHA-256 of the token', () => {
    expect(hashTrackingToken('abc')).toBe(createHash('sha256').update('abc', 'utf8').digest('hex'));
  });

  it('does not match a stored hash of another length', () => {
    expect(trackingTokenMatches('abc', hashTrackingToken('abc').slice(0, 10))).toBe(false);
  });
});
