/** The SSRF guard's address rule: which addresses outbound requests (webhooks, robots) may reach. */
import { describe, expect, it } from 'vitest';
import { forbiddenAddress } from '#lib/common/public-address.ts';

const privateRange = 'a private, link-local or reserved address';

describe('forbiddenAddress', () => {
  it.each([
    ['8.8.8.8', undefined],
    ['203.0.113.9', undefined],
    ['2408:8000::1', undefined],
    ['10.0.0.1', privateRange],
    ['172.16.10.10', privateRange],
    ['192.168.1.20', privateRange],
    ['100.64.0.1', privateRange],
    ['169.254.169.254', privateRange],
    ['224.0.0.1', privateRange],
    ['fe80::1', privateRange],
    ['fd12:3456::1', privateRange],
    ['64:ff9b::a00:1', privateRange],
    ['::', privateRange],
  ])('%s → %s', (address, reason) => {
    expect(forbiddenAddress(address, false)).toBe(reason);
  });

  it('reads an IPv4-mapped IPv6 address as the IPv4 address it is, whatever the digits per part and the case', () => {
    expect(forbiddenAddress('::ffff:172.16.10.10', false)).toBe(privateRange);
    expect(forbiddenAddress('::FFFF:192.168.100.200', false)).toBe(privateRange);
    expect(forbiddenAddress('::ffff:127.0.0.1', false)).toBe('a loopback address');
    expect(forbiddenAddress('::ffff:127.0.0.1', true)).toBeUndefined();
    expect(forbiddenAddress('::ffff:8.8.8.8', false)).toBeUndefined();
  });

  it('does not read an IPv4 address at the end of another IPv6 address as mapped', () => {
    // 1::ffff:10.0.0.1 is a public IPv6 address that only ends like a mapped one.
    expect(forbiddenAddress('1::ffff:10.0.0.1', false)).toBeUndefined();
  });

  it('refuses loopback unless the local runtime allows it', () => {
    expect(forbiddenAddress('127.0.0.1', false)).toBe('a loopback address');
    expect(forbiddenAddress('::1', false)).toBe('a loopback address');
    expect(forbiddenAddress('127.0.0.1', true)).toBeUndefined();
    expect(forbiddenAddress('10.0.0.1', true)).toBe(privateRange);
  });

  it('refuses what is not an IP address', () => {
    expect(forbiddenAddress('localhost', false)).toBe('not an IP address');
    expect(forbiddenAddress('', true)).toBe('not an IP address');
  });
});
