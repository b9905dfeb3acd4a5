/**
 * The GitHub Action (action.yml; built into action/dist/index.mjs by tooling/build/action.ts): reads
 * the inputs as the runner passes them (INPUT_<NAME> variables), runs `transit-guard check` through
 * the CLI's own run() once, with every format asked for, and reports back to the workflow: the
 * outputs (GITHUB_OUTPUT), a job summary (GITHUB_STEP_SUMMARY) and the step's result. The decision
 * is the CLI's exit code (conftest's: 0 clean, 1 a failure, 2 could not check); the action only
 * counts the findings of the JSON report for the outputs and the summary.
 */
import { randomUUID } from "node:crypto";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { type Io, run } from "../tooling/cli/main.ts";
import { type ConfigFile, configFor } from "../tooling/config/file.ts";
import { escapeData, escapeProperty } from "../tooling/output/github.ts";
import { plural } from "../tooling/output/summary.ts";

/** The waivers file used when the workflow names none and it exists (README: Waivers). */
const defaultWaivers = "transit-guard-waivers.yaml";

/** Rows of findings the job summary shows at most (it is limited to 1 MiB). */
const summaryRows = 50;

/** A problem with the action's inputs: reported like the CLI's usage errors, exit 2. */
class InputProblem extends Error {}

/** An input as the runner passes it: INPUT_ + the name in upper case, spaces as "_" (dashes stay). */
function input(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
}

/** A boolean input, as @actions/core reads one (YAML 1.2 core schema). */
function booleanInput(name: string): boolean {
  const value = input(name);
  if (["true", "True", "TRUE"].includes(value)) return true;
  if (["false", "False", "FALSE", ""].includes(value)) return false;
  throw new InputProblem(`input ${name}: expected true or false, got "${value}"`);
}

/** A list input: one item a line (blank lines ignored); `separators` splits lines further. */
function listInput(name: string, separators = /\n/): string[] {
  return input(name)
    .split(/\r?\n/)
    .flatMap((line) => line.split(separators))
    .map((item) => item.trim())
    .filter(Boolean);
}

function command(kind: "error" | "warning" | "notice", title: string, message: string): void {
  process.stdout.write(`::${kind} title=${escapeProperty(title)}::${escapeData(message)}\n`);
}

/** Appends name=value pairs to a file of the runner (GITHUB_OUTPUT), as @actions/core writes them. */
function setOutputs(values: Record<string, string>): void {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) return;
  const text = Object.entries(values)
    .map(([name, value]) => {
      const delimiter = `ghadelimiter_${randomUUID()}`;
      return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    })
    .join("");
  appendFileSync(file, text);
}

interface Item {
  msg: string;
  metadata?: { id?: string; resource?: string; severity?: string };
}
interface JsonResult {
  filename: string;
  failures?: Item[];
  warnings?: Item[];
  exceptions?: Item[];
  skipped?: Item[];
}

interface Counts {
  documents: number;
  failures: number;
  warnings: number;
  exceptions: number;
  skipped: number;
  rows: Array<{ level: string; filename: string; item: Item }>;
}

