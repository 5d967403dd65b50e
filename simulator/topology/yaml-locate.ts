/**
 * Field paths → ranges in the YAML text, so that a topology diagnostic points at the line
 * and column of the value (or key) it is about. A path that does not exist in the text (a
 * missing key, or a key a migration renamed) points at the first line of the nearest
 * enclosing item.
 */
import type { Document, LineCounter, Node as YamlNode } from 'yaml';
import { isMap, isScalar, isSeq } from 'yaml';
import type { Position, Range } from '../core/diagnostic.js';
import type { FieldPath } from './field-path.js';

type Span = [start: number, end: number];

function positionAt(lineCounter: LineCounter, offset: number): Position {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col, offset };
}

function nodeSpan(node: YamlNode): Span | undefined {
  const range = node.range;
  return range ? [range[0], range[1]] : undefined;
}

/** The end of the line that `offset` is on (before any `\r\n`). */
function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  const end = nl < 0 ? text.length : nl;
  return end > offset && text[end - 1] === '\r' ? end - 1 : end;
}

export function yamlLocator(
  doc: Document,
  lineCounter: LineCounter,
  text: string,
): (at: FieldPath, key: boolean) => Range {
  const toRange = ([start, end]: Span): Range => ({
    start: positionAt(lineCounter, start),
    end: positionAt(lineCounter, Math.max(start, end)),
  });

  return (at, key) => {
    let node: unknown = doc.contents;
    let keySpan: Span | undefined;
    let found = true;
    for (const segment of at) {
      let next: unknown;
      keySpan = undefined;
      if (isMap(node) && typeof segment === 'string') {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
        if (pair) {
          next = pair.value;
          keySpan = isScalar(pair.key) ? nodeSpan(pair.key) : undefined;
          // `key:` with no value: point at the key.
          if (next === null || next === undefined) {
            node = pair.key;
            break;
          }
        }
      } else if (isSeq(node) && typeof segment === 'number') {
        next = node.items[segment];
      }
      if (next === undefined || next === null) {
        found = false;
        break;
      }
      node = next;
    }
    if (found && key && keySpan) return toRange(keySpan);
    const span =
      node && typeof node === 'object' && 'range' in node ? nodeSpan(node as YamlNode) : undefined;
    if (!span) return toRange([0, lineEnd(text, 0)]);
    if (found && isScalar(node)) return toRange(span);
    // A collection, or the nearest item of a missing path: its first line only.
    return toRange([span[0], Math.min(span[1], lineEnd(text, span[0]))]);
  };
}
