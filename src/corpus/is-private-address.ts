import { BlockList, isIP } from 'node:net';

const ipv4Ranges: [string, number][] = [
  ['0.0.0.0', 8], // "this network", including 0.0.0.0
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, including cloud metadata endpoints
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved and broadcast
];

const ipv6Ranges: [string, number][] = [
  ['::', 128], // unspecified
  ['::1', 128],
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // deprecated site-local
  ['ff00::', 8], // multicast
];

// Separate lists because a BlockList matches IPv4 addresses against IPv4-mapped IPv6 rules and the other way round.
const blockedIpv4 = new BlockList();
for (const [network, prefix] of ipv4Ranges) blockedIpv4.addSubnet(network, prefix, 'ipv4');
const blockedIpv6 = new BlockList();
for (const [network, prefix] of ipv6Ranges) blockedIpv6.addSubnet(network, prefix, 'ipv6');
// IPv4-mapped IPv6 addresses reach an IPv4 host, so they are refused whatever they map to.
const mappedIpv4 = new BlockList();
mappedIpv4.addSubnet('::ffff:0:0', 96, 'ipv6');
// NAT64 (DNS64 networks give every IPv4-only site such an address): judged by the IPv4 address inside.
const nat64 = new BlockList();
nat64.addSubnet('64:ff9b::', 96, 'ipv6');

/**
 * Tells whether an IP address is one a fetch on a user's behalf must not reach: loopback, private, link-local,
 * carrier-grade NAT, unique-local, unspecified, multicast, reserved or IPv4-mapped IPv6. Anything that is not an IP
 * address counts as private, so a caller can never be talked into trusting a host name by mistake.
 */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const version = isIP(bare);
  if (version === 4) return blockedIpv4.check(bare, 'ipv4');
  if (version !== 6) return true;
  if (nat64.check(bare, 'ipv6')) return blockedIpv4.check(embeddedIpv4(bare), 'ipv4');
  return mappedIpv4.check(bare, 'ipv6') || blockedIpv6.check(bare, 'ipv6');
}

/** The IPv4 address in the last 32 bits of an IPv6 address. */
function embeddedIpv4(ipv6: string): string {
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(ipv6)?.[1];
  if (dotted !== undefined) return dotted;
  const [head = '', tail] = ipv6.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = [
    ...headGroups,
    ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'),
    ...tailGroups,
  ];
  const high = parseInt(groups[6] ?? '0', 16);
  const low = parseInt(groups[7] ?? '0', 16);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}
