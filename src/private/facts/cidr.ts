import { isIPv4, isIPv6 } from 'node:net';

// CIDR blocks as Go's net.ParseCIDR reads them (NetworkPolicy ipBlock, API server ranges).

/** Why `cidr` is not an IPv4 or IPv6 CIDR block; undefined when it is. */
export function cidrProblem(cidr: string): { problem: string; fix: string } | undefined {
  const fix = 'give an address and a prefix length, such as "10.0.0.0/8" or "fd00::/8"';
  const m = /^([^/]+)\/(\d{1,3})$/.exec(cidr);
  if (!m) return { problem: 'is not a CIDR block', fix };
  const [, ip, bits] = m;
  if (isIPv4(ip)) return Number(bits) <= 32 && !/^0\d/.test(bits) ? undefined : { problem: 'has an IPv4 prefix length over 32', fix };
  if (isIPv6(ip) && !ip.includes('%')) return Number(bits) <= 128 && !/^0\d/.test(bits) ? undefined : { problem: 'has an IPv6 prefix length over 128', fix };
  return { problem: 'does not start with an IPv4 or IPv6 address', fix };
}
