/**
 * `egress explain PROJECT "node:trainer -> pypi.org on tcp/443 method GET path /x"`: the
 * flow part of an `expect` line, without `expect`, verdict and `by`.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import { LANGUAGE_DIAGNOSTICS as D } from '../diagnostics/catalog-language.js';
import type { FlowSpecNode } from './ast.js';
import { CheckContext } from './check-context.js';
import { DiagnosticSink } from './diagnostic-sink.js';
import type { CheckedFlow } from './flow-items.js';
import { checkFlowItems } from './flow-items.js';
import { STATEMENT_SYNTAX } from './keywords.js';
import { fileStartRange } from './ranges.js';
import { scan } from './scanner.js';
import { readFlowSpec } from './statements.js';
import { StatementAborted, TokenReader } from './token-reader.js';

/** One flow: where from, where to, which service, and the HTTP method and path if known. */
export type FlowSpec = CheckedFlow;

export function parseFlowSpec(text: string): { spec?: FlowSpec; diagnostics: Diagnostic[] } {
  const sink = new DiagnosticSink(undefined);
  const source = String(text);
  if (source.includes('\u0000')) {
    sink.report(D.binaryFile, {}, fileStartRange());
    return { diagnostics: sink.sorted() };
  }
  const tokens = scan(source).tokens.filter((t) => t.kind !== 'comment');
  if (tokens.length === 0) {
    sink.report(
      D.expectedToken,
      { expected: 'a flow', found: 'nothing', syntax: STATEMENT_SYNTAX.flow },
      fileStartRange(),
    );
    return { diagnostics: sink.sorted() };
  }
  const node: FlowSpecNode = {
    endpoint: null,
    target: null,
    service: null,
    method: null,
    path: null,
  };
  try {
    readFlowSpec(new TokenReader(tokens, sink, 'flow'), node, () => undefined);
  } catch (e) {
    if (!(e instanceof StatementAborted)) throw e;
  }
  const ctx = new CheckContext(sink, undefined);
  const flow = checkFlowItems(ctx, node);
  const diagnostics = sink.sorted();
  if (flow === null || diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return { spec: flow, diagnostics };
}
