/**
 * Runs opa test with coverage over the policies and fails below a threshold (percent).
 * Usage: tsx tooling/build/coverage.ts 90
 */
import { spawnSync } from "node:child_process";

import { repoRoot, toolPath } from "./paths.ts";
import { policyArgs } from "./wasm-bundle.ts";

const threshold = Number(process.argv[2] ?? 90);
const run = spawnSync(toolPath("opa"), ["test", "--coverage", "--format", "json", ...policyArgs], {
  cwd: repoRoot,
  encoding: "utf8",
  maxBuffer: 256 * 1024 * 1024,
});
if (run.status !== 0) {
  // Failing tests: show them in OPA's own words.
  spawnSync(toolPath("opa"), ["test", ...policyArgs], { cwd: repoRoot, stdio: "inherit" });
  process.exit(1);
}
const report = JSON.parse(run.stdout) as {
  coverage: number;
  files: Record<string, { coverage?: number; not_covered?: { start: { row: number } }[] }>;
};
for (const [file, entry] of Object.entries(report.files)) {
  if (file.endsWith("_test.rego")) continue;
  const missed = (entry.not_covered ?? []).map((r) => r.start.row);
  if (missed.length > 0) console.log(`  ${file}: ${(entry.coverage ?? 0).toFixed(1)}% (not covered: lines ${missed.join(", ")})`);
}
console.log(`opa test: coverage ${report.coverage.toFixed(1)}% (threshold ${threshold}%)`);
if (report.coverage < threshold) process.exit(1);
