import { describe, expect, it } from 'vitest';
import { hashTrackingToken, newTrackingToken, trackingTokenMatches } from '#lib/needs/tracking-token.ts';
import { idempotencyKeyHash, sealTrackingToken, submissionFingerprint, unsealTrackingToken } from '#lib/needs/submit-request.ts';
import { InvalidInput } from '#lib/common/domain-errors.ts';
import { sealForLink, unsealForLink } from '#lib/needs/tracking-link.ts';

describe('tracking token', () => {
  it('is long, url-safe and different every time', () => {
    const first = newTrackingToken();
    expect(first).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(newTrackingToken()).not.toBe(first);
  });

  it('matches only its own hash', () => {
    const token = newTrackingToken();
    const stored = hashTrackingToken(token);
    expect(stored).not.toContain(token);
    expect(trackingTokenMatches(token, stored)).toBe(true);
    expect(trackingTokenMatches(newTrackingToken(), stored)).toBe(false);
    expect(trackingTokenMatches(undefined, stored)).toBe(false);
    expect(trackingTokenMatches('', stored)).toBe(false);
  });
});

describe('submit idempotency', () => {
  it('fingerprints a submission independently of key order', () => {
    const a = {
      category: 'repairs',
      description: 'x',
      communityId: 'c',
      urgency: 'normal',
      specialGroups: [],
      contact: { name: 'n', phone: '13800138000' },
    } as const;
    const b = {
      contact: { phone: '13800138000', name: 'n' },
      specialGroups: [],
      urgency: 'normal',
      communityId: 'c',
      description: 'x',
      category: 'repairs',
    } as const;
    expect(submissionFingerprint({ ...a, specialGroups: [] })).toBe(submissionFingerprint({ ...b, specialGroups: [] }));
    expect(submissionFingerprint({ ...a, specialGroups: [], description: 'y' })).not.toBe(
      submissionFingerprint({ ...b, specialGroups: [] }),
    );
  });

  it('hashes a usable key and refuses a key with spaces or control characters', () => {
    expect(idempotencyKeyHash(undefined)).toBeUndefined();
    expect(idempotencyKeyHash('retry-1')).toMatch(/^[0-9a-f]{64}$/);
    expect(() => idempotencyKeyHash('two words')).toThrow(InvalidInput);
    expect(() => idempotencyKeyHash('x'.repeat(256))).toThrow(InvalidInput);
  });
});

describe('sealed tracking token', () => {
  it('opens with the Idempotency-Key it was sealed with, and with no other', () => {
    const token = newTrackingToken();
    const sealed = sealTrackingToken(token, 'form-key-0123456789');
    expect(sealed).not.toContain(token);
    expect(sealed).not.toBe(sealTrackingToken(token, 'form-key-0123456789'));
    expect(unsealTrackingToken(sealed, 'form-key-0123456789')).toBe(token);
    expect(unsealTrackingToken(sealed, 'form-key-0123456788')).toBeUndefined();
    expect(unsealTrackingToken(`${sealed.slice(0, -2)}AA`, 'form-key-0123456789')).toBeUndefined();
    expect(unsealTrackingToken('garbage', 'form-key-0123456789')).toBeUndefined();
  });
});

describe('tracking link token', () => {
  it('opens only with the link secret it was sealed under, and not as an idempotency record', () => {
    const token = newTrackingToken();
    const sealed = sealForLink(token, 'link-secret');

    expect(unsealForLink(sealed, 'link-secret')).toBe(token);
    expect(unsealForLink(sealed, 'other-secret')).toBeUndefined();
    // Sealed for the link, not for the form: the same secret used as an Idempotency-Key does not open it.
    expect(unsealTrackingToken(sealed, 'link-secret')).toBeUndefined();
  });
});

describe('a sealed token from an earlier deployment', () => {
  // Sealed once by this code and kept: idempotency records (24 h) and tracking links outlive a deploy,
  // so the key derivation and the format must not drift.
  const kept = 'v1.ZI_g9_L36IGj1WUY.4R8GOZPLhhchQcJ1J1rELw.qI0-GTuTQp5I2OUybVco6mZO6wo799fZmSollE01h2Q_qigO';

  it('still opens with its key', () => {
    expect(unsealTrackingToken(kept, 'form-key-0123456789')).toBe('tok-0123456789abcdefghijklmnopqrstuv');
  });

  it('is refused under another format version, or with a part missing', () => {
    expect(unsealTrackingToken(kept.replace(/^v1\./, 'v2.'), 'form-key-0123456789')).toBeUndefined();
    expect(unsealTrackingToken(kept.split('.').slice(0, 3).join('.'), 'form-key-0123456789')).toBeUndefined();
    expect(sealTrackingToken('t', 'k').split('.')).toHaveLength(4);
    expect(sealTrackingToken('t', 'k')).toMatch(/^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
  });
});
