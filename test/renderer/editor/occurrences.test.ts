/** The occurrences the editor highlights: one name's definition and uses, nothing else. */
import { describe, expect, it } from 'vitest';
import { checkPolicy } from '../../../simulator/index.js';
import { symbolOccurrences } from '../../../renderer/editor/occurrences.js';

const policy = [
  'policy p', //                                                   1
  'hosts pypi = pypi.org', //                                      2
  'hosts mirrors = pypi, mirror.example.com', //                   3
  'allow deps from role:trainer to pypi on tcp/443', //           4
  'allow more from role:trainer, node:nb to mirrors on tcp/443', // 5
  'expect allow node:nb -> pypi.org on tcp/443 by deps', //        6
  'nets trainer = 10.0.0.0/8', //                                  7
  '',
].join('\n');
const { symbols } = checkPolicy(policy);

/** `line:column` of each occurrence's start, `*` marking the definition. */
function at(line: number, column: number): string[] {
  return symbolOccurrences(symbols, line, column).map(
    (o) => `${o.range.start.line}:${o.range.start.column}${o.definition ? '*' : ''}`,
  );
}

describe('symbolOccurrences', () => {
  it('gives a set its definition and every use, from the definition or from a use', () => {
    const pypi = ['2:7*', '3:17', '4:33'];
    expect(at(2, 8)).toEqual(pypi);
    expect(at(4, 34)).toEqual(pypi);
  });

  it('gives a rule its definition and the expectations naming it', () => {
    expect(at(6, 49)).toEqual(['4:7*', '6:48']);
  });

  it('gives a topology name its uses under the same prefix only, not a set of that name', () => {
    expect(at(4, 23)).toEqual(['4:22', '5:22']);
    expect(at(7, 6)).toEqual(['7:6*']);
    expect(at(5, 37)).toEqual(['5:36', '6:19']);
  });

  it('gives keywords, literals and blank space nothing', () => {
    expect(at(4, 2)).toEqual([]); // allow
    expect(at(2, 15)).toEqual([]); // pypi.org
    expect(at(8, 1)).toEqual([]);
  });
});
