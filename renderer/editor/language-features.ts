/**
 * Completion, hover, occurrences, go-to-definition and formatting for `.egress`, fed by the
 * latest engine analysis (symbols, checked model) and the topology in the store. Registered
 * once per language; each call reads the store's current state.
 */
import type { Range as EngineRange } from '../../simulator/index.js';
import type { StudioStore } from '../store/studio-store.js';
import type { EngineClient } from '../worker/engine-client.js';
import type { SymbolDefinition } from '../worker/protocol.js';
import { completionSlot, rankRoles } from './completion-context.js';
import { EGRESS_LANGUAGE_ID, HTTP_METHODS } from './egress-language.js';
import { contains, symbolOccurrences } from './occurrences.js';
import { describeSymbol } from './symbol-docs.js';
import { monaco } from './monaco.js';

const COMMON_SERVICES = [
  'tcp/443',
  'tcp/80',
  'udp/53',
  'tcp/53',
  'tcp/5432',
  'tcp/6379',
  'tcp/9092',
  'icmp',
  'tcp',
  'udp',
  'any',
];

const STATEMENT_SNIPPETS: { label: string; insert: string; detail: string }[] = [
  {
    label: 'allow',
    insert: 'allow ${1:rule-id} from ${2:role:name} to ${3:example.com} on ${4:tcp/443}',
    detail: 'Allow rule',
  },
  {
    label: 'deny',
    insert: 'deny ${1:rule-id} from ${2:any} to ${3:destination}',
    detail: 'Deny rule',
  },
  { label: 'hosts', insert: 'hosts ${1:name} = ${2:example.com}', detail: 'Named set of domains' },
  {
    label: 'nets',
    insert: 'nets ${1:name} = ${2:10.0.0.0/8}',
    detail: 'Named set of IPs and CIDRs',
  },
  {
    label: 'services',
    insert: 'services ${1:name} = ${2:tcp/443}',
    detail: 'Named set of services',
  },
  {
    label: 'expect',
    insert: 'expect ${1|allow,deny|} node:${2:name} -> ${3:example.com} on ${4:tcp/443}',
    detail: 'Expectation',
  },
  { label: 'default', insert: 'default ${1|deny,allow|} log', detail: 'Default decision' },
  { label: 'policy', insert: 'policy ${1:name}', detail: 'Policy name' },
];

let registered = false;

function toMonacoRange(r: EngineRange): monaco.Range {
  return new monaco.Range(r.start.line, r.start.column, r.end.line, r.end.column);
}

