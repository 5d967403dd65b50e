/**
 * The one written form of a rule's review fields, shared by explain, the exporters' rule
 * comments and the editor's hover (docs/language.md "Review metadata").
 */
import type { RuleReview } from './model.js';

/** `owner: …`, `ticket: …`, `review-by: …` for the fields the rule has, in that order. */
export function reviewFields(review: Partial<RuleReview> | undefined): string[] {
  if (review === undefined) return [];
  const fields: string[] = [];
  if (review.owner !== undefined) fields.push(`owner: ${review.owner}`);
  if (review.ticket !== undefined) fields.push(`ticket: ${review.ticket}`);
  if (review.reviewBy !== undefined) fields.push(`review-by: ${review.reviewBy}`);
  return fields;
}

/** True when the review date is before `today` (both YYYY-MM-DD). */
export function reviewOverdue(review: Partial<RuleReview> | undefined, today: string): boolean {
  return review?.reviewBy !== undefined && review.reviewBy < today;
}
