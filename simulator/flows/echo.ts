/**
 * How a message shows a value it read from an input: quoted, cut at a readable length, and
 * with control characters escaped, so that a hostile or binary line can neither flood a
 * terminal nor move its cursor.
 */

/** Longest part of a value a message repeats (in UTF-16 units), before the ellipsis. */
export const ECHO_LIMIT = 80;

/** `"value"`, cut and escaped as `clip` does. */
export function echo(value: string): string {
  return `"${clip(value)}"`;
}

/** The value with controls escaped, cut at ECHO_LIMIT characters with an ellipsis. */
export function clip(value: string): string {
  let cut = value.length > ECHO_LIMIT ? value.slice(0, ECHO_LIMIT) : value;
  // Never half a surrogate pair.
  if (cut.length < value.length && /[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return escapeControls(cut) + (cut.length < value.length ? '…' : '');
}

/** C0 and C1 controls and DEL as `\n`, `\t`, `\r` or `\u00XX`; everything else as is. */
export function escapeControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
  });
}
