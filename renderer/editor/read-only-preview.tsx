/** A read-only Monaco view of a generated file (export preview). */
import { useEffect, useRef } from 'react';
import { monaco } from './monaco.js';
import { registerEgressLanguage, systemTheme } from './register-language.js';

export function previewLanguage(path: string): string {
  if (/\.ya?ml$/.test(path)) return 'yaml';
  if (/\.tf$/.test(path)) return 'hcl';
  if (/\.md$/.test(path)) return 'markdown';
  if (/\.egress$/.test(path)) return 'egress';
  if (/\.(nft|conf|v4|v6)$/.test(path)) return 'shell';
  return 'plaintext';
}

export function ReadOnlyPreview({ path, content }: { path: string; content: string }) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  useEffect(() => {
    registerEgressLanguage();
    const e = monaco.editor.create(host.current!, {
      readOnly: true,
      domReadOnly: true,
      theme: systemTheme(),
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontFamily:
        "'JetBrains Mono', 'SF Mono', 'Cascadia Code', Menlo, Consolas, 'Liberation Mono', monospace",
      fontSize: 12.5,
      lineHeight: 19,
      padding: { top: 8, bottom: 8 },
      renderLineHighlight: 'none',
      folding: false,
      lineNumbersMinChars: 3,
      overviewRulerBorder: false,
      scrollbar: { verticalScrollbarSize: 10, horizontalScrollbarSize: 10, useShadows: false },
      stickyScroll: { enabled: false },
      ariaLabel: 'Preview of a generated file',
    });
    editor.current = e;
    return () => {
      e.getModel()?.dispose();
      e.dispose();
    };
    // Created once; the file shown changes through setModel below.
  }, []);
  useEffect(() => {
    const e = editor.current;
    if (!e) return;
    const old = e.getModel();
    e.setModel(monaco.editor.createModel(content, previewLanguage(path)));
    old?.dispose();
  }, [path, content]);
  return <div className="preview-editor" ref={host} data-testid="export-preview" />;
}
