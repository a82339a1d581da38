/**
 * Which IP addresses are public: the ones outbound requests (webhooks, robots) may reach. Loopback,
 * private, shared (CGNAT), link-local (cloud metadata at 169.254.169.254), reserved and multicast
 * ranges are not. Pure: node:net only.
 */
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** Why this address may not be called, or undefined when it is public. */
export function forbiddenAddress(address: string, allowLoopback: boolean): string | undefined {
  const family = isIP(address);
  if (family === 0) return 'not an IP address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  // ::ffff:10.0.0.1 is 10.0.0.1 to the kernel; BlockList matches IPv4-mapped IPv6 addresses against the
  // IPv4 rules itself (test/unit/common/public-address.test.ts holds it to that).
  if (loopback.check(address, type)) return allowLoopback ? undefined : 'a loopback address';
  if (blocked.check(address, type)) return 'a private, link-local or reserved address';
  return undefined;
}
