/**
 * The transit-guard command line. run() parses the arguments, calls one function per command,
 * picks a formatter and returns an exit code (conftest's semantics); only bin.mjs exits.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { Checker, type DocumentResult } from "../check.ts";
import { EngineError, InputError, UsageError, oneLine } from "../errors.ts";
import { parseSource, readSource, readStdin, type ParsedDocument } from "../inputs/read.ts";
import { formatters } from "../output/registry.ts";

/** Where the command reads and writes; the binary passes the process's streams. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: NodeJS.ReadableStream;
  /** Standard output is a terminal (colour allowed unless NO_COLOR is set). */
  isTTY: boolean;
  env: Record<string, string | undefined>;
}

/** The profiles the policies know (CONTROLS.md section 2). */
export const profiles = ["default", "healthcare", "fips", "strict"] as const;

interface CheckOptions {
  output: string;
  profile: string[];
  failOnWarn: boolean;
  stdinFilename: string;
}

function parseProfiles(value: string, previous: string[]): string[] {
  const names = value.split(",").map((s) => s.trim()).filter(Boolean);
  for (const name of names) {
    if (!(profiles as readonly string[]).includes(name)) {
      throw new InvalidArgumentError(`unknown profile "${name}" (choose from ${profiles.join(", ")})`);
    }
  }
  return [...previous, ...names];
}

/** conftest's exit code: 1 on a failure; with --fail-on-warn, 2 on a failure and 1 on a warning. */
export function exitCode(results: DocumentResult[], failOnWarn: boolean): number {
  const failures = results.some((r) => r.failures.length > 0);
  const warnings = results.some((r) => r.warnings.length > 0);
  if (failOnWarn) return failures ? 2 : warnings ? 1 : 0;
  return failures ? 1 : 0;
}

async function readDocuments(files: string[], io: Io, options: CheckOptions): Promise<ParsedDocument[]> {
  const documents: ParsedDocument[] = [];
  const errors: string[] = [];
  for (const file of files) {
    try {
      const source = file === "-" ? await readStdin(io.stdin, options.stdinFilename) : readSource(file);
      documents.push(...parseSource(source));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      errors.push(error.message);
    }
  }
  if (errors.length > 0) throw new InputErrors(errors);
  return documents;
}

class InputErrors extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join("\n"));
  }
}

async function check(files: string[], options: CheckOptions, io: Io): Promise<number> {
  if (files.length === 0) throw new UsageError("no input: name files, or - for standard input");
  const format = formatters[options.output];
  if (!format) throw new UsageError(`unknown output "${options.output}"`);
  const documents = await readDocuments(files, io, options);
  const checker = await Checker.create();
  const config = { profiles: [...new Set(options.profile)] };
  const results: DocumentResult[] = [];
  const errors: string[] = [];
  for (const document of documents) {
    try {
      results.push(await checker.checkDocument(document, config));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      errors.push(error.message);
    }
  }
  if (errors.length > 0) throw new InputErrors(errors);
  io.stdout(format(results, { color: io.isTTY && io.env.NO_COLOR === undefined }));
  return exitCode(results, options.failOnWarn);
}

function program(io: Io, exit: { code: number }): Command {
  const cli = new Command("transit-guard")
    .description("Stops SageMaker infrastructure from shipping with unencrypted data in transit.")
    .version(process.env.npm_package_version ?? "0.1.0")
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      outputError: (text, write) => write(`transit-guard: ${oneLine(text.replace(/^error: /, ""))}\n`),
    });
  cli
    .command("check")
    .description("check Terraform plans and SageMaker API request bodies")
    .argument("[files...]", "files to check; - reads standard input")
    .addOption(
      new Option("-o, --output <format>", "output format").choices(Object.keys(formatters)).default("stdout"),
    )
    .option("-p, --profile <names>", `profiles, repeatable or comma-separated (${profiles.join(", ")})`, parseProfiles, [])
    .option("--fail-on-warn", "exit 1 on warnings, 2 on failures", false)
    .option("--stdin-filename <name>", "the name to report for standard input", "-")
    .action(async (files: string[], options: CheckOptions) => {
      exit.code = await check(files, options, io);
    });
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
      for (const line of error.lines) io.stderr(`transit-guard: ${line}\n`);
    } else if (error instanceof UsageError || error instanceof EngineError) {
      io.stderr(`transit-guard: ${oneLine(error)}\n`);
    } else {
      io.stderr(`transit-guard: internal error (please report it): ${oneLine(error)}\n`);
    }
    return 2;
  }
}
