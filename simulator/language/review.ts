/**
 * Review lines in a rule's description block (docs/language.md "Review metadata"):
 * `# owner: …`, `# ticket: …` and `# review-by: YYYY-MM-DD`, anywhere in the block, keys in
 * any letter case, one of each. They become `Rule.review` and leave the description, so
 * explain and the exporters print the human text once and the review fields in one form.
 */
import type { Range } from '../core/diagnostic.js';
import type { RuleReview } from '../core/model.js';
import { reviewOverdue } from '../core/review-text.js';
import { LANGUAGE_DIAGNOSTICS as D } from '../diagnostics/catalog-language.js';
import type { CommentNode } from './ast.js';
import type { CheckContext } from './check-context.js';
import { descriptionText } from './logical-lines.js';

type ReviewKey = 'owner' | 'ticket' | 'reviewBy';

const KEYS: Record<string, ReviewKey> = {
  owner: 'owner',
  ticket: 'ticket',
  'review-by': 'reviewBy',
};
const EXAMPLES: Record<ReviewKey, string> = {
  owner: '"owner: ml-platform-team"',
  ticket: '"ticket: SEC-1234"',
  reviewBy: '"review-by: 2027-03-31"',
};

/** `# key: value`: the key, then the value with its offset in the comment text. */
const REVIEW_LINE = /^#\s*(owner|ticket|review-by)\s*:/i;

/** The non-trailing comment lines of a file by line number, to find a statement's block. */
export class DescriptionBlocks {
  private readonly byLine = new Map<number, CommentNode>();

  constructor(comments: readonly CommentNode[]) {
    for (const c of comments) if (!c.trailing) this.byLine.set(c.range.start.line, c);
  }

  /** The comment lines directly above `line`, in file order. */
  above(line: number): CommentNode[] {
    const block: CommentNode[] = [];
    for (let l = line - 1; this.byLine.has(l); l--) block.push(this.byLine.get(l)!);
    return block.reverse();
  }
}

/** A sub-range of a one-line comment, from `from` to `to` (offsets into its text). */
function within(c: CommentNode, from: number, to: number): Range {
  const { start } = c.range;
  return {
    start: { line: start.line, column: start.column + from, offset: start.offset + from },
    end: { line: start.line, column: start.column + to, offset: start.offset + to },
  };
}

/** Why `text` is not a `YYYY-MM-DD` calendar date, or null when it is one. */
export function dateProblem(text: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m === null) return 'is not written as YYYY-MM-DD';
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const exists =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return exists ? null : 'is not a date that exists';
}

/**
 * Reads the review lines of a rule's description block, reporting malformed ones (warnings:
 * a comment never changes what the policy does). Returns null when the block has no review
 * line, else the review (null when no line had a usable value) and the description without
 * the review lines.
 */
export function readReview(
  ctx: CheckContext,
  block: readonly CommentNode[],
  rule: string,
): { review: RuleReview | null; description: string | null } | null {
  const review: RuleReview = { ranges: {} };
  const rest: CommentNode[] = [];
  const firstLine: Partial<Record<ReviewKey, CommentNode>> = {};
  let found = false;
  for (const c of block) {
    const m = REVIEW_LINE.exec(c.text);
    if (m === null) {
      rest.push(c);
      continue;
    }
    found = true;
    const written = m[1]!.toLowerCase();
    const key = KEYS[written]!;
    const raw = c.text.slice(m[0].length);
    const value = raw.trim();
    const from = m[0].length + (raw.length - raw.trimStart().length);
    const range = within(c, from, from + value.length);
    const first = firstLine[key];
    if (first !== undefined) {
      const related = ctx.sink.relatedAt(`the first "${written}:" line`, first.range);
      const args = { key: written, rule, line: String(first.range.start.line) };
      ctx.sink.report(D.duplicateReviewLine, args, c.range, related);
      continue;
    }
    firstLine[key] = c;
    if (value === '') {
      ctx.warn(D.emptyReviewValue, { key: written, example: EXAMPLES[key] }, c.range);
      continue;
    }
    if (key === 'reviewBy') {
      const problem = dateProblem(value);
      if (problem !== null) {
        ctx.warn(D.invalidReviewDate, { text: value, problem }, range);
        continue;
      }
    }
    review[key] = value;
    review.ranges[key] = range;
  }
  if (!found) return null;
  const description = descriptionText(rest);
  const valued = review.owner ?? review.ticket ?? review.reviewBy;
  return { review: valued === undefined ? null : review, description };
}

/** "owner X, ticket Y" for messages; "no owner, no ticket" when neither is written. */
export function reviewWho(review: Pick<RuleReview, 'owner' | 'ticket'>): string {
  return `${review.owner === undefined ? 'no owner' : `owner ${review.owner}`}, ${
    review.ticket === undefined ? 'no ticket' : `ticket ${review.ticket}`
  }`;
}

/** Warns on a review date before `today` (YYYY-MM-DD; the review-by day itself is not late). */
export function warnOverdue(
  ctx: CheckContext,
  rule: string,
  review: RuleReview,
  today: string,
): void {
  if (!reviewOverdue(review, today)) return;
  const args = { rule, date: review.reviewBy!, who: reviewWho(review) };
  ctx.warn(D.reviewOverdue, args, review.ranges.reviewBy!);
}

/** Today's date in UTC as YYYY-MM-DD: the default "today" of review checks. */
export function utcToday(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
