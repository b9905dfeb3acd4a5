/**
 * What the CI suites (action.test.ts, examples-ci.test.ts) need to run the action and the CI
 * examples as their hosts would: this repository as a git repository with the release tag (the
 * working tree committed in a temporary folder, so that the test sees the files as they are now
 * and the checkout's own git state is left alone), a GitHub runner's way of starting a JavaScript
 * action, and a stand-in terraform.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

import { parse } from "yaml";

import { repoRoot, toolPath } from "./repo.ts";

/** The tag the examples name (package.json's version). */
export const releaseTag = `v${(JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }).version}`;

/** A git environment of its own: no user or system configuration, a fixed identity. */
export function gitEnv(home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: home,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_AUTHOR_NAME: "Transit Guard tests",
    GIT_AUTHOR_EMAIL: "tests@example.org",
    GIT_COMMITTER_NAME: "Transit Guard tests",
    GIT_COMMITTER_EMAIL: "tests@example.org",
    GIT_TERMINAL_PROMPT: "0",
  };
}

/** Runs a command; throws with its output when it fails. */
export function must(command: string, args: string[], options: { cwd: string; env: Record<string, string> }): string {
  const run = spawnSync(command, args, { ...options, encoding: "utf8" });
  if (run.error) throw new Error(`${command} could not run: ${run.error.message}`);
  if (run.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${run.status}): ${run.stdout}${run.stderr}`);
  return run.stdout;
}

/**
 * This repository's working tree (tracked and untracked files that are not ignored) committed into
 * a new repository under `dir`, tagged with the release tag. Returns its file:// URL and path.
 */
export function tagRepository(dir: string): { url: string; path: string } {
  const env = gitEnv(dir);
  const repo = path.join(dir, "sagemaker-transit-guard");
  const listed = must("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: repoRoot, env });
  for (const file of listed.split("\0").filter(Boolean)) {
    const from = path.join(repoRoot, file);
    if (!existsSync(from)) continue; // deleted in the working tree
    mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    copyFileSync(from, path.join(repo, file));
    chmodSync(path.join(repo, file), statSync(from).mode & 0o777);
  }
  must("git", ["init", "--quiet", "--initial-branch", "main"], { cwd: repo, env });
  must("git", ["add", "--all"], { cwd: repo, env });
  must("git", ["commit", "--quiet", "--no-gpg-sign", "-m", "the working tree"], { cwd: repo, env });
  must("git", ["tag", releaseTag], { cwd: repo, env });
  return { url: `file://${repo}`, path: repo };
}

/** A stand-in terraform in `dir`: init and plan succeed, show -json prints `planJson`'s content. */
export function fakeTerraform(dir: string, planJson: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "plan.json"), readFileSync(planJson));
  const script = [
    "#!/bin/sh",
    "# A stand-in terraform for the CI example tests: init, plan -out=FILE and show -json FILE.",
    `here='${dir}'`,
    'case "$1" in',
    "  init) echo 'Terraform has been successfully initialized!' ;;",
    '  plan) for arg in "$@"; do case "$arg" in -out=*) printf \'fake binary plan\\n\' > "${arg#-out=}" ;; esac; done ;;',
    '  show) [ "$2" = "-json" ] && [ -f "$3" ] && cat "$here/plan.json" ;;',
    '  *) echo "fake terraform: unexpected call: $*" >&2; exit 1 ;;',
    "esac",
    "",
  ].join("\n");
  writeFileSync(path.join(dir, "terraform"), script, { mode: 0o755 });
  return dir;
}

/** action.yml, as the runner reads it. */
interface ActionMetadata {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

export function actionMetadata(dir = repoRoot): ActionMetadata {
  return parse(readFileSync(path.join(dir, "action.yml"), "utf8")) as ActionMetadata;
}

/** What a step of the action left: its exit code, log, outputs and job summary. */
export interface ActionRun {
  exitCode: number;
  log: string;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Parses GITHUB_OUTPUT as the runner does (name=value lines and name<<DELIMITER blocks). */
function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const block = /^([^=<]+)<<(.+)$/.exec(line);
    if (block) {
      const end = lines.indexOf(block[2]!, i + 1);
      if (end === -1) throw new Error(`GITHUB_OUTPUT: ${block[1]} has no closing delimiter`);
      outputs[block[1]!] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else if (line.includes("=")) {
      outputs[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
    }
  }
  return outputs;
}

/**
 * Runs a JavaScript action as the GitHub runner does: `node <action>/<runs.main>` in the
 * workspace, each input of action.yml as INPUT_<NAME> (upper case, spaces as "_") with the
 * workflow's `with:` value or the default, and the runner's files for outputs and the summary.
 */
export function runAction(options: {
  action: string;
  workspace: string;
  temp: string;
  with?: Record<string, string | boolean | number>;
  env?: Record<string, string>;
  /** The node binary (default: this process's). */
  node?: string;
}): ActionRun {
  const metadata = actionMetadata(options.action);
  const given = options.with ?? {};
  for (const name of Object.keys(given)) {
    if (!(name in metadata.inputs)) throw new Error(`the workflow passes ${name}, which action.yml does not declare`);
  }
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(metadata.inputs)) {
    const value = name in given ? String(given[name]) : spec.default;
    if (value !== undefined) inputs[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] = value;
  }
  mkdirSync(options.temp, { recursive: true });
  const outputFile = path.join(options.temp, `output-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const summaryFile = `${outputFile}.summary`;
  writeFileSync(outputFile, "");
  writeFileSync(summaryFile, "");
  const run: SpawnSyncReturns<string> = spawnSync(options.node ?? process.execPath, [path.join(options.action, metadata.runs.main)], {
    cwd: options.workspace,
    encoding: "utf8",
    env: {
      PATH: process.env.PATH ?? "",
      HOME: options.temp,
      CI: "true",
      GITHUB_ACTIONS: "true",
      GITHUB_WORKSPACE: options.workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TEMP: options.temp,
      ...inputs,
      ...options.env,
    },
  });
  return {
    exitCode: run.status ?? -1,
    log: `${run.stdout}${run.stderr}`,
    stdout: run.stdout,
    stderr: run.stderr,
    outputs: parseOutputFile(readFileSync(outputFile, "utf8")),
    summary: readFileSync(summaryFile, "utf8"),
  };
}

/** The path of a pinned tool in .tools/bin, or an error that says how to install it. */
export function ciTool(tool: "actionlint" | "pre-commit" | "conftest"): string {
  if (tool === "conftest") return toolPath("conftest");
  const file = path.join(repoRoot, ".tools/bin", tool);
  if (!existsSync(file)) {
    throw new Error(`${tool} is not installed in .tools/bin: run "npm run tools" (tooling/install-tools.sh; actionlint needs Go, pre-commit Python 3)`);
  }
  return file;
}
