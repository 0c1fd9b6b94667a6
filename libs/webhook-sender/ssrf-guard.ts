import dns from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Raised (never thrown out of `send`) when a target resolves to a non-public address. */
export class BlockedTargetError extends Error {
  readonly code = 'EBLOCKEDTARGET';

  constructor(
    readonly hostname: string,
    readonly address: string,
  ) {
    super(`${hostname} resolves to non-public address ${address}`);
    this.name = 'BlockedTargetError';
  }
}

/**
 * True for every address that is not plain public unicast: loopback, private,
 * link-local, unique-local, CGNAT, multicast, unspecified, broadcast, reserved, ...
 *
 * IPv6 forms that embed an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64,
 * 6to4, Teredo, SIIT) are refused outright, whatever IPv4 address they carry:
 * legitimate receivers publish their native address, and refusing is simpler
 * than trusting each decoding. Unparseable input is refused (fail closed).
 */
export function isForbiddenAddress(ip: string): boolean {
  if (!ipaddr.isValid(ip)) {
    return true;
  }
  const address = ipaddr.parse(ip);
  if (address.range() !== 'unicast') {
    return true;
  }
  return address instanceof ipaddr.IPv6 && isIPv4Compatible(address);
}

// ipaddr.js labels the deprecated IPv4-compatible block ::/96 "unicast", yet it embeds IPv4.
function isIPv4Compatible(address: ipaddr.IPv6): boolean {
  return address.parts.slice(0, 6).every((part) => part === 0);
}

/** Host part of a URL without IPv6 brackets, if it is an IP literal; otherwise null. */
export function ipLiteralOf(url: URL): string | null {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return isIP(host) === 0 ? null : host;
}

export type AllAddressesResolver = (
  hostname: string,
  options: dns.LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void,
) => void;

/**
 * A `lookup` for net/tls `connect` (undici passes `connect.lookup` straight through).
 * Node calls it as `lookup(host, { family, hints, all: true }, (err, addresses) => ...)`
 * when autoSelectFamily is on, else with `all: false` expecting `(err, address, family)`.
 * The socket then connects to exactly the addresses vetted here, so a DNS answer
 * cannot change between the check and the connect.
 */
export function createGuardedLookup(resolve: AllAddressesResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) {
        callback(err, []);
        return;
      }
      // Any forbidden answer blocks the host: otherwise a connect fallback could reach it.
      const forbidden = addresses.find((entry) => isForbiddenAddress(entry.address));
      if (forbidden !== undefined) {
        callback(new BlockedTargetError(hostname, forbidden.address), []);
        return;
      }
      const [first] = addresses;
      if (first === undefined) {
        callback(Object.assign(new Error(`no addresses found for ${hostname}`), { code: 'ENOTFOUND' }), []);
        return;
      }
      if (options.all === true) {
        callback(null, addresses);
      } else {
        callback(null, first.address, first.family);
      }
    });
  };
}

export const guardedLookup: LookupFunction = createGuardedLookup((hostname, options, callback) =>
  dns.lookup(hostname, options, callback),
);
