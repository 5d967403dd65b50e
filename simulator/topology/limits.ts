/**
 * Input limits of a topology (docs/language.md "Input limits"). A hostile or mistaken file
 * must cost bounded time and memory, so size, line length and nesting are measured on the
 * text before the YAML parser runs (its composer recurses once per nesting level), and the
 * counts on the plain data before validation.
 */
import { isMapping } from './read-document.js';
import type { FieldPath } from './field-path.js';

export const TOPOLOGY_LIMITS = {
  /** Characters of text (UTF-16 code units). */
  characters: 2 * 1024 * 1024,
  lineLength: 100_000,
  /** Nested collections (block and flow together). */
  depth: 32,
  /** Alias nodes (`*name`) the document may resolve. */
  aliases: 1_000,
  zones: 1_000,
  nodes: 20_000,
  edges: 100_000,
  /** Entries of one list inside a zone or node (cidrs, roles, addresses, hosts). */
  listEntries: 10_000,
} as const;

export interface LimitProblem {
  /** What is too large, in the user's words (`a line of 120,000 characters`). */
  problem: string;
  /** The limit in the same unit (`100,000 characters`). */
  limit: string;
  /** What to do. */
  advice: string;
}

export interface TextLimitProblem extends LimitProblem {
  /** Where in the text (an offset), for the diagnostic's range. */
  offset: number;
}

export function count(n: number, unit: string): string {
  return `${n.toLocaleString('en')} ${unit}`;
}

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const HASH = 35;
const DASH = 45;
const QUESTION = 63;
const COLON = 58;
const COMMA = 44;
const OPEN_SQUARE = 91;
const CLOSE_SQUARE = 93;
const OPEN_CURLY = 123;
const CLOSE_CURLY = 125;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const BACKSLASH = 92;

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

/**
 * One linear pass over the text: its size, its longest line, and an upper estimate of its
 * nesting (open indentation levels, `- ` and `? ` entries starting on one line, and open
 * `[`/`{` where a node may start, outside quotes and comments). Null when all are within
 * the limits. An estimate errs on the high side only for contrived files; a real topology
 * nests five levels.
 */
export function scanTopologyText(text: string): TextLimitProblem | null {
  const L = TOPOLOGY_LIMITS;
  if (text.length > L.characters) {
    return {
      problem: `a file of ${count(text.length, 'characters')}`,
      limit: count(L.characters, 'characters'),
      advice: 'a topology lists zones, nodes and edges by hand; check that this is the right file',
      offset: 0,
    };
  }
  const indents: number[] = [];
  // Block depth of the last line read outside quotes and flow collections.
  let depth = 0;
  let flow = 0;
  let quote = 0;
  // Inside a block scalar (`note: |`): lines indented deeper than its key are text.
  let scalarIndent = -1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const lineStart = i;
    let lineEnd = i;
    while (lineEnd < n && text.charCodeAt(lineEnd) !== LF && text.charCodeAt(lineEnd) !== CR) {
      lineEnd++;
    }
    if (lineEnd - lineStart > L.lineLength) {
      return {
        problem: `a line of ${count(lineEnd - lineStart, 'characters')}`,
        limit: count(L.lineLength, 'characters'),
        advice: 'break long lists [a, b, …] into one "- item" per line',
        offset: lineStart,
      };
    }
    let j = lineStart;
    if (quote === 0 && flow === 0) {
      while (j < lineEnd && text.charCodeAt(j) === SPACE) j++;
      const indent = j - lineStart;
      if (scalarIndent >= 0 && (j === lineEnd || indent > scalarIndent)) {
        i = nextLine(text, lineEnd);
        continue;
      }
      scalarIndent = -1;
      const blankLine = j === lineEnd || text.charCodeAt(j) === HASH;
      if (!blankLine) {
        while (indents.length > 0 && indents[indents.length - 1]! > indent) indents.pop();
        if (indents.length === 0 || indents[indents.length - 1]! < indent) indents.push(indent);
        depth = indents.length;
        // `- - - x` opens one collection per marker on a single line.
        for (;;) {
          const c = text.charCodeAt(j);
          if ((c !== DASH && c !== QUESTION) || j + 1 > lineEnd) break;
          if (j + 1 < lineEnd && !isBlank(text.charCodeAt(j + 1))) break;
          depth++;
          j++;
          while (j < lineEnd && isBlank(text.charCodeAt(j))) j++;
        }
      }
    }
    // A `[`, `{` or quote starts a node only where a node may start: at the start of the
    // content, or after `:`, `,`, `[`, `{` or `-` (and blanks). Elsewhere it is plain text.
    let nodeMayStart = true;
    for (; j < lineEnd; j++) {
      const c = text.charCodeAt(j);
      if (quote !== 0) {
        if (quote === DOUBLE_QUOTE && c === BACKSLASH) j++;
        else if (c === quote) {
          if (quote === SINGLE_QUOTE && text.charCodeAt(j + 1) === SINGLE_QUOTE) j++;
          else quote = 0;
        }
        continue;
      }
      if (isBlank(c)) continue;
      if (c === HASH && (j === lineStart || isBlank(text.charCodeAt(j - 1)))) break;
      if (nodeMayStart && (c === OPEN_SQUARE || c === OPEN_CURLY)) {
        flow++;
        if (depth + flow > L.depth) return deepNesting(j);
        continue; // still where a node may start
      }
      if (nodeMayStart && (c === DOUBLE_QUOTE || c === SINGLE_QUOTE)) {
        quote = c;
        nodeMayStart = false;
        continue;
      }
      if ((c === CLOSE_SQUARE || c === CLOSE_CURLY) && flow > 0) flow--;
      nodeMayStart = c === COLON || c === COMMA || c === DASH;
    }
    if (depth + flow > L.depth) return deepNesting(lineStart);
    if (quote === 0 && flow === 0 && BLOCK_SCALAR.test(text.slice(lineStart, lineEnd))) {
      scalarIndent = lineIndent(text, lineStart, lineEnd);
    }
    i = nextLine(text, lineEnd);
  }
  return null;
}

