/**
 * Text that firewall and proxy exporters carry from the policy into generated files: the
 * comment block above each rule (so that a reviewer of `egress.nft` or `squid.conf` sees why
 * a destination is allowed) and the kernel log prefix of logged rules.
 */
import type { Rule } from '../../core/model.js';
import { reviewFields } from '../../core/review-text.js';
import { sha256Hex } from '../../util/sha256.js';
import type { FidelityEntry } from '../types.js';

/** A description as comment-safe lines: no control characters, no trailing blanks. */
export function descriptionLines(description: string | null): string[] {
  if (description === null) return [];
  return description.split(/\r\n|\r|\n/).map((line) => withoutControlCharacters(line).trimEnd());
}

function withoutControlCharacters(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    out += code < 0x20 || code === 0x7f ? ' ' : ch;
  }
  return out;
}

/** The comment block (without comment markers) that introduces a rule in an exported file. */
export function ruleCommentLines(rule: Rule, fidelity: FidelityEntry): string[] {
  const flags = rule.log ? ' (log)' : '';
  const lines = [`${rule.action} ${rule.id}${flags}`];
  for (const line of descriptionLines(rule.description)) lines.push(`  ${line}`.trimEnd());
  const review = ruleReviewText(rule);
  if (review !== null) lines.push(`  ${review}`);
  if (fidelity.fidelity !== 'exact') {
    lines.push(...wrapText(`fidelity: ${fidelity.fidelity}: ${fidelity.reason ?? ''}`, 2, 4));
  }
  return lines;
}

/**
 * `owner: …, ticket: …, review-by: …` of a rule, comment-safe, or null when it has none: every
 * exported rule names who answers for it and when it is looked at again.
 */
export function ruleReviewText(rule: Rule): string | null {
  const fields = reviewFields(rule.review);
  return fields.length === 0 ? null : withoutControlCharacters(fields.join(', '));
}

/** Comment text wider than this is wrapped at spaces. */
const COMMENT_WIDTH = 96;

/** Word-wraps `text`; the first line is indented by `first` spaces, the rest by `rest`. */
export function wrapText(text: string, first: number, rest: number): string[] {
  const lines: string[] = [];
  let line = ' '.repeat(first);
  let empty = true;
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (!empty && line.length + 1 + word.length > COMMENT_WIDTH) {
      lines.push(line);
      line = ' '.repeat(rest);
      empty = true;
    }
    line += (empty ? '' : ' ') + word;
    empty = false;
  }
  if (!empty) lines.push(line);
  return lines;
}

/** Prefixes each line with `marker` (`#`), leaving empty lines as a bare marker. */
export function commentBlock(lines: readonly string[], marker: string, indent = ''): string[] {
  return lines.map((l) => (l === '' ? `${indent}${marker}` : `${indent}${marker} ${l}`));
}

/**
 * `egress:<id> ` — the prefix the kernel writes before each logged packet, so that log lines
 * name the deciding rule (`egress-audit:<id> ` for audit mode's would-be denials). Kernels cap
 * the prefix (iptables LOG: 29 characters, nft: 127); a longer id is cut and given a short
 * hash, so that two long ids still log differently.
 */
export function logPrefix(id: string, maxLength: number, tag = 'egress'): string {
  const full = `${tag}:${id} `;
  if (full.length <= maxLength) return full;
  const hash = sha256Hex(id).slice(0, 4);
  const keep = maxLength - `${tag}:`.length - '~'.length - hash.length - ' '.length;
  return `${tag}:${id.slice(0, keep)}~${hash} `;
}
