/**
 * Prints why tests were skipped (the `test.skip(condition, reason)` annotation), once per
 * reason, after the run: a skipped real-engine or desktop test must say what is missing.
 */
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SkipReasonsReporter implements Reporter {
  private readonly reasons = new Map<string, string[]>();

  printsToStdio(): boolean {
    return true;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const reason =
      test.annotations.find((a) => a.type === 'skip')?.description ?? 'no reason given';
    const titles = this.reasons.get(reason) ?? [];
    titles.push(test.titlePath().filter(Boolean).join(' › '));
    this.reasons.set(reason, titles);
  }

  onEnd(): void {
    for (const [reason, titles] of this.reasons) {
      console.log(`\n  skipped ${titles.length}: ${reason}`);
      for (const title of titles) console.log(`    - ${title}`);
    }
  }
}
