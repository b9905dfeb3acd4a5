/**
 * `transit-guard waivers`: a baseline. Checks files and directories as `check` does and writes a
 * waiver file (the format `check --waivers` reads) that accepts every finding of today, deny and
 * warn, for one reason until one date, so that a team adopting Transit Guard on an existing estate
 * fails only on new findings. TG000 (about waivers and suppressions) and TG001 (input that cannot
 * be checked) are never waived. The policies decide what the findings are; this command only lists
 * them, one waiver per rule and resource, in a stable order.
 */
import { writeFileSync } from "node:fs";

import { type Command } from "commander";

import type { Report } from "../check.ts";
import { oneLine, UsageError } from "../errors.ts";
import { TransitGuard } from "../index.ts";
import { parseSource } from "../inputs/read.ts";
import { checkWaivers, isDate, runDate, waiverFileText } from "../inputs/waivers.ts";
import { plural } from "../output/summary.ts";
import { type Profile, profileNames, type Waiver } from "../types.ts";
import type { Io } from "./main.ts";
import { collect, parseProfiles } from "./options.ts";

interface WaiversOptions {
  from: string[];
  reason: string;
  expires: string;
  output?: string;
  force: boolean;
  profile: string[];
  today?: string;
  include: string[];
  exclude: string[];
}

/** Rules whose findings a waiver can never accept (lib/waivers). */
const unwaivable = new Set(["TG000", "TG001"]);

/** Code-point order: the same in every locale, so the file is the same wherever it is made. */
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One waiver per rule and resource with an open finding (failure or warning), sorted by ID, then resource. */
function baseline(report: Report, reason: string, expires: string): { waivers: Waiver[]; findings: number } {
  const keys = new Map<string, Waiver>();
  let findings = 0;
  for (const result of report.results) {
    for (const finding of [...result.failures, ...result.warnings]) {
      if (unwaivable.has(finding.id)) continue;
      findings++;
      keys.set(JSON.stringify([finding.id, finding.resource]), { id: finding.id, resource: finding.resource, reason, expires });
    }
  }
  const waivers = [...keys.values()].sort((a, b) => byCodePoint(a.id, b.id) || byCodePoint(a.resource, b.resource));
  return { waivers, findings };
}

function checkOptions(options: WaiversOptions): { today: string } {
  if (!/\S/.test(options.reason)) throw new UsageError("--reason is empty: say why today's findings are accepted");
  if (!isDate(options.expires)) throw new UsageError(`--expires "${options.expires}" is not a date YYYY-MM-DD`);
  const today = runDate(options.today);
  if (options.expires < today) throw new UsageError(`--expires ${options.expires} is before today (${today}): the waivers would never apply`);
  return { today };
}

async function writeBaseline(options: WaiversOptions, io: Io): Promise<number> {
  const { today } = checkOptions(options);
  const guard = await TransitGuard.create();
  let report: Report;
  try {
    report = await guard.check(options.from, {
      profiles: [...new Set(options.profile)] as Profile[],
      today,
      include: options.include,
      exclude: options.exclude,
      env: io.env,
    });
  } finally {
    await guard.close();
  }
  const { waivers, findings } = baseline(report, options.reason, options.expires);
  const profiles = options.profile.length > 0 ? [...new Set(options.profile)].join(", ") : "default";
  const header = [
    `Transit Guard baseline made on ${today} by transit-guard waivers: the findings of that day, accepted until ${options.expires}.`,
    `From: ${options.from.join(" ")} (profiles: ${profiles}).`,
    `${plural(report.results.length, "document")} checked, ${plural(findings, "finding")}, ${plural(waivers.length, "waiver")}.`,
    ...report.skipped.map((s) => `Skipped: ${s.filename}${s.document === undefined ? "" : ` (document ${s.document + 1})`}: ${s.reason}`),
    "Fix what each entry accepts before it expires, or renew it with a reason that still holds (README: Waivers).",
  ];
  const text = waiverFileText(waivers, header);
  // What is written must be what --waivers reads: checked as a waiver file before it is written.
  checkWaivers(parseSource({ file: options.output ?? "-", text })[0]!);
  if (options.output === undefined) {
    io.stdout(text);
    return 0;
  }
  try {
    writeFileSync(options.output, text, { flag: options.force ? "w" : "wx" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw new UsageError(`${options.output} exists: pass --force to overwrite it`);
    throw new UsageError(`${options.output}: cannot be written (${code ?? oneLine(error)})`);
  }
  io.stderr(`transit-guard: wrote ${plural(waivers.length, "waiver")} for ${plural(findings, "finding")} to ${options.output}\n`);
  return 0;
}

/** Registers `transit-guard waivers`. */
export function registerWaiversCommand(cli: Command, io: Io, exit: { code: number }): void {
  cli
    .command("waivers")
    .description(
      "write a baseline: a waiver file accepting every finding of today (failures and warnings), " +
        "so that check --waivers fails only on new findings",
    )
    .requiredOption("--from <paths...>", "files and directories to check, as check takes them")
    .requiredOption("--reason <text>", "why the findings are accepted (every waiver carries it)")
    .requiredOption("--expires <date>", "the last day the waivers apply, YYYY-MM-DD")
    .option("--output <file>", "write the waiver file here (default: standard output)")
    .option("--force", "overwrite the output file if it exists", false)
    .option("--profile <names>", `profiles, repeatable or comma-separated (${profileNames.join(", ")})`, parseProfiles, [])
    .option("--today <date>", "the date of the baseline, YYYY-MM-DD (default: today, UTC)")
    .option("--include <glob>", "files to check in directories, repeatable (as check)", collect, [])
    .option("--exclude <glob>", "files and folders not to check in directories, repeatable", collect, [])
    .action(async (options: WaiversOptions) => {
      exit.code = await writeBaseline(options, io);
    });
}
