import { describe, expect, it } from 'vitest';
import { clientAddressOf, countedNetworkOf, viewerAddressHeader, viewerIpOf } from '#lib/http/client-address.ts';
import { originVerifyHeader } from '#lib/http/edge-origin.ts';

const secret = 'Zp4Lq8Wm2Xn6Rt9Vb3Yc7Dk5Fh1Gj0Ks';

function eventFrom(sourceIp: string, headers: Record<string, string>) {
  return { headers, requestContext: { http: { sourceIp } } };
}

describe('viewerIpOf (CloudFront-Viewer-Address)', () => {
  it('takes the address before the port, IPv4 and IPv6 (which CloudFront writes without brackets)', () => {
    expect(viewerIpOf('198.51.100.10:46532')).toBe('198.51.100.10');
    expect(viewerIpOf('2001:db8:85a3::8a2e:370:7334:46532')).toBe('2001:db8:85a3::8a2e:370:7334');
    expect(viewerIpOf('::1:0')).toBe('::1');
  });

  it('refuses what is not <ip>:<port>', () => {
    for (const value of [undefined, '', '198.51.100.10', '198.51.100.10:', ':443', 'example.com:443', '198.51.100.10:44x', '198.51.100.10:443443', '1.2.3:443', `${'1'.repeat(70)}:1`]) {
      expect(viewerIpOf(value), String(value)).toBeUndefined();
    }
  });
});

describe('clientAddressOf', () => {
  const edge = '130.176.98.4';
  const viewer = { [viewerAddressHeader]: '198.51.100.10:46532' };

  it("counts the viewer's address on a request that carries the district's origin secret", () => {
    expect(clientAddressOf(eventFrom(edge, { ...viewer, [originVerifyHeader]: secret }), secret)).toBe('198.51.100.10');
  });

  it('counts the source address when the origin secret is missing, wrong, or not configured', () => {
    expect(clientAddressOf(eventFrom(edge, viewer), secret)).toBe(edge);
    expect(clientAddressOf(eventFrom(edge, { ...viewer, [originVerifyHeader]: `${secret}x` }), secret)).toBe(edge);
    expect(clientAddressOf(eventFrom(edge, { ...viewer, [originVerifyHeader]: secret }), undefined)).toBe(edge);
    expect(clientAddressOf(eventFrom(edge, { ...viewer, [originVerifyHeader]: '' }), '')).toBe(edge);
  });

  it('counts the source address when CloudFront named no usable viewer address', () => {
    expect(clientAddressOf(eventFrom(edge, { [originVerifyHeader]: secret }), secret)).toBe(edge);
    expect(clientAddressOf(eventFrom(edge, { [originVerifyHeader]: secret, [viewerAddressHeader]: 'unknown' }), secret)).toBe(edge);
  });
});

describe('countedNetworkOf', () => {
  it('counts an IPv6 client by its /64 network, however the address is written', () => {
    const network = '2001:db8:85a3:0::/64';
    for (const address of ['2001:db8:85a3::8a2e:370:7334', '2001:DB8:85A3:0:1::1', '2001:0db8:85a3:0000:ffff:ffff:ffff:ffff', '2001:db8:85a3::', '2001:db8:85a3::1.2.3.4']) {
      expect(countedNetworkOf(address), address).toBe(network);
    }
    expect(countedNetworkOf('2001:db8:85a4::1')).toBe('2001:db8:85a4:0::/64');
    expect(countedNetworkOf('::1')).toBe('0:0:0:0::/64');
    expect(countedNetworkOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });

  it('counts an IPv4 address, mapped into IPv6 or not, by itself', () => {
    expect(countedNetworkOf('198.51.100.7')).toBe('198.51.100.7');
    expect(countedNetworkOf('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(countedNetworkOf('not an address')).toBe('not an address');
  });

  it('is what clientAddressOf counts', () => {
    expect(clientAddressOf(eventFrom('2001:db8:85a3::8a2e:370:7334', {}), undefined)).toBe('2001:db8:85a3:0::/64');
    const viewer = { [viewerAddressHeader]: '2001:db8:1:2:3:4:5:6:443', [originVerifyHeader]: secret };
    expect(clientAddressOf(eventFrom('130.176.98.4', viewer), secret)).toBe('2001:db8:1:2::/64');
  });
});
