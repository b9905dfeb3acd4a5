/**
 * sagemaker-transit-guard as a library: the same pipeline and embedded engine as the
 * `transit-guard` CLI, without a process exit. Decisions are made by the compiled Rego policies;
 * this module reads inputs, hands them over and returns the findings.
 *
 * ```ts
 * import { check, exitCode } from "sagemaker-transit-guard";
 *
 * const report = await check(["plan.json"], { profiles: ["healthcare"] });
 * for (const result of report.results) for (const f of result.failures) console.log(f.id, f.resource);
 * process.exitCode = exitCode(report);
 * ```
 *
 * In a long-running service, `check` reuses one WASM instance across calls (created on first use)
 * and the engine replaces an instance whose memory grew past a bound, so memory stays bounded;
 * `TransitGuard.create` gives an instance of your own (another bundle, other memory limits).
 *
 * @packageDocumentation
 */
import { loadCatalog, type RuleInfo,waivableIds } from "./catalog.ts";
import { Checker, type CheckInput, conftestExitCode, type ExitOptions, type Report } from "./check.ts";
import type { EngineOptions } from "./engine/wasm.ts";
import { asRunError, oneLine, UsageError } from "./errors.ts";
import { checkTerraformDir } from "./inputs/tf-source.ts";
import { readWaivers, runDate, waiversFromValue } from "./inputs/waivers.ts";
import { type FormatOptions, formatters } from "./output/registry.ts";
import { type Profile, profileNames, type SeverityThreshold, severityThresholds, type Waiver } from "./types.ts";
import { version } from "./version.ts";

export type { RuleCatalog, RuleExample, RuleExamples, RuleInfo } from "./catalog.ts";
export type { CheckInput, DocumentResult, ExitOptions, Report, SkippedInput } from "./check.ts";
export type { EngineOptions } from "./engine/wasm.ts";
export { EngineError, InputError, InputErrors, UnrecognisedInputError, UsageError } from "./errors.ts";
export { defaultExclude, defaultInclude } from "./inputs/collect.ts";
export type { VerificationOptions } from "./opa-bundle/verify.ts";
export type { Finding, Profile, Severity, SeverityThreshold, Waiver } from "./types.ts";
export { profileNames, severityThresholds, version };


/** What a check reads and how the policies judge it. */
export interface CheckOptions {
  /** Profiles in force (default: none, i.e. the default profile). */
  profiles?: Profile[];
  /**
   * Waivers: the path of a waiver file (YAML or JSON), or the waivers themselves. They are
   * validated as the CLI validates a file; the policies decide which findings they cover.
   */
  waivers?: string | Waiver[];
  /** The date waivers expire against, YYYY-MM-DD (default: today, UTC). */
  today?: string;
  /** Only these rules report findings, by ID (TG000 and TG001 always do); default: every rule. */
  checks?: string[];
  /** These rules report no findings, by ID; TG000 and TG001 cannot be skipped. */
  skipChecks?: string[];
  /**
   * Findings below this severity are reported as warnings that never fail (marked
   * `below_threshold`); TG000 and TG001 are never below it.
   */
  severityThreshold?: SeverityThreshold;
  /** Globs of the files to check in directories (default: {@link defaultInclude}). */
  include?: string[];
  /** Globs of files and folders not to check in directories (added to {@link defaultExclude}). */
  exclude?: string[];
  /** The environment whose PATH is searched for terraform to convert binary plans (default: process.env). */
  env?: Record<string, string | undefined>;
  /** Called after each input file with how many of how many are done. */
  onProgress?: (done: number, total: number) => void;
  /**
   * The Terraform configuration (root module) the plans were made from, to report each finding
   * on its `.tf` block (default: each plan file's directory); it must exist.
   */
  terraformDir?: string;
  /**
   * A named input that parses but is not a supported kind is skipped and listed (as one found by
   * walking a directory is) instead of failing; one that cannot be read or parsed still fails.
   */
  skipUnsupported?: boolean;
}

/** The output formats, by conftest's names. */
export type OutputFormat = "stdout" | "json" | "table" | "tap" | "junit" | "github" | "sarif";

/** Rule IDs that a selection can never leave out (README: Choosing checks). */
const unskippable = new Set(["TG000", "TG001"]);

/**
 * Rule IDs as the policies expect them (upper case), or a UsageError naming the first unknown one;
 * with `skip`, TG000 and TG001 are refused (they cannot be skipped).
 */
export function ruleIds(ids: readonly string[], skip = false): string[] {
  const known = new Set(loadCatalog().rules.map((rule) => rule.id));
  return ids.map((given) => {
    const id = given.trim().toUpperCase();
    if (!known.has(id)) throw new UsageError(`unknown rule ID "${given}" (transit-guard rules lists them)`);
    if (skip && unskippable.has(id)) {
      throw new UsageError(`${id} cannot be skipped (it reports lapsed waivers and input that cannot be checked)`);
    }
    return id;
  });
}

