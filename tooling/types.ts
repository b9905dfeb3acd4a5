/** Shapes shared by the engine, the loader and the formatters (mirrors schemas/finding.schema.json). */

/** Severity of a finding, from the rule's severity model. */
export type Severity = "HIGH" | "MEDIUM" | "LOW";

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
  [field: string]: unknown;
}

/** What entrypoint transit_guard/main/decision returns for one document. */
export interface Decision {
  input_kind: string;
  resources: number;
  rules_passed: number;
  deny: Finding[];
  warn: Finding[];
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
  filter: { path: string[]; field: string; keep: string[] };
}

/** Caller settings passed to the policies as data.transit_guard_config. */
export interface PolicyConfig {
  profiles: string[];
}
