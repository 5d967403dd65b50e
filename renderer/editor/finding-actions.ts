/**
 * Quick fixes for the whole-space findings (docs/analysis.md): a rule that never matches
 * (EGS4101), is shadowed (EGS4102) or is redundant (EGS4103) can be deleted without changing
 * any verdict of the policy as it stands, so its marker offers "Delete rule …". The rule's
 * description (the comment block directly above it) goes with it.
 */
import { EGRESS_LANGUAGE_ID } from './egress-language.js';
import { DELETABLE_RULE_CODES, ruleDeletionLines, ruleIdOnLine } from './finding-fixes.js';
import { monaco } from './monaco.js';

let registered = false;

export function registerFindingActions(): void {
  if (registered) return;
  registered = true;
  monaco.languages.registerCodeActionProvider(EGRESS_LANGUAGE_ID, {
    provideCodeActions(model, _range, context) {
      const actions: monaco.languages.CodeAction[] = [];
      const lines = model.getLinesContent();
      for (const marker of context.markers) {
        const code = typeof marker.code === 'string' ? marker.code : marker.code?.value;
        if (code === undefined || !DELETABLE_RULE_CODES.includes(code)) continue;
        const id = ruleIdOnLine(lines[marker.startLineNumber - 1] ?? '');
        if (id === null) continue;
        const { first, last } = ruleDeletionLines(
          lines,
          marker.startLineNumber,
          marker.endLineNumber,
        );
        const range =
          last < lines.length
            ? new monaco.Range(first, 1, last + 1, 1)
            : new monaco.Range(first, 1, last, model.getLineMaxColumn(last));
        actions.push({
          title: `Delete rule ${id}`,
          kind: 'quickfix',
          diagnostics: [marker],
          isPreferred: true,
          edit: {
            edits: [
              {
                resource: model.uri,
                versionId: model.getVersionId(),
                textEdit: { range, text: '' },
              },
            ],
          },
        });
      }
      return { actions, dispose: () => undefined };
    },
  });
}