export function registerLanguageFeatures(store: StudioStore, engine?: EngineClient): void {
  if (registered) return;
  registered = true;
  const K = monaco.languages.CompletionItemKind;

  monaco.languages.registerCompletionItemProvider(EGRESS_LANGUAGE_ID, {
    triggerCharacters: [':', ' ', ','],
    provideCompletionItems(model, position) {
      const state = store.getState();
      // A statement spans a few lines: the last ones before the cursor are enough.
      const slot = completionSlot(
        model.getValueInRange(
          new monaco.Range(
            Math.max(1, position.lineNumber - 40),
            1,
            position.lineNumber,
            position.column,
          ),
        ),
      );
      const word = model.getWordUntilPosition(position);
      const range = new monaco.Range(
        position.lineNumber,
        word.startColumn,
        position.lineNumber,
        position.column,
      );
      const t = state.doc.history.present;
      // Read only where a slot offers names: the first read after a check parses the symbols.
      const defs = (): readonly SymbolDefinition[] => state.analysis?.symbols.definitions ?? [];
      const items: monaco.languages.CompletionItem[] = [];
      const push = (
        label: string,
        kind: monaco.languages.CompletionItemKind,
        detail: string,
        insert = label,
        snippet = false,
      ): void => {
        items.push({
          label,
          kind,
          detail,
          insertText: insert,
          range,
          ...(snippet
            ? { insertTextRules: monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet }
            : {}),
        });
      };
      if (slot.kind === 'topology') {
        const r = new monaco.Range(
          position.lineNumber,
          position.column - slot.partial.length,
          position.lineNumber,
          position.column,
        );
        const names =
          slot.prefix === 'node'
            ? t.nodes.map((n) => ({ name: n.id, detail: `${n.kind} in ${n.zone}`, last: false }))
            : slot.prefix === 'zone'
              ? t.zones.map((z) => ({ name: z.id, detail: `${z.kind} zone`, last: false }))
              : rankRoles(t).map((c) => ({
                  name: c.role,
                  detail: c.externalOnly
                    ? `external only (${c.nodes.join(', ')})`
                    : c.nodes.join(', '),
                  last: c.externalOnly,
                }));
        names.forEach((n, i) =>
          items.push({
            label: n.last ? { label: n.name, description: 'external only' } : n.name,
            kind: K.Reference,
            detail: n.detail,
            insertText: n.name,
            range: r,
            // Keep this order: Monaco would otherwise sort by label.
            sortText: String(i).padStart(5, '0'),
          }),
        );
        return { suggestions: items };
      }
      if (slot.statementStart)
        for (const s of STATEMENT_SNIPPETS) push(s.label, K.Snippet, s.detail, s.insert, true);
      else for (const k of slot.keywords) push(k, K.Keyword, 'keyword');
      const prefixes = (list: string[]): void => {
        for (const p of list)
          items.push({
            label: p,
            kind: K.Module,
            detail: 'topology reference',
            insertText: p,
            range,
            command: { id: 'editor.action.triggerSuggest', title: 'Suggest' },
          });
      };
      switch (slot.item) {
        case 'source':
        case 'destination':
          push('any', K.Keyword, 'any source or destination');
          prefixes(['role:', 'node:', 'zone:']);
          for (const d of defs()) {
            if (d.kind === 'hosts' && slot.item === 'destination')
              push(d.name, K.Variable, 'hosts set');
            if (d.kind === 'nets') push(d.name, K.Variable, 'nets set');
          }
          if (slot.item === 'destination')
            for (const n of t.nodes) for (const h of n.hosts) push(h, K.Value, `host of ${n.id}`);
          break;
        case 'endpoint':
          prefixes(['node:']);
          break;
        case 'target':
          prefixes(['node:']);
          for (const n of t.nodes) for (const h of n.hosts) push(h, K.Value, `host of ${n.id}`);
          break;
        case 'service':
          for (const s of COMMON_SERVICES) push(s, K.Value, 'service');
          for (const d of defs())
            if (d.kind === 'services') push(d.name, K.Variable, 'services set');
          break;
        case 'method':
          for (const m of HTTP_METHODS) push(m, K.Constant, 'HTTP method');
          break;
        case 'rule':
          for (const d of defs()) if (d.kind === 'rule') push(d.name, K.Function, 'rule');
          push('default', K.Keyword, 'the default decision');
          push('inbound', K.Keyword, 'the outbound-only guard');
          break;
        default:
          break;
      }
      return { suggestions: items };
    },
  });

  monaco.languages.registerHoverProvider(EGRESS_LANGUAGE_ID, {
    provideHover(model, position) {
      const state = store.getState();
      const analysis = state.analysis;
      const line = model.getLineContent(position.lineNumber);
      const topo = /(role|node|zone):([a-z0-9][a-z0-9_-]*)/g;
      for (let m = topo.exec(line); m; m = topo.exec(line)) {
        const start = m.index + 1;
        const end = start + m[0].length;
        if (position.column < start || position.column > end) continue;
        const doc = describeSymbol(
          { kind: m[1] as 'role' | 'node' | 'zone', name: m[2]! },
          state.doc.history.present,
          analysis?.model ?? null,
        );
        return {
          range: new monaco.Range(position.lineNumber, start, position.lineNumber, end),
          contents: [{ value: doc }],
        };
      }
      if (!analysis) return null;
      const at = [...analysis.symbols.references, ...analysis.symbols.definitions].find((s) =>
        contains(s.range, position.lineNumber, position.column),
      );
      if (!at) return null;
      const doc = describeSymbol(
        { kind: at.kind, name: at.name },
        state.doc.history.present,
        analysis.model,
      );
      return { range: toMonacoRange(at.range), contents: [{ value: doc }] };
    },
  });

  // Replaces Monaco's textual highlights (every copy of the word under the cursor): an
  // empty answer is final, so keywords and literals get none.
  monaco.languages.registerDocumentHighlightProvider(EGRESS_LANGUAGE_ID, {
    provideDocumentHighlights(_model, position) {
      const analysis = store.getState().analysis;
      if (!analysis) return [];
      const { Read, Write } = monaco.languages.DocumentHighlightKind;
      return symbolOccurrences(analysis.symbols, position.lineNumber, position.column).map((o) => ({
        range: toMonacoRange(o.range),
        kind: o.definition ? Write : Read,
      }));
    },
  });

  monaco.languages.registerDefinitionProvider(EGRESS_LANGUAGE_ID, {
    provideDefinition(model, position) {
      const analysis = store.getState().analysis;
      if (!analysis) return null;
      const ref = analysis.symbols.references.find((s) =>
        contains(s.range, position.lineNumber, position.column),
      );
      if (!ref) return null;
      const def = analysis.symbols.definitions.find((d) => d.name === ref.name);
      return def ? { uri: model.uri, range: toMonacoRange(def.range) } : null;
    },
  });

  if (engine) {
    monaco.languages.registerDocumentFormattingEditProvider(EGRESS_LANGUAGE_ID, {
      async provideDocumentFormattingEdits(model) {
        const result = await engine.request({ type: 'format', text: model.getValue() });
        if (!result.changed) return [];
        return [{ range: model.getFullModelRange(), text: result.text }];
      },
    });
  }
}
