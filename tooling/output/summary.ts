/** conftest's closing line: "N tests, N passed, N warnings, N failures, N exceptions". */
import type { DocumentResult } from "../check.ts";

/** "1 test", "2 tests": a count and its noun. */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The tally of a run, counted as conftest counts; skipped files follow when there are any. */
export function summaryLine(results: DocumentResult[], skipped = 0): string {
  const sum = (pick: (r: DocumentResult) => number) => results.reduce((n, r) => n + pick(r), 0);
  const passed = sum((r) => r.successes);
  const warnings = sum((r) => r.warnings.length);
  const failures = sum((r) => r.failures.length);
  const exceptions = sum((r) => r.exceptions.length);
  const tests = passed + warnings + failures + exceptions;
  return [
    plural(tests, "test"),
    `${passed} passed`,
    plural(warnings, "warning"),
    plural(failures, "failure"),
    plural(exceptions, "exception"),
    ...(skipped > 0 ? [`${skipped} skipped`] : []),
  ].join(", ");
}
