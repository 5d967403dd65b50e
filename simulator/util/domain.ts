/**
 * DNS names as docs/language.md defines them: at least one dot, ASCII labels of 1–63 characters
 * (letters, digits, hyphens, not starting or ending with a hyphen; underscores tolerated
 * as in SRV-style names), at most 253 characters, compared case-insensitively without a
 * trailing dot. `*.` is allowed only as the whole leftmost label.
 */

export type DomainProblem =
  | 'empty'
  | 'no-dot'
  | 'too-long'
  | 'label-empty'
  | 'label-too-long'
  | 'label-chars'
  | 'label-hyphen'
  | 'wildcard-position';

export interface DomainPattern {
  /** Lower-case, without trailing dot; for a wildcard, the part after `*.`. */
  name: string;
  wildcard: boolean;
}

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/;

/** Normalises a name: lower case, no trailing dot. */
export function normalizeDomain(text: string): string {
  const lower = text.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** Checks a host name or `*.name` pattern; returns the pattern or the first problem found. */
export function parseDomainPattern(text: string): DomainPattern | DomainProblem {
  if (isPlainDomain(text)) return { name: text, wildcard: false };
  let name = normalizeDomain(text);
  let wildcard = false;
  if (name.startsWith('*.')) {
    wildcard = true;
    name = name.slice(2);
  }
  if (name.includes('*')) return 'wildcard-position';
  if (name.length === 0) return 'empty';
  if (name.length > 253) return 'too-long';
  const labels = name.split('.');
  // A wildcard needs a dotted suffix too: `*.com` would allow half the internet and is
  // almost certainly a mistake, so the suffix must itself be a valid domain.
  if (labels.length < 2) return 'no-dot';
  for (const label of labels) {
    if (label.length === 0) return 'label-empty';
    if (label.length > 63) return 'label-too-long';
    if (!/^[a-z0-9_-]+$/.test(label)) return 'label-chars';
    if (!LABEL.test(label)) return 'label-hyphen';
  }
  return { name, wildcard };
}

export function isDomainProblem(r: DomainPattern | DomainProblem): r is DomainProblem {
  return typeof r === 'string';
}

export const DOMAIN_PROBLEM_TEXT: Record<DomainProblem, string> = {
  empty: 'the name is empty',
  'no-dot': 'a domain needs at least one dot',
  'too-long': 'a domain is at most 253 characters',
  'label-empty': 'a label between dots is empty',
  'label-too-long': 'a label is at most 63 characters',
  'label-chars': 'labels may contain only letters, digits, hyphens and underscores',
  'label-hyphen': 'a label may not start or end with a hyphen',
  'wildcard-position': '"*." is allowed only as the whole leftmost label',
};

/** Does `host` (normalised) match the pattern? */
export function domainMatches(pattern: DomainPattern, host: string): boolean {
  return pattern.wildcard ? host.endsWith('.' + pattern.name) : host === pattern.name;
}

/**
 * The common case in one pass without allocating: `text` is already a valid, lower-case
 * domain without a trailing dot or wildcard. False means "check the slow way", which also
 * names the problem.
 */
function isPlainDomain(text: string): boolean {
  return isPlainDomainIn(text, 0, text.length);
}

/**
 * As `isPlainDomain` for the name in `bytes[from, to)` (ASCII): a host cell read from a file's
 * bytes for which this holds is its own value, `parseDomainPattern` of its text being
 * `{ name: text, wildcard: false }`.
 */
export function isPlainDomainBytes(bytes: Uint8Array, from: number, to: number): boolean {
  return isPlainDomainIn(bytes, from, to);
}

function isPlainDomainIn(text: string | Uint8Array, from: number, to: number): boolean {
  const n = to - from;
  if (n === 0 || n > 253) return false;
  const isText = typeof text === 'string';
  let dots = 0;
  let labelStart = from;
  for (let i = from; i <= to; i++) {
    const c = i === to ? 46 : isText ? text.charCodeAt(i) : text[i]!;
    if (c === 46) {
      const length = i - labelStart;
      if (length === 0 || length > 63) return false;
      // No hyphen at either end of a label.
      const first = isText ? text.charCodeAt(labelStart) : text[labelStart];
      const last = isText ? text.charCodeAt(i - 1) : text[i - 1];
      if (first === 45 || last === 45) return false;
      if (i < to) dots++;
      labelStart = i + 1;
    } else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95)) {
      return false;
    }
  }
  return dots > 0;
}
