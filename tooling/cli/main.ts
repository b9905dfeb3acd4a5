/**
 * The transit-guard command line. run() parses the arguments, calls one function per command,
 * picks a formatter and returns an exit code (conftest's semantics); only bin.mjs exits.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";

import type { CheckInput, Report } from "../check.ts";
import { configFor, configNames, type ConfigSettings } from "../config/file.ts";
import { checkTargets, type OutputTarget, parseOutput, writeReport } from "../config/outputs.ts";
import { mergeSettings } from "../config/settings.ts";
import { asRunError, EngineError, InputErrors, oneLine, UsageError } from "../errors.ts";
import { exitCode, format, ruleIds, TransitGuard } from "../index.ts";
import { defaultInclude } from "../inputs/collect.ts";
import { readStdin } from "../inputs/read.ts";
import { formatters } from "../output/registry.ts";
import { type Profile, profileNames, type SeverityThreshold, severityThresholds } from "../types.ts";
import { version } from "../version.ts";
import { addBundleOptions, type BundleOptions,engineOptions, registerBundleCommand } from "./bundle-command.ts";
import { registerGuardrailCommand } from "./guardrail-command.ts";
import { collect, parseProfiles } from "./options.ts";
import { registerRulesCommands } from "./rules-command.ts";
import { registerWaiversCommand } from "./waivers-command.ts";

/** Where the command reads and writes; the binary passes the process's streams. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: NodeJS.ReadableStream;
  /** Standard output is a terminal (colour allowed unless NO_COLOR is set). */
  isTTY: boolean;
  /** Standard error is a terminal (progress is shown when many files are scanned). */
  stderrIsTTY?: boolean;
  env: Record<string, string | undefined>;
}

/** The profiles the policies know (README: Profiles). */
export const profiles = profileNames;

/** The options of check as commander parses them; undefined: not given (the config file or default applies). */
interface CheckOptions extends BundleOptions {
  output?: OutputTarget[];
  profile?: string[];
  failOnWarn?: boolean;
  /** false with --no-fail. */
  fail: boolean;
  softFail?: boolean;
  quiet?: boolean;
  /** false with --no-color. */
  color: boolean;
  check?: string[];
  skipCheck?: string[];
  severityThreshold?: SeverityThreshold;
  /** A file with --config, false with --no-config. */
  config?: string | false;
  stdinFilename: string;
  waivers?: string;
  today?: string;
  include?: string[];
  exclude?: string[];
  timeout?: number;
  terraformDir?: string;
  skipUnsupported?: boolean;
}

/** The output formats, for --help. */
const formatNames = Object.keys(formatters).join(", ");

/** -p was short for --profile; conftest's -p names policy directories, so it is refused with a pointer. */
function noShortProfile(value: string): never {
  throw new InvalidArgumentError(
    `-p is not short for --profile any more (conftest's -p names policy directories): write --profile ${value}`,
  );
}

/** More files than this, on a terminal, and the scan shows its progress on standard error. */
const progressAbove = 10;

function parseOutputOption(value: string, previous: OutputTarget[] = []): OutputTarget[] {
  try {
    return [...previous, parseOutput(value)];
  } catch (error) {
    throw new InvalidArgumentError(oneLine(error));
  }
}

/** Rule IDs, repeatable or comma-separated; an unknown one is a usage error naming it. */
const parseIds = (skip: boolean) => (value: string, previous: string[] = []): string[] => {
  try {
    return [...previous, ...ruleIds(value.split(",").map((s) => s.trim()).filter(Boolean), skip)];
  } catch (error) {
    throw new InvalidArgumentError(oneLine(error));
  }
};

function parseThreshold(value: string): SeverityThreshold {
  const level = value.trim().toUpperCase();
  if (!(severityThresholds as readonly string[]).includes(level)) {
    throw new InvalidArgumentError(`choose from ${severityThresholds.join(", ")}`);
  }
  return level as SeverityThreshold;
}