/** ruleIds for an option of the library, whose name prefixes the message. */
function optionIds(ids: readonly string[] | undefined, option: string, skip = false): string[] {
  try {
    return ruleIds(ids ?? [], skip);
  } catch (error) {
    throw new UsageError(`${option}: ${oneLine(error)}`);
  }
}

/** The rule catalog: every rule's ID, title, description, severity, remediation and input kinds. */
export function rules(): RuleInfo[] {
  return loadCatalog().rules;
}

/** An embedded engine of your own; {@link check} uses a shared one. */
export class TransitGuard {
  private constructor(private readonly checker: Checker) {}

  /** Loads and compiles the policy bundle (the built-in one unless `engine.bundle` is given). */
  static async create(engine: EngineOptions = {}): Promise<TransitGuard> {
    return new TransitGuard(await Checker.create(engine));
  }

  /**
   * Checks files, directories (walked recursively) and in-memory documents, and returns one
   * report. Unusable input rejects with InputErrors (every problem, one line each); a file found
   * in a directory that is not an input is listed in `report.skipped` instead.
   */
  async check(inputs: CheckInput | CheckInput[], options: CheckOptions = {}): Promise<Report> {
    const profiles = options.profiles ?? [];
    const unknown = profiles.find((p) => !(profileNames as readonly string[]).includes(p));
    if (unknown !== undefined) throw new UsageError(`unknown profile "${unknown}" (choose from ${profileNames.join(", ")})`);
    const today = runDate(options.today);
    const known = waivableIds(loadCatalog());
    let waivers: Waiver[];
    try {
      waivers =
        options.waivers === undefined
          ? []
          : typeof options.waivers === "string"
            ? readWaivers(options.waivers, known)
            : waiversFromValue(options.waivers, known);
    } catch (error) {
      throw asRunError(error);
    }
    const threshold = options.severityThreshold;
    if (threshold !== undefined && !(severityThresholds as readonly string[]).includes(threshold)) {
      throw new UsageError(`unknown severity threshold "${threshold}" (choose from ${severityThresholds.join(", ")})`);
    }
    if (options.terraformDir !== undefined) checkTerraformDir(options.terraformDir);
    const checks = optionIds(options.checks, "checks");
    const skipChecks = optionIds(options.skipChecks, "skipChecks", true);
    return this.checker.check(Array.isArray(inputs) ? inputs : [inputs], {
      config: {
        profiles: [...new Set(profiles)],
        waivers,
        today,
        ...(checks.length > 0 ? { checks: [...new Set(checks)] } : {}),
        ...(skipChecks.length > 0 ? { skip_checks: [...new Set(skipChecks)] } : {}),
        ...(threshold === undefined ? {} : { severity_threshold: threshold }),
      },
      ...(options.include === undefined ? {} : { include: options.include }),
      ...(options.exclude === undefined ? {} : { exclude: options.exclude }),
      ...(options.env === undefined ? {} : { env: options.env }),
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      ...(options.terraformDir === undefined ? {} : { terraformDir: options.terraformDir }),
      ...(options.skipUnsupported === undefined ? {} : { skipUnsupported: options.skipUnsupported }),
    });
  }

  /** Ends the engine's worker thread; a later check starts a new one. */
  async close(): Promise<void> {
    await this.checker.close();
  }

  /** Bytes of WASM memory the engine holds now (bounded: see EngineOptions.recycleAboveBytes). */
  get memoryBytes(): number {
    return this.checker.memoryBytes;
  }
}

let shared: Promise<TransitGuard> | undefined;

/**
 * Checks inputs with the shared embedded engine (created on the first call, then reused).
 *
 * @param inputs - paths of files or directories, or `{ filename, content }` documents
 * @param options - profiles, waivers, directory globs
 * @returns the findings of every document, and the files skipped while walking directories
 */
export async function check(inputs: CheckInput | CheckInput[], options: CheckOptions = {}): Promise<Report> {
  shared ??= TransitGuard.create().catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return (await shared).check(inputs, options);
}

/**
 * conftest's exit code for a report: 1 on a failure; with failOnWarn (`true` or
 * `{ failOnWarn: true }`), 2 on a failure and 1 on a warning; with `{ noFail: true }`, 0. A warning
 * below the severity threshold never counts.
 */
export function exitCode(report: Report, options: boolean | ExitOptions = {}): number {
  return conftestExitCode(report.results, options);
}

/**
 * Renders a report as the CLI's `--output` does (colour off unless asked for; `quiet` prints only
 * the failures in the human formats, stdout, table and github).
 */
export function format(
  report: Report,
  output: OutputFormat,
  options: Partial<Pick<FormatOptions, "color" | "exitCode" | "quiet">> = {},
): string {
  const formatter = formatters[output];
  if (!formatter) throw new UsageError(`unknown output "${output}"`);
  return formatter(report.results, {
    color: options.color ?? false,
    skipped: report.skipped,
    catalog: loadCatalog(),
    exitCode: options.exitCode ?? exitCode(report),
    version,
    quiet: options.quiet ?? false,
  });
}
