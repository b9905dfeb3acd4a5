/**
 * The transit-guard command line. run() parses the arguments, calls one function per command,
 * picks a formatter and returns an exit code (conftest's semantics); only bin.mjs exits.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";

import type { CheckInput, Report } from "../check.ts";
import { asRunError, EngineError, InputErrors, oneLine, UsageError } from "../errors.ts";
import { exitCode, format, type OutputFormat, TransitGuard } from "../index.ts";
import { defaultInclude } from "../inputs/collect.ts";
import { readStdin } from "../inputs/read.ts";
import { formatters } from "../output/registry.ts";
import { type Profile,profileNames } from "../types.ts";
import { version } from "../version.ts";
import { addBundleOptions, type BundleOptions,engineOptions, registerBundleCommand } from "./bundle-command.ts";
import { registerGuardrailCommand } from "./guardrail-command.ts";
import { registerRulesCommands } from "./rules-command.ts";

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

interface CheckOptions extends BundleOptions {
  output: string;
  profile: string[];
  failOnWarn: boolean;
  stdinFilename: string;
  waivers?: string;
  today?: string;
  include: string[];
  exclude: string[];
  timeout?: number;
}

/** More files than this, on a terminal, and the scan shows its progress on standard error. */
const progressAbove = 10;

function parseProfiles(value: string, previous: string[]): string[] {
  const names = value.split(",").map((s) => s.trim()).filter(Boolean);
  for (const name of names) {
    if (!(profiles as readonly string[]).includes(name)) {
      throw new InvalidArgumentError(`unknown profile "${name}" (choose from ${profiles.join(", ")})`);
    }
  }
  return [...previous, ...names];
}

const collect = (value: string, previous: string[]) => [...previous, value];

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!/^[0-9]+(\.[0-9]+)?$/.test(value) || !(seconds > 0)) throw new InvalidArgumentError("a number of seconds above 0");
  return seconds;
}

async function check(files: string[], options: CheckOptions, io: Io): Promise<number> {
  if (files.length === 0) throw new UsageError("no input: name files or directories, or - for standard input");
  const output = options.output as OutputFormat;
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
  const render = (report: Report, code: number) =>
    io.stdout(format(report, output, { color: io.isTTY && io.env.NO_COLOR === undefined, exitCode: code }));
  let report: Report;
  try {
    report = await guard.check(inputs, {
      profiles: [...new Set(options.profile)] as Profile[],
      ...(options.waivers === undefined ? {} : { waivers: options.waivers }),
      ...(options.today === undefined ? {} : { today: options.today }),
      include: options.include,
      exclude: options.exclude,
      env: io.env,
      onProgress: (done, total) => {
        if (!showProgress || total <= progressAbove) return;
        io.stderr(`\rtransit-guard: checked ${done}/${total} files`);
        shown = true;
      },
    });
  } catch (error) {
    // The documents that could be checked are reported; the errors follow on standard error.
    if (error instanceof InputErrors && error.report && error.report.results.length > 0) render(error.report, 2);
    throw error;
  } finally {
    if (shown) io.stderr("\r\x1b[K");
    await guard.close();
  }
  const code = exitCode(report, options.failOnWarn);
  render(report, code);
  return code;
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
    .addOption(
      new Option("-o, --output <format>", "output format").choices(Object.keys(formatters)).default("stdout"),
    )
    .option("-p, --profile <names>", `profiles, repeatable or comma-separated (${profiles.join(", ")})`, parseProfiles, [])
    .option("--fail-on-warn", "exit 1 on warnings, 2 on failures", false)
    .option("--stdin-filename <name>", "the name to report for standard input", "-")
    .option("--waivers <file>", "waive findings: a YAML or JSON file of {id, resource, reason, expires} entries")
    .option("--today <date>", "the date waivers expire against, YYYY-MM-DD (default: today, UTC)")
    .option("--include <glob>", `files to check in directories, repeatable (default: ${defaultInclude.join(" ")})`, collect, [])
    .option("--exclude <glob>", "files and folders not to check in directories, repeatable", collect, [])
    .option("--timeout <seconds>", "time bound of one document's evaluation (default: 60, and 2 more per MB of input)", parseSeconds)
    .action(async (files: string[], options: CheckOptions) => {
      exit.code = await check(files, options, io);
    });
  registerBundleCommand(cli, io, exit, profiles);
  registerGuardrailCommand(cli, io, exit);
  registerRulesCommands(cli, io, exit);
  return cli;
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