/** The settings given as flags (undefined: not given, so the configuration file applies). */
function flagSettings(options: CheckOptions): ConfigSettings {
  const given = <K extends keyof ConfigSettings>(key: K, value: ConfigSettings[K] | undefined) =>
    value === undefined ? {} : { [key]: value };
  return {
    ...given("profiles", options.profile && ([...new Set(options.profile)] as Profile[])),
    ...given("waivers", options.waivers),
    ...given("include", options.include),
    ...given("exclude", options.exclude),
    ...given("outputs", options.output),
    ...given("checks", options.check && [...new Set(options.check)]),
    ...given("skipChecks", options.skipCheck && [...new Set(options.skipCheck)]),
    ...given("severityThreshold", options.severityThreshold),
    ...given("failOnWarn", options.failOnWarn),
    ...given("noFail", options.fail === false || options.softFail === true ? true : undefined),
    ...given("quiet", options.quiet),
  };
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!/^[0-9]+(\.[0-9]+)?$/.test(value) || !(seconds > 0)) throw new InvalidArgumentError("a number of seconds above 0");
  return seconds;
}

async function check(files: string[], options: CheckOptions, io: Io): Promise<number> {
  if (files.length === 0) throw new UsageError("no input: name files or directories, or - for standard input");
  let config;
  try {
    config = configFor(options.config, process.cwd());
  } catch (error) {
    throw asRunError(error);
  }
  const settings = mergeSettings(flagSettings(options), config?.settings);
  checkTargets(settings.outputs);
  const inputs: CheckInput[] = [];
  for (const file of files) {
    if (file !== "-") {
      inputs.push(file);
      continue;
    }
    const source = await readStdin(io.stdin, options.stdinFilename).catch((error: unknown) => {
      throw asRunError(error);
    });
    inputs.push({ filename: source.file, content: source.text });
  }
  const guard = await TransitGuard.create({
    ...engineOptions(options),
    ...(options.timeout === undefined ? {} : { timeoutMs: options.timeout * 1000 }),
  });
  const showProgress = io.stderrIsTTY === true;
  let shown = false;
  // Each report to its file or to standard output; colour only there, on a terminal, never with
  // --no-color or NO_COLOR. A file that cannot be written is reported after the run (exit 2).
  const color = options.color && io.isTTY && io.env.NO_COLOR === undefined;
  const unwritten: string[] = [];
  const render = (report: Report, code: number) => {
    for (const target of settings.outputs) {
      const text = format(report, target.format, { color: color && target.file === undefined, exitCode: code, quiet: settings.quiet });
      if (target.file === undefined) io.stdout(text);
      else {
        try {
          writeReport(target.file, text);
        } catch (error) {
          unwritten.push(oneLine(error));
        }
      }
    }
  };
  const reportUnwritten = () => {
    for (const line of unwritten) io.stderr(`transit-guard: ${line}\n`);
  };
  let report: Report;
  try {
    report = await guard.check(inputs, {
      profiles: settings.profiles,
      ...(settings.waivers === undefined ? {} : { waivers: settings.waivers }),
      ...(options.today === undefined ? {} : { today: options.today }),
      include: settings.include,
      exclude: settings.exclude,
      ...(settings.checks.length === 0 ? {} : { checks: settings.checks }),
      ...(settings.skipChecks.length === 0 ? {} : { skipChecks: settings.skipChecks }),
      ...(settings.severityThreshold === undefined ? {} : { severityThreshold: settings.severityThreshold }),
      env: io.env,
      ...(options.terraformDir === undefined ? {} : { terraformDir: options.terraformDir }),
      ...(options.skipUnsupported ? { skipUnsupported: true } : {}),
      onProgress: (done, total) => {
        if (!showProgress || total <= progressAbove) return;
        io.stderr(`\rtransit-guard: checked ${done}/${total} files`);
        shown = true;
      },
    });
  } catch (error) {
    // The documents that could be checked are reported; the errors follow on standard error.
    if (error instanceof InputErrors && error.report && error.report.results.length > 0) render(error.report, 2);
    reportUnwritten();
    throw error;
  } finally {
    if (shown) io.stderr("\r\x1b[K");
    await guard.close();
  }
  const code = exitCode(report, { failOnWarn: settings.failOnWarn, noFail: settings.noFail });
  render(report, code);
  reportUnwritten();
  return unwritten.length > 0 ? 2 : code;
}

