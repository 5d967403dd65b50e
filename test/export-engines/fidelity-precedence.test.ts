/**
 * One precedence for every exporter's fidelity (simulator/export/model/fidelity.ts): a rule
 * graded from findings and a rule graded from notes get the same grade for the same facts,
 * and "widened" is never hidden behind a milder grade.
 */
import { describe, expect, it } from 'vitest';
import {
  FidelityBook,
  PRECEDENCE,
  fidelityEntry,
  gradeOf,
  type Finding,
} from '../../simulator/export/model/fidelity.js';

describe('fidelity precedence', () => {
  it('puts widened first, then unsupported, narrowed, delegated', () => {
    expect(PRECEDENCE).toEqual(['widened', 'unsupported', 'narrowed', 'delegated']);
    expect(gradeOf([])).toBe('exact');
    expect(gradeOf(['delegated', 'unsupported', 'widened'])).toBe('widened');
    expect(gradeOf(['narrowed', 'unsupported'])).toBe('unsupported');
    expect(gradeOf(['delegated', 'narrowed'])).toBe('narrowed');
  });

  it('grades every combination alike from findings and from notes', () => {
    const effects = { widened: 'widens', narrowed: 'narrows', delegated: 'delegates' } as const;
    const kinds: Finding[] = ['widened', 'narrowed', 'delegated'];
    for (let mask = 1; mask < 1 << kinds.length; mask++) {
      const chosen = kinds.filter((_, i) => mask & (1 << i));
      const book = new FidelityBook();
      for (const k of chosen) book.add('r', k, `because ${k}`);
      const notes = chosen.map((k) => ({ effect: effects[k as keyof typeof effects], text: k }));
      expect(fidelityEntry('r', 'allow', notes, true).fidelity, chosen.join('+')).toBe(
        book.entry('r').fidelity,
      );
    }
  });

  it('a deny left out of the target with a widening note is widened, not unsupported', () => {
    const entry = fidelityEntry(
      'd',
      'deny',
      [
        { effect: 'widens', text: 'node x has no addresses' },
        { effect: 'unsupported', text: 'names are invisible' },
      ],
      false,
    );
    expect(entry.fidelity).toBe('widened');
    expect(entry.reason).toBe('node x has no addresses; names are invisible');
  });

  it('a finding book with unsupported and widened findings says widened, reason first', () => {
    const book = new FidelityBook();
    book.add('r', 'unsupported', 'names are invisible');
    book.add('r', 'widened', 'methods are invisible');
    expect(book.entry('r')).toEqual({
      rule: 'r',
      fidelity: 'widened',
      reason: 'widened: methods are invisible; unsupported: names are invisible',
    });
  });
});
