/**
 * The settings of one `transit-guard check`: the flags given on the command line override the
 * configuration file, which overrides the defaults. A list given as a flag replaces the file's
 * list (it is not added to it).
 */
import type { Profile, SeverityThreshold } from "../types.ts";
import type { ConfigSettings } from "./file.ts";
import type { OutputTarget } from "./outputs.ts";

/** Every setting of a check, each from a flag, the configuration file or the default. */
export interface CheckSettings {
  profiles: Profile[];
  waivers?: string;
  include: string[];
  exclude: string[];
  outputs: OutputTarget[];
  checks: string[];
  skipChecks: string[];
  severityThreshold?: SeverityThreshold;
  failOnWarn: boolean;
  noFail: boolean;
  quiet: boolean;
}

/** Flags override the file; what neither sets takes its default. */
export function mergeSettings(flags: ConfigSettings, file: ConfigSettings = {}): CheckSettings {
  const waivers = flags.waivers ?? file.waivers;
  const severityThreshold = flags.severityThreshold ?? file.severityThreshold;
  return {
    profiles: flags.profiles ?? file.profiles ?? [],
    ...(waivers === undefined ? {} : { waivers }),
    include: flags.include ?? file.include ?? [],
    exclude: flags.exclude ?? file.exclude ?? [],
    outputs: flags.outputs ?? file.outputs ?? [{ format: "stdout" }],
    checks: flags.checks ?? file.checks ?? [],
    skipChecks: flags.skipChecks ?? file.skipChecks ?? [],
    ...(severityThreshold === undefined ? {} : { severityThreshold }),
    failOnWarn: flags.failOnWarn ?? file.failOnWarn ?? false,
    noFail: flags.noFail ?? file.noFail ?? false,
    quiet: flags.quiet ?? file.quiet ?? false,
  };
}
