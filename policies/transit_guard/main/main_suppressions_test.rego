package transit_guard.main_test

import data.transit_guard.main
import data.transit_guard.rules

# Inline suppressions at the entrypoints, on a synthetic tree of rules over a CloudFormation
# template whose resources carry them: a suppression in force moves its finding to exceptions, an
# expired one puts it back with a TG000 warning, one without a reason never applies and warns; the
# same decision when the document is evaluated in parts.

_suppressed_finding(id, resource) := {
	"msg": concat(": ", [id, resource]),
	"id": id,
	"rule": "r",
	"title": "t",
	"severity": "HIGH",
	"resource": resource,
	"input_kind": "cloudformation",
	"path": "p",
	"remediation": "fix it",
}

_suppressed_tree := {"a": {"one": {
	"deny": {
		_suppressed_finding("TG101", "Benchmark"),
		_suppressed_finding("TG101", "Legacy"),
		_suppressed_finding("TG101", "Nightly"),
	},
	"warn": {_suppressed_finding("TG101", "Pipeline/Fit")},
}}}

_suppressed_job(skip) := {"Type": "AWS::SageMaker::TrainingJob", "Metadata": {"transit-guard": {"skip": skip}}}

_suppressed_template := {"Resources": {
	"Benchmark": _suppressed_job([{"id": "TG101", "reason": "benchmark", "expires": "2027-01-31"}]),
	"Legacy": _suppressed_job([{"id": "TG101", "reason": "legacy", "expires": "2026-01-31"}]),
	"Nightly": _suppressed_job([{"id": "TG101", "expires": "2027-01-31"}]),
	"Pipeline": object.union(_suppressed_job([{"id": "TG101", "reason": "steps"}]), {"Type": "AWS::SageMaker::Pipeline"}),
}}

_suppressed_ids(findings) := {[f.id, f.resource] | some f in findings}

# METADATA
# description: Applied, expired and invalid suppressions in one decision.
test_suppressions_in_the_decision if {
	decision := main.decision with rules as _suppressed_tree with input as _suppressed_template
		with data.transit_guard_config as {"profiles": [], "today": "2026-06-01"}
	_suppressed_ids(decision.deny) == {["TG101", "Legacy"], ["TG101", "Nightly"]}
	_suppressed_ids(decision.warn) == {["TG000", "Legacy"], ["TG000", "Nightly"]}
	_suppressed_ids(decision.exceptions) == {["TG101", "Benchmark"], ["TG101", "Pipeline/Fit"]}
	some exception in decision.exceptions
	exception.resource == "Benchmark"
	exception.suppression.reason == "benchmark"
}

# METADATA
# description: Under profile strict the TG000 warnings of suppressions fail the check too.
test_suppressions_under_strict if {
	deny := main.deny with rules as _suppressed_tree with input as _suppressed_template
		with data.transit_guard_config as {"profiles": ["strict"], "today": "2026-06-01"}
	_suppressed_ids(deny) == {["TG101", "Legacy"], ["TG101", "Nightly"], ["TG000", "Legacy"], ["TG000", "Nightly"]}
}

# METADATA
# description: A document evaluated in parts gets the decision of one evaluation, suppressions included.
test_suppressions_in_parts if {
	config := {"profiles": [], "today": "2026-06-01"}
	whole := main.decision with rules as _suppressed_tree with input as _suppressed_template
		with data.transit_guard_config as config
	part := main.part with rules as _suppressed_tree with input as _suppressed_template
		with data.transit_guard_config as config with data.transit_guard_part.areas as ["a"]
	merged := main.decision with rules as _suppressed_tree with data.transit_guard_part.parts as [part]
		with data.transit_guard_config as config
	merged.deny == whole.deny
	merged.warn == whole.warn
	merged.exceptions == whole.exceptions
	count(merged.exceptions) == 2
}
