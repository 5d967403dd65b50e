/**
 * Finds a key written twice in a JSON object. `JSON.parse` keeps the last value silently,
 * so `{"src":"trainer","src":"10.0.0.1"}` would be read as a different flow than a reader of
 * the first half thinks: such a line is malformed.
 */

/**
 * The first key of the top-level object `text` (valid JSON, already parsed to `value`) that
 * appears twice, or undefined. Fast path: without escapes, a key written twice is its quoted
 * text found twice; only then (or with escapes) is the text scanned.
 */
export function duplicateKey(text: string, value: object): string | undefined {
  if (text.includes('\\')) return duplicateKeyScan(text);
  for (const key in value) {
    const quoted = '"' + key + '"';
    if (text.indexOf(quoted) !== text.lastIndexOf(quoted)) return duplicateKeyScan(text);
  }
  return undefined;
}

/** The plain reference: walks the top-level members of a valid JSON object. */
export function duplicateKeyScan(text: string): string | undefined {
  const seen = new Set<string>();
  let i = skipSpace(text, 0);
  if (text[i] !== '{') return undefined;
  i = skipSpace(text, i + 1);
  while (i < text.length && text[i] !== '}') {
    const end = stringEnd(text, i);
    const key = JSON.parse(text.slice(i, end)) as string;
    if (seen.has(key)) return key;
    seen.add(key);
    i = skipSpace(text, end);
    i = skipValue(text, skipSpace(text, i + 1)); // past the ':'
    i = skipSpace(text, i);
    if (text[i] === ',') i = skipSpace(text, i + 1);
  }
  return undefined;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  return i;
}

/** The index after the string literal that starts at `i`. */
function stringEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j + 1;
  }
  return text.length;
}

/** The index after the value that starts at `i`. */
function skipValue(text: string, i: number): number {
  let depth = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      i = stringEnd(text, i);
      if (depth === 0) return i;
      continue;
    }
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (depth === 0) return i;
      depth--;
      if (depth === 0) return i + 1;
    } else if (c === ',' && depth === 0) return i;
    i++;
  }
  return i;
}
