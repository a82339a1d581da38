/**
 * Where notifications may go: public addresses only. A webhook or robot URL that names or resolves
 * to a loopback, private, link-local, shared, multicast or cloud-metadata address is refused, when
 * it is saved and again when it is used (DNS can change between the two). The connection itself is
 * made through guardedLookup, so the address checked is the address connected to.
 * Loopback is allowed only where OUTBOUND_ALLOW_LOOPBACK=true: the local runtime, whose receivers
 * listen on this machine.
 */
import { type LookupAddress, lookup } from 'node:dns';
import { isIP } from 'node:net';
import { forbiddenAddress } from '../common/public-address.ts';
import type { FieldProblem } from '../common/domain-errors.ts';
import type { NotificationChannel } from '../notifications/channels.ts';

export function loopbackAllowed(): boolean {
  return process.env.OUTBOUND_ALLOW_LOOPBACK === 'true';
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/** Why this URL may not be called, after resolving its host; undefined when every address is public. */
export async function forbiddenUrl(value: string, allowLoopback = loopbackAllowed()): Promise<string | undefined> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'not a URL';
  }
  const host = hostOf(url);
  if (isIP(host) !== 0) return reasonFor(host, forbiddenAddress(host, allowLoopback));
  let addresses: LookupAddress[];
  try {
    addresses = await new Promise((resolve, reject) =>
      lookup(host, { all: true }, (error, found) => (error ? reject(error) : resolve(found))),
    );
  } catch {
    return `${host} does not resolve`;
  }
  for (const { address } of addresses) {
    const reason = forbiddenAddress(address, allowLoopback);
    if (reason) return reasonFor(`${host} (${address})`, reason);
  }
  return undefined;
}

function reasonFor(target: string, reason: string | undefined): string | undefined {
  return reason ? `${target} is ${reason}` : undefined;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A drop-in for dns.lookup in http(s).request options that refuses forbidden addresses, so the
 * socket only ever connects to an address that passed the check.
 */
export function guardedLookup(hostname: string, options: { all?: boolean; family?: number | string }, callback: LookupCallback): void {
  const allowLoopback = loopbackAllowed();
  lookup(hostname, { ...options, all: true } as { all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    for (const { address } of addresses) {
      const reason = forbiddenAddress(address, allowLoopback);
      if (reason) {
        const refusal: NodeJS.ErrnoException = new Error(`refused to connect to ${hostname} (${address}): ${reason}`);
        refusal.code = 'EFORBIDDENADDRESS';
        return callback(refusal, []);
      }
    }
    const first = addresses[0];
    if (options.all) return callback(null, addresses);
    if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
    return callback(null, first.address, first.family);
  });
}

/** Save-time check of a partner's channels: a problem per URL that is not public, named by its field. */
export async function channelUrlProblems(
  channels: readonly NotificationChannel[],
  field = 'notificationChannels',
): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  for (const [index, channel] of channels.entries()) {
    const url =
      channel.type === 'webhook' ? channel.url : channel.type === 'wecom' || channel.type === 'dingtalk' ? channel.webhookUrl : undefined;
    if (!url) continue;
    const reason = await forbiddenUrl(url);
    if (reason) {
      const urlField = channel.type === 'webhook' ? 'url' : 'webhookUrl';
      problems.push({ field: `${field}.${index}.${urlField}`, code: 'forbidden_address', detail: `not a public address: ${reason}` });
    }
  }
  return problems;
}
