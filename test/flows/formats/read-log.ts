/**
 * Drives a format as the reader does (non-empty lines in order, then finish) and compares
 * the flows a fixture gives with its golden JSONL, one observed flow a line
 * (`UPDATE_GOLDEN=1 npx vitest run test/flows/formats` rewrites them; review the diff).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type {
  FlowFormat,
  FlowLineOutcome,
  FlowReadContext,
  ObservedFlow,
} from '../../../simulator/flows/flow-format.js';

export const LOG_FIXTURES = join(import.meta.dirname, '../../fixtures/logs');

export function fixtureText(path: string): string {
  return readFileSync(join(LOG_FIXTURES, path), 'utf8');
}

/** Non-empty lines with their 1-based numbers, a trailing CR removed. */
export function numberedLines(text: string): { text: string; line: number }[] {
  return text
    .split('\n')
    .map((raw, i) => ({ text: raw.endsWith('\r') ? raw.slice(0, -1) : raw, line: i + 1 }))
    .filter((l) => l.text.trim() !== '');
}

export function head(text: string): string[] {
  return numberedLines(text)
    .slice(0, 20)
    .map((l) => l.text);
}

export function readLog(
  format: FlowFormat,
  text: string,
  context?: FlowReadContext,
  file = 'log',
): FlowLineOutcome[] {
  const parser = format.open(file, context);
  const out: FlowLineOutcome[] = [];
  for (const { text: line, line: n } of numberedLines(text)) out.push(...parser.push(line, n));
  out.push(...parser.finish());
  return out;
}

export function flowsOf(outcomes: readonly FlowLineOutcome[]): ObservedFlow[] {
  return outcomes.flatMap((o) => (o.kind === 'flow' ? [o.observed] : []));
}

export function problemsOf(
  outcomes: readonly FlowLineOutcome[],
): { line: number; reason: string }[] {
  return outcomes.flatMap((o) =>
    o.kind === 'malformed' ? [{ line: o.line, reason: o.reason }] : [],
  );
}

/** Skip counts by reason (`-` for skips without one). */
export function skipsOf(outcomes: readonly FlowLineOutcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    if (o.kind !== 'skip') continue;
    const key = o.reason ?? '-';
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Compares the flows of `fixture` with `<fixture>.expected.jsonl` beside it. */
export function expectGolden(fixture: string, flows: readonly ObservedFlow[]): void {
  const path = join(LOG_FIXTURES, `${fixture}.expected.jsonl`);
  const actual = flows.map((f) => JSON.stringify(f)).join('\n') + '\n';
  if (process.env.UPDATE_GOLDEN || !existsSync(path)) writeFileSync(path, actual);
  expect(actual, `${fixture}: golden flows (UPDATE_GOLDEN=1 rewrites them)`).toBe(
    readFileSync(path, 'utf8'),
  );
}
