# METADATA
# title: Transit Guard entrypoints
# description: >-
#   Dispatches over every rule under data.transit_guard.rules (no registration): a rule package
#   contributes deny and warn sets of findings. These are the entrypoints compiled to WebAssembly
#   and the namespace conftest evaluates (conftest test -n transit_guard.main).
package transit_guard.main

import data.transit_guard.lib.config
import data.transit_guard.lib.document
import data.transit_guard.lib.inventory
import data.transit_guard.lib.plan
import data.transit_guard.lib.waivers
import data.transit_guard.lib.workloads

# METADATA
# description: >-
#   Findings that fail the check; under profile strict, every warning too. A finding that a
#   waiver in force covers is an exception instead (lib/waivers); one of a rule left out by
#   checks / skip_checks is dropped, and one below the severity threshold warns instead (lib/config).
# entrypoint: true
deny contains finding if {
	some finding in _open_deny
	not config.below_threshold(finding)
}

deny contains finding if {
	config.strict
	some finding in _open_warn
	not config.below_threshold(finding)
}

# METADATA
# description: >-
#   Findings that warn (none under profile strict), with TG000 for each expired waiver that
#   stopped applying, and every finding below the severity threshold, marked below_threshold
#   (a warning that fails nothing, not even with --fail-on-warn).
# entrypoint: true
warn contains finding if {
	not config.strict
	some finding in _open_warn
	not config.below_threshold(finding)
}

warn contains _below(finding, "deny") if {
	some finding in _open_deny
	config.below_threshold(finding)
}

warn contains _below(finding, "warn") if {
	some finding in _open_warn
	config.below_threshold(finding)
}

# A finding below the threshold, saying so: the threshold, and the level its rule gave it.
_below(finding, level) := object.union(finding, {"below_threshold": {
	"severity_threshold": config.severity_threshold,
	"level": level,
}})

# METADATA
# description: Findings that a waiver in force covers, each with its waiver (conftest's exceptions tally).
exceptions contains waivers.exception(finding) if {
	waivers.given
	some finding in _all_findings
	waivers.waived(finding)
}

_all_findings contains finding if {
	some level in ["deny", "warn"]
	some finding in _rule_findings[level]
}

# The findings that no waiver covers, by the level their rule gave them; an expired waiver's TG000
# warns. Without a waiver or a suppression, the rules' findings themselves (not copied into sets
# of their own: thousands of findings on a large plan).
_open_deny := _rule_level("deny") if {
	not waivers.given
} else := {finding |
	some finding in _rule_level("deny")
	not waivers.waived(finding)
}

_open_warn := _rule_level("warn") if {
	not waivers.given
} else := {finding |
	some finding in _rule_level("warn")
	not waivers.waived(finding)
} | waivers.expired(_all_findings)

_rule_level(level) := object.get(_rule_findings, level, set())

# METADATA
# description: >-
#   Everything the loader reports for one document, in one evaluation; notes say why nothing
#   applies to a resource without inter-node traffic (a batch transform job, an endpoint ...).
# entrypoint: true
decision := object.union(_facts, {
	"rules_passed": count(_rules) - count(_rules_with_findings),
	"deny": deny,
	"warn": warn,
	"exceptions": exceptions,
})

# What the decision says of the document besides the findings: from the document, or from the
# parts of a document evaluated area by area (parts.rego).
_facts := _merged_facts if {
	_merging
} else := {
	"input_kind": document.kind,
	"resources": inventory.total,
	"buckets": inventory.buckets,
	"notes": workloads.notes,
}

# The findings of every rule, by [area, rule, level]: evaluated here, or gathered from the parts of
# a document evaluated area by area.
_findings := _merged_findings if {
	_merging
} else := _evaluated

# The findings of every rule package, by level. Only the deny and warn rules are evaluated (not
# whole packages), and test packages, which opa test and conftest load beside their rule, are not
# rules.
# One rule per level: a variable level in the reference makes OPA's WASM compiler emit a module
# that does not validate ("not enough arguments on the stack" in _evaluated).
_evaluated[[area, name, "deny"]] := findings if {
	some area, name
	findings := data.transit_guard.rules[area][name].deny
	not endswith(name, "_test")
}

_evaluated[[area, name, "warn"]] := findings if {
	some area, name
	findings := data.transit_guard.rules[area][name].warn
	not endswith(name, "_test")
}

_rules contains [area, name] if some [area, name, _], _ in _findings

_rules_with_findings contains [area, name] if {
	some [area, name, _], findings in _findings
	count(findings) > 0
}

# The findings of the rules selected by checks / skip_checks (lib/config), by level.
_rule_findings[level] contains finding if {
	some [_, _, level], findings in _findings
	some finding in findings
	not _left_out(finding)
}

# A finding of a rule that checks / skip_checks leave out (a finding without an ID never is).
_left_out(finding) if {
	id := finding.id
	not config.selected(id)
}

# METADATA
# description: The input's kind (and where a plan sits in its envelope), for schema validation.
# entrypoint: true
document_kind := document.summary

# METADATA
# description: >-
#   What the policies read of a Terraform plan, so that the loader can drop the rest of a large
#   plan before evaluation (input independent; evaluated once).
# entrypoint: true
projection := plan.projection
