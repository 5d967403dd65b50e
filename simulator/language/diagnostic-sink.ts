/**
 * Collects the diagnostics of one file. Like TypeScript's parser, it drops a second syntax
 * error (EGS1xxx) that starts at the same place as an earlier one: the first explanation is
 * the useful one, and a cascade at one spot only adds noise. Errors about names and
 * references are independent findings and are always kept.
 */
import type { Diagnostic, Range, RelatedInformation } from '../core/diagnostic.js';
import type { DiagnosticArgs, DiagnosticTemplate } from '../diagnostics/define.js';
import { LANGUAGE_DIAGNOSTICS as D } from '../diagnostics/catalog-language.js';
import { makeDiagnostic } from '../diagnostics/define.js';

/**
 * At most this many diagnostics are kept per file: a 10 MB file of junk would otherwise
 * produce hundreds of thousands, which helps nobody and costs seconds. The rest are counted
 * and reported as one EGS1012 error at the first place left out.
 */
export const MAX_DIAGNOSTICS = 10_000;

export class DiagnosticSink {
  private readonly list: Diagnostic[] = [];
  private readonly errorOffsets = new Set<number>();
  private dropped = 0;
  private firstDropped: Range | undefined;

  constructor(readonly file: string | undefined) {}

  report(
    template: DiagnosticTemplate,
    args: DiagnosticArgs,
    range: Range,
    related?: RelatedInformation[],
  ): void {
    if (template.severity === 'error' && template.code.startsWith('EGS1')) {
      if (this.errorOffsets.has(range.start.offset)) return;
      this.errorOffsets.add(range.start.offset);
    }
    if (this.list.length >= MAX_DIAGNOSTICS) {
      this.dropped++;
      this.firstDropped ??= range;
      return;
    }
    const place: { file?: string; range: Range; related?: RelatedInformation[] } = { range };
    if (this.file !== undefined) place.file = this.file;
    if (related !== undefined) place.related = related;
    this.list.push(makeDiagnostic(template, args, place));
  }

  /** Related information pointing at another place in the same file. */
  relatedAt(message: string, range: Range): RelatedInformation[] {
    return [this.file === undefined ? { message, range } : { message, file: this.file, range }];
  }

  /** The diagnostics sorted by position (stable: equal positions keep their report order). */
  sorted(): Diagnostic[] {
    const all = [...this.list];
    if (this.dropped > 0 && this.firstDropped !== undefined) {
      const place = this.file === undefined ? {} : { file: this.file };
      const count = this.dropped.toLocaleString('en');
      all.push(
        makeDiagnostic(D.tooManyDiagnostics, { count }, { ...place, range: this.firstDropped }),
      );
    }
    return all
      .map((d, i) => ({ d, i }))
      .sort(
        (a, b) => (a.d.range?.start.offset ?? -1) - (b.d.range?.start.offset ?? -1) || a.i - b.i,
      )
      .map((x) => x.d);
  }
}
