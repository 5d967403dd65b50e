import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../simulator/index.js';
import { MARKER_SEVERITY, diagnosticsToMarkers } from '../../../renderer/model/markers.js';

const pos = (line: number, column: number) => ({ line, column, offset: 0 });

describe('diagnosticsToMarkers', () => {
  it('maps 1-based ranges and severities directly', () => {
    const d: Diagnostic = {
      severity: 'error',
      code: 'EGS2001',
      message: 'unknown role "trainr"',
      range: { start: pos(3, 12), end: pos(3, 24) },
    };
    expect(diagnosticsToMarkers([d])).toEqual([
      {
        severity: MARKER_SEVERITY.Error,
        message: 'unknown role "trainr"',
        code: 'EGS2001',
        source: 'egress',
        startLineNumber: 3,
        startColumn: 12,
        endLineNumber: 3,
        endColumn: 24,
      },
    ]);
  });

  it('widens an empty range to one character and maps warnings and infos', () => {
    const [w, i] = diagnosticsToMarkers([
      { severity: 'warning', code: 'W', message: 'w', range: { start: pos(2, 5), end: pos(2, 5) } },
      { severity: 'info', code: 'I', message: 'i', range: { start: pos(1, 1), end: pos(4, 2) } },
    ]);
    expect(w).toMatchObject({
      severity: MARKER_SEVERITY.Warning,
      startColumn: 5,
      endColumn: 6,
      endLineNumber: 2,
    });
    expect(i).toMatchObject({ severity: MARKER_SEVERITY.Info, endLineNumber: 4, endColumn: 2 });
  });

  it('leaves diagnostics without a text range to the problems list', () => {
    expect(
      diagnosticsToMarkers([{ severity: 'error', code: 'T', message: 'm', path: 'nodes[0].zone' }]),
    ).toEqual([]);
  });
});
