/**
 * Immediate validation of inspector fields, so a typo is flagged where it is typed. The
 * engine's `validateTopology` remains the authority on the whole document; these checks
 * use the same building blocks (IP/CIDR and domain parsing from the engine's entry).
 */
import {
  DOMAIN_PROBLEM_TEXT,
  ROLE_NAME_PATTERN,
  TOPOLOGY_ID_PATTERN,
  canonicalIp,
  checkEdgeService,
  isDomainProblem,
  parseCidr,
  parseDomainPattern,
} from '../../simulator/index.js';

export interface FieldProblem {
  severity: 'error' | 'warning';
  message: string;
}

/** Splits a list field: commas, spaces or new lines separate items; empty items vanish. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function validateId(
  id: string,
  taken: ReadonlySet<string>,
  what: 'node' | 'zone',
): FieldProblem | null {
  if (id === '') return { severity: 'error', message: `A ${what} needs an id.` };
  if (!TOPOLOGY_ID_PATTERN.test(id)) {
    return {
      severity: 'error',
      message: 'Use lowercase letters, digits and dashes, starting with a letter or digit.',
    };
  }
  if (taken.has(id)) return { severity: 'error', message: `Another ${what} is called "${id}".` };
  return null;
}

export function validateRoles(roles: readonly string[]): FieldProblem | null {
  const bad = roles.find((r) => !ROLE_NAME_PATTERN.test(r));
  if (bad === undefined) return null;
  return {
    severity: 'error',
    message: `"${bad}" is not a valid role: start with a letter; use a-z, 0-9, "-" and "_".`,
  };
}

export function validateAddresses(addresses: readonly string[]): FieldProblem | null {
  for (const a of addresses) {
    if (a.includes('/')) {
      const parsed = parseCidr(a);
      if (!parsed) return { severity: 'error', message: `"${a}" is not an IP address or CIDR.` };
      if (parsed.hostBitsSet) {
        return {
          severity: 'warning',
          message: `"${a}" has host bits set; it is saved as its network.`,
        };
      }
    } else if (canonicalIp(a) === null) {
      return { severity: 'error', message: `"${a}" is not an IP address or CIDR.` };
    }
  }
  return null;
}

export function validateHosts(hosts: readonly string[]): FieldProblem | null {
  for (const h of hosts) {
    const parsed = parseDomainPattern(h);
    if (isDomainProblem(parsed)) {
      return { severity: 'error', message: `"${h}": ${DOMAIN_PROBLEM_TEXT[parsed]}.` };
    }
    if (parsed.wildcard) {
      return {
        severity: 'error',
        message: `"${h}": a node answers to exact names; put wildcards in the policy.`,
      };
    }
  }
  return null;
}

/** The one spelling an edge's service is saved in (`TCP/0443` → `tcp/443`). */
export function canonicalService(service: string): string {
  const check = checkEdgeService(service);
  return check.ok ? check.canonical : service.trim();
}

/** An edge's service is concrete: `tcp/443`, `udp/53`, `icmp`, or a range `tcp/8000-8100`. */
export function validateService(service: string): FieldProblem | null {
  const check = checkEdgeService(service);
  if (check.ok) return null;
  switch (check.problem) {
    case 'not-concrete':
      return {
        severity: 'error',
        message: 'Write tcp/PORT, udp/PORT, a range such as tcp/8000-8100, or icmp.',
      };
    case 'port-range':
      return { severity: 'error', message: 'Ports are 1–65535.' };
    case 'reversed':
      return { severity: 'error', message: `The range must go from low to high: ${check.fixed}.` };
  }
}
