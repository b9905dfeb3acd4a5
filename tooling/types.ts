/** Shapes shared by the engine, the loader and the formatters (mirrors schemas/finding.schema.json). */

/** The profiles the policies know; composable. */
export const profileNames = ["default", "healthcare", "fips", "strict"] as const;

/** A profile: healthcare escalates single-instance findings, fips adds the FIPS rules, strict denies every warning and checks every S3 bucket. */
export type Profile = (typeof profileNames)[number];

/** Severity of a finding, from the rule's severity model. */
export type Severity = "HIGH" | "MEDIUM" | "LOW";

/**
 * The severities a threshold may name, lowest first (Checkov's and Trivy's names; no rule is
 * CRITICAL, so threshold CRITICAL leaves only TG000 and TG001 failing).
 */
export const severityThresholds = ["LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;

/** A severity threshold: findings below it are reported as warnings that never fail. */
export type SeverityThreshold = (typeof severityThresholds)[number];

/** One finding, exactly as the Rego policies built it (lib/result.rego). */
export interface Finding {
  msg: string;
  id: string;
  rule: string;
  title: string;
  severity: Severity;
  resource: string;
  input_kind: string;
  path: string;
  remediation: string;
  /**
   * Set by the policies on a finding below the severity threshold: it is a warning that fails
   * nothing (not under profile strict, not with fail-on-warn); `level` is what its rule reported.
   */
  below_threshold?: { severity_threshold: SeverityThreshold; level: "deny" | "warn" };
  [field: string]: unknown;
}

/** What entrypoint transit_guard/main/decision returns for one document. */
export interface Decision {
  input_kind: string;
  /** SageMaker resources the rules inspected (jobs, definitions, domains, guardrails, endpoints). */
  resources: number;
  /** S3 buckets on SageMaker's data paths that the rules inspected. */
  buckets: number;
  rules_passed: number;
  deny: Finding[];
  warn: Finding[];
  /** Findings that a waiver in force covers, each with its waiver under `waiver`. */
  exceptions: Finding[];
  /** Why nothing applies to a resource without inter-node traffic (a batch transform job, an endpoint, ...). */
  notes?: Note[];
}

/** A resource that the rules recognise but that has nothing to check, and why. */
export interface Note {
  resource: string;
  note: string;
}

/** What entrypoint transit_guard/main/document_kind returns. */
export interface DocumentKind {
  kind: string;
  path?: string[];
  operation?: string;
}

/** What the policies never read of a Terraform plan (entrypoint transit_guard/main/projection). */
export interface Projection {
  envelopes: string[][];
  drop: string[][];
  /**
   * The list at path keeps only the items whose field is one of keep, and drops from each kept
   * item the paths of each (e.g. a resource change's change.before).
   */
  filter: { path: string[]; field: string; keep: string[]; each?: string[][] };
  /**
   * The configuration's module blocks: the module at path (within the plan), its blocks in list,
   * the modules it calls at calls ([calls[0]][name][calls[1]]), to any depth. A block whose field
   * is none of keep and starts with none of keep_prefixes is dropped; a slice of a large plan
   * holds the blocks whose match fields equal those of one of its changes.
   */
  blocks?: {
    path: string[];
    list: string;
    calls: [string, string];
    field: string;
    keep: string[];
    keep_prefixes: string[];
    match: string[];
  };
}

/**
 * One waiver (schemas/waivers.schema.json): accepts the findings of one rule on the resources
 * that match a pattern, for a reason, until a date. The policies do the matching.
 */
export interface Waiver {
  /** The rule ID, e.g. "TG101". */
  id: string;
  /** The resource: exact, or a glob (`*` any characters, `?` one, `[abc]`, `{a,b}`). */
  resource: string;
  /** Why the finding is accepted; shown with the exception. */
  reason: string;
  /** The last day the waiver applies, YYYY-MM-DD (UTC). */
  expires: string;
}

/** Caller settings passed to the policies as data.transit_guard_config. */
export interface PolicyConfig {
  profiles: string[];
  /** Waivers, matched against findings in Rego (lib/waivers). */
  waivers?: Waiver[];
  /** The date of the run, YYYY-MM-DD (UTC): WASM has no clock, so the caller passes it. */
  today?: string;
  /** Only these rule IDs report findings (TG000 and TG001 always do); none: every rule. */
  checks?: string[];
  /** These rule IDs report no findings (never TG000 or TG001). */
  skip_checks?: string[];
  /** Findings below this severity warn and never fail (lib/config). */
  severity_threshold?: SeverityThreshold;
}
