# METADATA
# title: Transit Guard entrypoints
# description: >-
#   Dispatches over every rule under data.transit_guard.rules (no registration): a rule package
#   contributes deny and warn sets of findings. These are the entrypoints compiled to WebAssembly
#   and the namespace conftest evaluates (conftest test -n transit_guard.main).
package transit_guard.main

import data.transit_guard.lib.adapters.terraform_plan
import data.transit_guard.lib.config
import data.transit_guard.lib.document
import data.transit_guard.lib.inventory

# METADATA
# description: Findings that fail the check; under profile strict, every warning too.
# entrypoint: true
deny contains finding if {
	some finding in _rule_findings.deny
}

deny contains finding if {
	config.strict
	some finding in _rule_findings.warn
}

# METADATA
# description: Findings that warn (none under profile strict).
# entrypoint: true
warn contains finding if {
	not config.strict
	some finding in _rule_findings.warn
}

# METADATA
# description: Everything the loader reports for one document, in one evaluation.
# entrypoint: true
decision := {
	"input_kind": document.kind,
	"resources": inventory.total,
	"rules_passed": count(_rules) - count(_rules_with_findings),
	"deny": deny,
	"warn": warn,
}

# The findings of every rule package, by level. Only the deny and warn rules are evaluated (not
# whole packages), and test packages, which opa test and conftest load beside their rule, are not
# rules.
_findings[[area, name, level]] := findings if {
	some area, name, level
	findings := data.transit_guard.rules[area][name][level]
	level in {"deny", "warn"}
	not endswith(name, "_test")
}

_rules contains [area, name] if some [area, name, _], _ in _findings

_rules_with_findings contains [area, name] if {
	some [area, name, _], findings in _findings
	count(findings) > 0
}

_rule_findings[level] contains finding if {
	some [_, _, level], findings in _findings
	some finding in findings
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
projection := terraform_plan.projection
