package transit_guard.main_test

import data.transit_guard.main
import data.transit_guard.rules

# Waivers at the entrypoints, on a synthetic tree of rules whose findings are whole findings: a
# waived finding leaves deny or warn for exceptions, under every profile, and an expired waiver
# puts its finding back together with a TG000 warning (a failure under profile strict).

_waivers_finding(id, resource) := {
	"msg": concat(": ", [id, resource]),
	"id": id,
	"rule": "r",
	"title": "t",
	"severity": "HIGH",
	"resource": resource,
	"input_kind": "terraform_plan",
	"path": "p",
	"remediation": "fix it",
}

_waivers_tree := {"a": {
	"one": {"deny": {_waivers_finding("TG101", "aws_x.big")}, "warn": {_waivers_finding("TG101", "aws_x.small")}},
	"two": {"deny": {_waivers_finding("TG103", "aws_y.p")}, "warn": set()},
}}

_waivers_config(profiles, today) := {
	"profiles": profiles,
	"today": today,
	"waivers": [{"id": "TG101", "resource": "aws_x.*", "reason": "accepted", "expires": "2026-12-31"}],
}

_waivers_ids(findings) := {[f.id, f.resource] | some f in findings}

# METADATA
# description: A waiver in force moves the deny and the warning it matches to exceptions.
test_waiver_moves_findings_to_exceptions if {
	decision := main.decision with rules as _waivers_tree with input as {}
		with data.transit_guard_config as _waivers_config([], "2026-06-01")
	_waivers_ids(decision.deny) == {["TG103", "aws_y.p"]}
	decision.warn == set()
	_waivers_ids(decision.exceptions) == {["TG101", "aws_x.big"], ["TG101", "aws_x.small"]}
	every exception in decision.exceptions {
		exception.waiver == {"index": 0, "id": "TG101", "resource": "aws_x.*", "reason": "accepted", "expires": "2026-12-31"}
	}
	decision.rules_passed == 0
}

# METADATA
# description: Under profile strict a waived warning stays an exception (it is not promoted to deny).
test_waiver_under_strict if {
	decision := main.decision with rules as _waivers_tree with input as {}
		with data.transit_guard_config as _waivers_config(["strict"], "2026-06-01")
	_waivers_ids(decision.deny) == {["TG103", "aws_y.p"]}
	count(decision.exceptions) == 2
}

# METADATA
# description: An expired waiver applies no more; each finding it matched gets a TG000 warning.
test_expired_waiver_reports_again if {
	decision := main.decision with rules as _waivers_tree with input as {}
		with data.transit_guard_config as _waivers_config([], "2027-01-01")
	_waivers_ids(decision.deny) == {["TG101", "aws_x.big"], ["TG103", "aws_y.p"]}
	_waivers_ids(decision.warn) == {["TG101", "aws_x.small"], ["TG000", "aws_x.big"], ["TG000", "aws_x.small"]}
	decision.exceptions == set()
}

# METADATA
# description: Under profile strict the TG000 warnings of an expired waiver fail the check.
test_expired_waiver_under_strict if {
	deny := main.deny with rules as _waivers_tree with input as {}
		with data.transit_guard_config as _waivers_config(["strict"], "2027-01-01")
	{"TG000", "TG101", "TG103"} == {f.id | some f in deny}
}

# METADATA
# description: Without waivers the decision's exceptions are empty.
test_no_waivers_no_exceptions if {
	main.decision.exceptions == set() with rules as _waivers_tree with input as {}
}