/** The counts of the JSON report (conftest's shape), or undefined when none was written. */
function countReport(file: string): Counts | undefined {
  if (!existsSync(file) || statSync(file).size === 0) return undefined;
  const results = JSON.parse(readFileSync(file, "utf8")) as JsonResult[];
  const counts: Counts = { documents: 0, failures: 0, warnings: 0, exceptions: 0, skipped: 0, rows: [] };
  for (const result of results) {
    if (result.skipped?.length) {
      counts.skipped += 1;
      continue;
    }
    counts.documents += 1;
    counts.failures += result.failures?.length ?? 0;
    counts.warnings += result.warnings?.length ?? 0;
    counts.exceptions += result.exceptions?.length ?? 0;
    for (const item of result.failures ?? []) counts.rows.push({ level: "failure", filename: result.filename, item });
    for (const item of result.warnings ?? []) counts.rows.push({ level: "warning", filename: result.filename, item });
  }
  return counts;
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

function summary(couldNotCheck: boolean, code: number, counts: Counts | undefined, problems: string[], softFail: boolean): string {
  const lines = ["## Transit Guard", ""];
  if (couldNotCheck) {
    lines.push("**Could not check** (exit code 2): the inputs below could not be checked, so nothing was decided about them.", "");
    lines.push("```", ...problems, "```", "");
  }
  if (counts) {
    const status = couldNotCheck
      ? "Incomplete"
      : code !== 0
        ? softFail ? "Failed (soft-fail: the step passes)" : "Failed"
        : counts.failures > 0 ? "Passed (no-fail: failures do not fail the run)" : "Passed";
    lines.push(
      `**${status}**: ${plural(counts.failures, "failure")}, ${plural(counts.warnings, "warning")}, ` +
        `${plural(counts.exceptions, "exception")} in ${plural(counts.documents, "document")}` +
        (counts.skipped > 0 ? `; ${plural(counts.skipped, "file")} skipped (not a supported input)` : "") +
        ".",
      "",
    );
    if (counts.rows.length > 0) {
      lines.push("| | rule | severity | resource | file | finding |", "|---|---|---|---|---|---|");
      for (const { level, filename, item } of counts.rows.slice(0, summaryRows)) {
        const meta = item.metadata ?? {};
        lines.push(
          `| ${level} | ${cell(meta.id ?? "")} | ${cell(meta.severity ?? "")} | ${cell(meta.resource ?? "")} | ` +
            `${cell(filename)} | ${cell(item.msg)} |`,
        );
      }
      if (counts.rows.length > summaryRows) lines.push("", `… and ${counts.rows.length - summaryRows} more (see the log or the SARIF file).`);
      lines.push("");
    }
  }
  return `${lines.join("\n")}\n`;
}

/** The configuration file the CLI will read (undefined: none, or one it will refuse itself). */
function configFile(name: string): ConfigFile | undefined {
  try {
    return configFor(name || undefined, process.cwd());
  } catch {
    return undefined; // the run reports it, with its line
  }
}

/** The check's arguments from the inputs; the JSON report for the counts goes to `jsonFile`. */
function checkArguments(jsonFile: string): { argv: string[]; sarifFile: string } {
  const argv = ["check"];
  const paths = listInput("paths");
  const configName = input("config");
  const config = configFile(configName);
  for (const profile of listInput("profile", /,/)) argv.push("--profile", profile);
  // --output replaces the configuration file's outputs: keep them unless the workflow names its own.
  const fromConfig = (config?.settings.outputs ?? []).map((t) => (t.file === undefined ? t.format : `${t.format}=${t.file}`));
  const outputs = listInput("outputs");
  for (const output of outputs.length > 0 ? outputs : fromConfig.length > 0 ? fromConfig : ["github"]) argv.push("--output", output);
  const sarifFile = input("sarif-file");
  if (sarifFile) argv.push("--output", `sarif=${sarifFile}`);
  argv.push("--output", `json=${jsonFile}`);
  // A waivers file the workflow (or the configuration file) names must exist; the default one is
  // used only when it does.
  const waivers = input("waivers") || (config?.settings.waivers === undefined && existsSync(defaultWaivers) ? defaultWaivers : "");
  if (waivers) argv.push("--waivers", waivers);
  if (configName) argv.push("--config", configName);
  argv.push("--", ...(paths.length > 0 ? paths : ["."]));
  return { argv, sarifFile };
}

async function main(): Promise<number> {
  const problems: string[] = [];
  const io: Io = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => {
      problems.push(...text.split("\n").filter(Boolean));
      process.stderr.write(text);
    },
    stdin: process.stdin,
    isTTY: false,
    stderrIsTTY: false,
    env: process.env,
  };
  const work = mkdtempSync(path.join(process.env.RUNNER_TEMP || tmpdir(), "transit-guard-"));
  try {
    let code: number;
    let softFail = false;
    let sarifFile = "";
    try {
      softFail = booleanInput("soft-fail");
      const args = checkArguments(path.join(work, "report.json"));
      sarifFile = args.sarifFile;
      // A SARIF file left by an earlier step must not be uploaded as this run's.
      if (sarifFile && existsSync(sarifFile) && statSync(sarifFile).isFile()) rmSync(sarifFile);
      code = await run(args.argv, io);
    } catch (error) {
      if (!(error instanceof InputProblem)) throw error;
      io.stderr(`transit-guard: ${error.message}\n`);
      code = 2;
    }
    const counts = countReport(path.join(work, "report.json"));
    const sarifWritten = sarifFile !== "" && existsSync(sarifFile) && statSync(sarifFile).size > 0;
    setOutputs({
      "exit-code": String(code),
      failures: counts ? String(counts.failures) : "",
      warnings: counts ? String(counts.warnings) : "",
      "sarif-file": sarifWritten ? sarifFile : "",
    });
    // Exit code 2 is also conftest's "a failure" under fail-on-warn (set in a config file): then the
    // report has failures and the CLI reported no problem.
    const couldNotCheck = code === 2 && (problems.length > 0 || !counts || counts.failures === 0);
    const report = summary(couldNotCheck, code, counts, problems, softFail);
    if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, report);
    if (couldNotCheck) {
      // Fail closed whatever soft-fail says: nothing was decided about these inputs.
      command("error", "Transit Guard could not check", problems.join("\n") || "transit-guard exited with code 2");
      return 2;
    }
    if (code !== 0) {
      const found = !counts
        ? "findings that fail this run"
        : counts.failures > 0
          ? `${plural(counts.failures, "failure")}${counts.warnings > 0 ? ` and ${plural(counts.warnings, "warning")}` : ""}`
          : `${plural(counts.warnings, "warning")}, which fail this run (fail-on-warn)`;
      const where = sarifWritten ? ` (listed in the log, the job summary and ${sarifFile})` : " (listed in the log and the job summary)";
      if (softFail) {
        command("warning", "Transit Guard", `Transit Guard found ${found}${where}. soft-fail is set: the step passes.`);
        return 0;
      }
      command("error", "Transit Guard", `Transit Guard found ${found}${where}.`);
      return 1;
    }
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

process.exitCode = await main().catch((error: unknown) => {
  command("error", "Transit Guard could not check", `internal error (please report it): ${String(error)}`);
  return 2;
});
