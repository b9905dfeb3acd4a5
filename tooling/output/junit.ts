/**
 * conftest's JUnit output (go-junit-report's XML): one test suite per namespace, a failing test
 * case per failure and per warning (named "file - message"), a passing one per success. conftest
 * leaves exceptions out; here a waived finding is a skipped test case whose message names the
 * waiver, and so is a file skipped while walking a directory, so that nothing disappears silently.
 */
import type { DocumentResult } from "../check.ts";
import { displayName, waiverNote } from "./names.ts";
import type { FormatOptions } from "./registry.ts";

/** Escapes text as Go's encoding/xml does (attributes and character data alike). */
function xml(text: string): string {
  return text.replace(/[&<>"'\t\n\r]/g, (c) =>
    ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;", "\t": "&#x9;", "\n": "&#xA;", "\r": "&#xD;" })[c]!,
  );
}

interface Case {
  name: string;
  failure?: string;
  skipped?: string;
}

/** Renders results as conftest --output junit does. */
export function formatJunit(results: DocumentResult[], options: FormatOptions): string {
  const suites = new Map<string, Case[]>();
  const add = (space: string, test: Case) => suites.set(space, [...(suites.get(space) ?? []), test]);
  const named = (file: string, msg: string) => (msg === "" ? file : `${file} - ${msg.split("\n")[0]}`);
  for (const r of results) {
    const file = displayName(r);
    for (const f of r.warnings) add(r.namespace, { name: named(file, f.msg), failure: f.msg });
    for (const f of r.failures) add(r.namespace, { name: named(file, f.msg), failure: f.msg });
    for (const f of r.exceptions) add(r.namespace, { name: named(file, f.msg), skipped: waiverNote(f) ?? "waived" });
    for (let i = 0; i < r.successes; i++) add(r.namespace, { name: file });
  }
  for (const s of options.skipped ?? []) add("transit_guard.main", { name: displayName(s), skipped: `skipped: ${s.reason}` });
  if (suites.size === 0) return '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites></testsuites>\n';
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<testsuites>"];
  for (const [space, tests] of [...suites].sort(([a], [b]) => a.localeCompare(b))) {
    const name = `conftest.${space}`;
    const failures = tests.filter((t) => t.failure !== undefined).length;
    lines.push(`\t<testsuite tests="${tests.length}" failures="${failures}" time="0.000" name="${xml(name)}">`);
    for (const test of tests) {
      const open = `\t\t<testcase classname="${xml(name)}" name="${xml(test.name)}" time="0.000">`;
      if (test.failure !== undefined) {
        lines.push(open, `\t\t\t<failure message="Failed" type="">${xml(test.failure)}</failure>`, "\t\t</testcase>");
      } else if (test.skipped !== undefined) {
        lines.push(open, `\t\t\t<skipped message="${xml(test.skipped)}"></skipped>`, "\t\t</testcase>");
      } else {
        lines.push(`${open}</testcase>`);
      }
    }
    lines.push("\t</testsuite>");
  }
  lines.push("</testsuites>");
  return `${lines.join("\n")}\n`;
}