function program(io: Io, exit: { code: number }): Command {
  const cli = new Command("transit-guard")
    .description("Stops SageMaker infrastructure from shipping with unencrypted data in transit.")
    .version(version)
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      outputError: (text, write) => write(`transit-guard: ${oneLine(text.replace(/^error: /, ""))}\n`),
    });
  addBundleOptions(cli.command("check"))
    .description("check Terraform plans, CloudFormation templates, SageMaker API bodies, pipelines, state machines and ACK manifests")
    .argument("[paths...]", "files and directories to check; - reads standard input")
    .option(
      "-o, --output <format>",
      `output format, FORMAT or FORMAT=FILE, repeatable: each to its file, at most one to standard output (${formatNames}; default: stdout)`,
      parseOutputOption,
    )
    .option("--profile <names>", `profiles, repeatable or comma-separated (${profiles.join(", ")})`, parseProfiles)
    .addOption(new Option("-p <names>").hideHelp().argParser(noShortProfile))
    .option("--fail-on-warn", "exit 1 on warnings, 2 on failures")
    .option("--no-fail", "exit 0 whatever the findings (2 still on unusable input)")
    .option("--soft-fail", "the same as --no-fail (Checkov's name)")
    .option("--quiet", "print only the failures (stdout, table and github; the other formats are written whole)")
    .option("--no-color", "no colour (as NO_COLOR)")
    .option("--check <ids>", "only these rules report findings, by ID; repeatable or comma-separated (TG000 and TG001 always do)", parseIds(false))
    .option("--skip-check <ids>", "these rules report no findings, by ID; repeatable or comma-separated", parseIds(true))
    .option(
      "--severity-threshold <level>",
      `findings below this severity (${severityThresholds.join(", ")}) are reported as warnings that never fail`,
      parseThreshold,
    )
    .option("--config <file>", `settings file (default: ${configNames.join(" or ")} in the working directory or the nearest folder above)`)
    .option("--no-config", "use no settings file")
    .option("--stdin-filename <name>", "the name to report for standard input", "-")
    .option("--waivers <file>", "waive findings: a YAML or JSON file of {id, resource, reason, expires} entries")
    .option("--today <date>", "the date waivers expire against, YYYY-MM-DD (default: today, UTC)")
    .option("--include <glob>", `files to check in directories, repeatable (default: ${defaultInclude.join(" ")})`, collect)
    .option("--exclude <glob>", "files and folders not to check in directories, repeatable", collect)
    .option(
      "--skip-unsupported",
      "a named file that parses but is not a supported input is skipped and listed, as in a directory walk, instead of failing (for files chosen by pattern, as pre-commit passes them)",
    )
    .option("--timeout <seconds>", "time bound of one document's evaluation (default: 60, and 2 more per MB of input)", parseSeconds)
    .option("--terraform-dir <dir>", "the Terraform configuration the plans were made from, to report findings on its .tf files (default: each plan's directory)")
    .action(async (files: string[], options: CheckOptions) => {
      exit.code = await check(files, options, io);
    });
  registerBundleCommand(cli, io, exit, profiles);
  registerGuardrailCommand(cli, io, exit);
  registerRulesCommands(cli, io, exit);
  registerWaiversCommand(cli, io, exit);
  return cli;
}

/**
 * Runs the command line of this process (its arguments, standard streams and environment) and
 * returns the exit code for the entry point to set (tooling/cli/bin.mjs, action/cli.ts). A reader
 * that stops early (| head) closes the pipe: the process then stops quietly, as other CLIs do.
 */
export function runProcess(): Promise<number> {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(process.exitCode ?? 0);
  });
  return run(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdin: process.stdin,
    isTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
  });
}

/** Runs the command line and returns the exit code; never throws, never exits. */
export async function run(argv: string[], io: Io): Promise<number> {
  const exit = { code: 0 };
  try {
    await program(io, exit).parseAsync(argv, { from: "user" });
    return exit.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof InputErrors) {
      for (const input of error.errors) io.stderr(`transit-guard: ${oneLine(input)}\n`);
    } else if (error instanceof UsageError || error instanceof EngineError) {
      io.stderr(`transit-guard: ${oneLine(error)}\n`);
    } else {
      io.stderr(`transit-guard: internal error (please report it): ${oneLine(error)}\n`);
    }
    return 2;
  }
}