/** A line whose value is a block scalar header: `key: |`, `- >-`, `note: |2 # comment`. */
const BLOCK_SCALAR = /(?:^|[\s:-])[|>][-+0-9]*\s*(?:#.*)?$/;

function lineIndent(text: string, from: number, to: number): number {
  let j = from;
  while (j < to && text.charCodeAt(j) === SPACE) j++;
  return j - from;
}

function nextLine(text: string, lineEnd: number): number {
  let i = lineEnd;
  if (text.charCodeAt(i) === CR) i++;
  if (text.charCodeAt(i) === LF) i++;
  return i;
}

function deepNesting(offset: number): TextLimitProblem {
  return {
    problem: `lists and mappings nested ${TOPOLOGY_LIMITS.depth + 1} levels deep`,
    limit: `${TOPOLOGY_LIMITS.depth} levels`,
    advice: 'a topology nests five levels (nodes, a node, its addresses); check the [ and { here',
    offset,
  };
}

const LISTS: Record<'zones' | 'nodes' | 'edges', readonly string[]> = {
  zones: ['cidrs'],
  nodes: ['roles', 'addresses', 'hosts'],
  edges: [],
};

/** The first count over its limit in the plain data of a topology, with its field path. */
export function checkTopologyCounts(
  raw: Record<string, unknown>,
): (LimitProblem & { at: FieldPath }) | null {
  for (const key of ['zones', 'nodes', 'edges'] as const) {
    const items = raw[key];
    if (!Array.isArray(items)) continue;
    const limit = TOPOLOGY_LIMITS[key];
    if (items.length > limit) {
      return {
        problem: count(items.length, key),
        limit: count(limit, key),
        advice:
          'split the platform into several projects, or group similar hosts into one node with a CIDR',
        at: [key, limit],
      };
    }
    for (const [index, item] of items.entries()) {
      if (!isMapping(item)) continue;
      for (const list of LISTS[key]) {
        const entries = item[list];
        if (Array.isArray(entries) && entries.length > TOPOLOGY_LIMITS.listEntries) {
          return {
            problem: count(entries.length, `entries in one ${list} list`),
            limit: count(TOPOLOGY_LIMITS.listEntries, 'entries'),
            advice: 'merge neighbouring addresses into CIDRs, or split the item',
            at: [key, index, list, TOPOLOGY_LIMITS.listEntries],
          };
        }
      }
    }
  }
  return null;
}
