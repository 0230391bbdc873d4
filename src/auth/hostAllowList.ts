import type { IncomingMessage } from 'node:http';
import { AppError, ErrorCode } from '../shared/errors.js';

/**
 * The Host allow-list against DNS rebinding: a page on an attacker's name that re-resolves to
 * 127.0.0.1 talks to a local server "same-origin" (its Origin and Host both name the attacker's
 * host), so neither CORS nor the same-origin rules stop it. Only the Host header tells it apart,
 * and a browser sets that header itself. Names a rebinding cannot use (loopback) always pass.
 * Only a keyless (local mode) server needs it by default: with API keys a rebinding page has no
 * key to send, and a reverse proxy passing the public Host to a loopback bind must not be refused.
 */

/** Names that resolve to loopback wherever the browser runs: an attacker cannot point them elsewhere. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/**
 * When the check runs: `on` with INSIGHTQL_ALLOWED_HOSTS; `off` with `*`, or a public bind without
 * a list; `local` on a loopback bind without a list, while the server is in local mode (no key).
 */
export type HostCheck = 'on' | 'off' | 'local';

export interface HostPolicy {
  check: HostCheck;
  /** Accepted names on any port (lower case, no trailing dot). */
  names: ReadonlySet<string>;
  /** Accepted `name:port` pairs (entries written with a port). */
  hostPorts: ReadonlySet<string>;
}

/** True for an address only this machine can reach: there, local mode checks Host by default. */
export function isLoopbackBind(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/**
 * The policy for a server bound to `bindHost`: with `configured` (INSIGHTQL_ALLOWED_HOSTS), those
 * names plus loopback on any bind and in any mode (`*` turns the check off); without it, loopback
 * names only, and only while a loopback-bound server is in local mode. A keyed server, or one on a
 * public bind, has API keys as the wall (a rebinding page has no key to send).
 */
export function hostPolicy(configured: readonly string[] | undefined, bindHost: string): HostPolicy {
  const list = configured ?? [];
  const check: HostCheck = list.length ? (list.includes('*') ? 'off' : 'on') : isLoopbackBind(bindHost) ? 'local' : 'off';
  const names = new Set(LOOPBACK_NAMES);
  const hostPorts = new Set<string>();
  for (const entry of list) {
    const { name, port } = splitHost(entry);
    if (port === null) names.add(name);
    else hostPorts.add(`${name}:${port}`);
  }
  return { check, names, hostPorts };
}

/** `name` (lower case, brackets kept on IPv6, no trailing dot) and `port` of a Host value. */
export function splitHost(value: string): { name: string; port: string | null } {
  const v = value.trim().toLowerCase();
  let name = v;
  let port: string | null = null;
  if (v.startsWith('[')) {
    const end = v.indexOf(']');
    name = end < 0 ? v : v.slice(0, end + 1);
    const rest = end < 0 ? '' : v.slice(end + 1);
    if (rest.startsWith(':')) port = rest.slice(1);
  } else {
    const colon = v.indexOf(':');
    // More than one colon is an unbracketed IPv6 address, which no browser sends: it matches nothing.
    if (colon >= 0 && v.indexOf(':', colon + 1) < 0) {
      name = v.slice(0, colon);
      port = v.slice(colon + 1);
    }
  }
  return { name: name.replace(/\.$/, ''), port };
}

/**
 * True when a request's Host is one `policy` names (any Host when the check is `off`), whatever the
 * mode. A request without Host (HTTP/1.0 from a program) did not come from a browser, so it cannot
 * be a rebinding.
 */
export function hostAllowed(host: string | string[] | undefined, policy: HostPolicy): boolean {
  if (policy.check === 'off') return true;
  const h = Array.isArray(host) ? host[0] : host;
  if (h === undefined || h === '') return true;
  const { name, port } = splitHost(h);
  return policy.names.has(name) || (port !== null && policy.hostPorts.has(`${name}:${port}`));
}

/**
 * True when a request may go on: its Host is allowed, or the check is `local` and the server has
 * left local mode (`localMode`: Authenticator.localMode). Mode is asked only for a Host outside the
 * list, so listed Hosts cost no lookup; a failed lookup counts as local mode (refuse: fail closed).
 */
export async function hostAdmitted(host: string | string[] | undefined, policy: HostPolicy, localMode: () => Promise<boolean>): Promise<boolean> {
  if (hostAllowed(host, policy)) return true;
  if (policy.check === 'on') return false;
  return !(await localMode().catch(() => true));
}

/** The refusal of a Host outside the list: 403 FORBIDDEN, `details.reason` "host_not_allowed". */
export function hostRefusal(req: IncomingMessage): AppError {
  const host = String(req.headers.host ?? '').slice(0, 200);
  return new AppError(ErrorCode.FORBIDDEN, `host '${host}' is not allowed: add it to INSIGHTQL_ALLOWED_HOSTS (this guards a local server against DNS rebinding)`, { reason: 'host_not_allowed', host });
}
