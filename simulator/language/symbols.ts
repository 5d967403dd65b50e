/**
 * What the editor needs besides diagnostics: every definition (hover, go-to-definition,
 * completion) and every reference (go-to-definition, find references).
 */
import type { Range } from '../core/diagnostic.js';

export type DefinitionKind = 'hosts' | 'nets' | 'services' | 'rule';
export type ReferenceKind = 'set' | 'rule' | 'role' | 'node' | 'zone';

export interface SymbolDefinition {
  name: string;
  kind: DefinitionKind;
  /** The range of the name where it is defined. */
  range: Range;
  /** The range of the whole defining statement. */
  statementRange: Range;
  /** The comment block directly above the statement; null if none. */
  description: string | null;
}

export interface SymbolReference {
  name: string;
  /**
   * `set`: a set name used in a rule or set; `rule`: the name after `by` (also `default`
   * and `inbound`); `role`/`node`/`zone`: a topology reference (the range covers the name
   * after the colon).
   */
  kind: ReferenceKind;
  range: Range;
}

export interface PolicySymbols {
  /** In file order; a duplicate definition is listed too. */
  definitions: SymbolDefinition[];
  /** Sorted by position. */
  references: SymbolReference[];
}
