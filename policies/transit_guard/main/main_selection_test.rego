package transit_guard.main_test

import data.transit_guard.main
import data.transit_guard.rules

# Rule selection (checks, skip_checks) and the severity threshold at the entrypoints, on a
# synthetic tree of rules: a rule left out drops its findings, TG000 and TG001 are never left out
# nor pushed below the threshold, and a finding below the threshold warns, marked, and never fails.

_selection_finding(id, resource, severity) := {
	"msg": concat(": ", [id, resource]),
	"id": id,
	"rule": "r",
	"title": "t",
	"severity": severity,
	"resource": resource,
	"input_kind": "terraform_plan",
	"path": "p",
	"remediation": "fix it",
}

_selection_tree := {
	"a": {
		"one": {
			"deny": {_selection_finding("TG101", "aws_x.big", "HIGH")},
			"warn": {_selection_finding("TG101", "aws_x.small", "LOW")},
		},
		"two": {"deny": {_selection_finding("TG107", "aws_y.p", "MEDIUM")}, "warn": set()},
		"three": {"deny": set(), "warn": {_selection_finding("TG402", "aws_s3_bucket.b", "LOW")}},
	},
	"input": {"recognised": {"deny": {_selection_finding("TG001", "input", "HIGH")}, "warn": set()}},
}

_selection_ids(findings) := {[f.id, f.resource] | some f in findings}

_selection_decision := decision if {
	decision := main.decision with rules as _selection_tree # regal ignore:with-outside-test-context
		with input as {} # regal ignore:with-outside-test-context
}

# METADATA
# description: checks keeps the listed rules' findings (and TG001's); the others are dropped.
test_checks_select_rules if {
	decision := _selection_decision with data.transit_guard_config as {"checks": ["TG101"]}
	_selection_ids(decision.deny) == {["TG101", "aws_x.big"], ["TG001", "input"]}
	_selection_ids(decision.warn) == {["TG101", "aws_x.small"]}
}

# METADATA
# description: skip_checks drops the listed rules' findings; TG001 cannot be skipped.
test_skip_checks_drop_rules if {
	config := {"skip_checks": ["TG101", "TG402", "TG001"]}
	decision := _selection_decision with data.transit_guard_config as config
	_selection_ids(decision.deny) == {["TG107", "aws_y.p"], ["TG001", "input"]}
	decision.warn == set()
}

# METADATA
# description: A rule both checked and skipped is skipped; an empty checks list selects every rule.
test_skip_wins_over_checks if {
	config := {"checks": ["TG101", "TG107"], "skip_checks": ["TG107"]}
	decision := _selection_decision with data.transit_guard_config as config
	_selection_ids(decision.deny) == {["TG101", "aws_x.big"], ["TG001", "input"]}
	every_rule := _selection_decision with data.transit_guard_config as {"checks": []}
	count(every_rule.deny) == 3
	count(every_rule.warn) == 2
}

# METADATA
# description: Below the threshold a deny becomes a warning that says why; TG001 stays a deny.
test_threshold_moves_denies_to_warn if {
	decision := _selection_decision with data.transit_guard_config as {"severity_threshold": "CRITICAL"}
	_selection_ids(decision.deny) == {["TG001", "input"]}
	_selection_ids(decision.warn) == {
		["TG101", "aws_x.big"], ["TG101", "aws_x.small"],
		["TG107", "aws_y.p"], ["TG402", "aws_s3_bucket.b"],
	}
	every finding in decision.warn {
		finding.below_threshold.severity_threshold == "CRITICAL"
	}
	levels := {[f.id, f.below_threshold.level] | some f in decision.warn}
	levels == {["TG101", "deny"], ["TG101", "warn"], ["TG107", "deny"], ["TG402", "warn"]}
}

# METADATA
# description: At threshold MEDIUM the HIGH and MEDIUM denies fail; the LOW warnings are marked.
test_threshold_medium if {
	decision := _selection_decision with data.transit_guard_config as {"severity_threshold": "medium"}
	_selection_ids(decision.deny) == {["TG101", "aws_x.big"], ["TG107", "aws_y.p"], ["TG001", "input"]}
	below := {[f.id, f.resource] | some f in decision.warn; f.below_threshold}
	below == {["TG101", "aws_x.small"], ["TG402", "aws_s3_bucket.b"]}
}

# METADATA
# description: Under profile strict a warning below the threshold is not promoted to deny.
test_threshold_under_strict if {
	config := {"profiles": ["strict"], "severity_threshold": "MEDIUM"}
	decision := _selection_decision with data.transit_guard_config as config
	_selection_ids(decision.deny) == {["TG101", "aws_x.big"], ["TG107", "aws_y.p"], ["TG001", "input"]}
	_selection_ids(decision.warn) == {["TG101", "aws_x.small"], ["TG402", "aws_s3_bucket.b"]}
}

# METADATA
# description: A threshold that is none of the severities, or no threshold, lets every finding count.
test_unreadable_threshold_counts_everything if {
	severe := _selection_decision with data.transit_guard_config as {"severity_threshold": "SEVERE"}
	number := _selection_decision with data.transit_guard_config as {"severity_threshold": 3}
	none := _selection_decision with data.transit_guard_config as {}
	_selection_ids(severe.deny) == _selection_ids(none.deny)
	_selection_ids(number.deny) == _selection_ids(none.deny)
	every finding in none.warn {
		not finding.below_threshold
	}
}

# METADATA
# description: >-
#   An expired waiver's TG000 is never below the threshold, nor skipped, while the finding it
#   reports again follows the threshold; a waived finding stays an exception whatever the threshold.
test_threshold_and_waivers if {
	config := {
		"today": "2027-01-01",
		"severity_threshold": "CRITICAL",
		"skip_checks": ["TG000"],
		"waivers": [
			{"id": "TG101", "resource": "aws_x.big", "reason": "r", "expires": "2026-12-31"},
			{"id": "TG107", "resource": "aws_y.p", "reason": "r", "expires": "2027-12-31"},
		],
	}
	decision := _selection_decision with data.transit_guard_config as config
	_selection_ids(decision.deny) == {["TG001", "input"]}
	_selection_ids(decision.exceptions) == {["TG107", "aws_y.p"]}
	{[f.id, f.resource] | some f in decision.warn; not f.below_threshold} == {["TG000", "aws_x.big"]}
	{[f.id, f.resource] | some f in decision.warn; f.below_threshold} == {
		["TG101", "aws_x.big"], ["TG101", "aws_x.small"], ["TG402", "aws_s3_bucket.b"],
	}
}

# METADATA
# description: A skipped rule's waivers neither apply nor expire into a TG000.
test_skipped_rule_has_no_exceptions if {
	config := {
		"today": "2027-01-01",
		"skip_checks": ["TG101"],
		"waivers": [{"id": "TG101", "resource": "aws_x.*", "reason": "r", "expires": "2026-12-31"}],
	}
	decision := _selection_decision with data.transit_guard_config as config
	decision.exceptions == set()
	_selection_ids(decision.warn) == {["TG402", "aws_s3_bucket.b"]}
}
