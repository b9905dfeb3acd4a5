# METADATA
# title: lib/waivers tests
# description: >-
#   Waivers match findings by rule ID and resource (exact or glob), apply up to and including
#   their expiry date, and once expired give a TG000 warning for each finding they stop covering.
package transit_guard.lib.waivers_test

import data.transit_guard.lib.waivers

_finding := {
	"msg": "TG101: training job aws_sagemaker_training_job.distributed does not encrypt inter-node traffic",
	"id": "TG101",
	"rule": "training_job_encryption",
	"title": "Training jobs encrypt inter-node traffic",
	"severity": "HIGH",
	"resource": "aws_sagemaker_training_job.distributed",
	"input_kind": "terraform_plan",
	"path": "enable_inter_container_traffic_encryption",
	"remediation": "Set EnableInterContainerTrafficEncryption to true.",
}

_waiver(overrides) := object.union(
	{"id": "TG101", "resource": "aws_sagemaker_training_job.distributed", "reason": "benchmark", "expires": "2026-12-31"},
	overrides,
)

# METADATA
# description: An exact resource and rule ID, before the expiry date, waive the finding.
test_exact_match_in_force if {
	waivers.waived(_finding) with data.transit_guard_config as {"today": "2026-06-01", "waivers": [_waiver({})]}
}

# METADATA
# description: The expiry date is the last day the waiver applies.
test_applies_on_its_expiry_date if {
	waivers.waived(_finding) with data.transit_guard_config as {"today": "2026-12-31", "waivers": [_waiver({})]}
}

# METADATA
# description: The day after the expiry date the waiver no longer applies.
test_expired_waiver_does_not_apply if {
	not waivers.waived(_finding) with data.transit_guard_config as {"today": "2027-01-01", "waivers": [_waiver({})]}
}

# METADATA
# description: A glob's * matches any characters, dots included (module addresses).
test_glob_matches_across_dots if {
	config := {"today": "2026-06-01", "waivers": [_waiver({"resource": "aws_sagemaker_training_job.*"})]}
	waivers.waived(_finding) with data.transit_guard_config as config
	module := object.union(_finding, {"resource": "module.a.aws_sagemaker_training_job.b"})
	waivers.waived(module) with data.transit_guard_config as {
		"today": "2026-06-01",
		"waivers": [_waiver({"resource": "module.*.aws_sagemaker_training_job.*"})],
	}
}

# METADATA
# description: A resource with brackets (for_each keys) matches itself exactly, although [ starts a glob class.
test_exact_match_with_brackets if {
	finding := object.union(_finding, {"resource": `aws_sagemaker_training_job.jobs["a"]`})
	waivers.waived(finding) with data.transit_guard_config as {
		"today": "2026-06-01",
		"waivers": [_waiver({"resource": `aws_sagemaker_training_job.jobs["a"]`})],
	}
}

# METADATA
# description: Another rule ID, or another resource, is not waived.
test_other_rule_or_resource_not_waived if {
	other_rule := {"today": "2026-06-01", "waivers": [_waiver({"id": "TG102"})]}
	not waivers.waived(_finding) with data.transit_guard_config as other_rule
	not waivers.waived(_finding) with data.transit_guard_config as {
		"today": "2026-06-01",
		"waivers": [_waiver({"resource": "aws_sagemaker_training_job.other"})],
	}
}

# METADATA
# description: Without today's date (or with a malformed one) no waiver applies, and none is expired.
test_no_date_no_waiver if {
	not waivers.waived(_finding) with data.transit_guard_config as {"waivers": [_waiver({})]}
	not waivers.waived(_finding) with data.transit_guard_config as {"today": "01/06/2026", "waivers": [_waiver({})]}
	undated := {"waivers": [_waiver({"expires": "2020-01-01"})]}
	count(waivers.expired({_finding})) == 0 with data.transit_guard_config as undated
}

# METADATA
# description: An entry of the wrong shape (an OPA server's data is not validated) never applies.
test_malformed_entry_never_applies if {
	not waivers.waived(_finding) with data.transit_guard_config as {
		"today": "2026-06-01",
		"waivers": [{"id": "TG101", "resource": "aws_sagemaker_training_job.distributed", "expires": 20261231}],
	}
}

# METADATA
# description: The exception carries the first waiver in force that matches, by position.
test_exception_names_first_matching_waiver if {
	config := {"today": "2026-06-01", "waivers": [
		_waiver({"resource": "nothing"}),
		_waiver({"expires": "2026-01-01"}),
		_waiver({"resource": "aws_sagemaker_*", "reason": "glob"}),
		_waiver({"reason": "exact"}),
	]}
	exception := waivers.exception(_finding) with data.transit_guard_config as config
	exception.waiver == {
		"index": 2, "id": "TG101", "resource": "aws_sagemaker_*",
		"reason": "glob", "expires": "2026-12-31",
	}
	exception.id == "TG101"
	exception.resource == _finding.resource
}

# METADATA
# description: An expired waiver that matches gives one TG000 warning on the finding's resource.
test_expired_waiver_reported if {
	config := {"today": "2027-01-01", "waivers": [_waiver({})]}
	findings := waivers.expired({_finding}) with data.transit_guard_config as config
	count(findings) == 1
	some finding in findings
	finding.id == "TG000"
	finding.rule == "waivers"
	finding.resource == "aws_sagemaker_training_job.distributed"
	finding.severity == "MEDIUM"
	finding.path == "waivers[0].expires"
	finding.input_kind == "terraform_plan"
	finding.msg == concat("", [
		"TG000: the waiver of TG101 for aws_sagemaker_training_job.distributed (waivers[0]) ",
		"expired on 2026-12-31, so its finding is reported again",
	])
	finding.expired_waiver == {
		"index": 0, "id": "TG101", "resource": "aws_sagemaker_training_job.distributed",
		"reason": "benchmark", "expires": "2026-12-31",
	}
	finding.remediation == concat("", [
		"Fix what TG101 reports for aws_sagemaker_training_job.distributed and delete waivers[0] ",
		"(id: TG101, resource: aws_sagemaker_training_job.distributed) from the waivers file; or, if its ",
		"reason still holds, renew it: set waivers[0].expires to a later date.",
	])
}

# METADATA
# description: The TG000 message names the waiver's pattern when it is a glob.
test_expired_waiver_message_names_the_pattern if {
	config := {"today": "2027-01-01", "waivers": [_waiver({"resource": "aws_sagemaker_*"})]}
	some finding in waivers.expired({_finding}) with data.transit_guard_config as config
	contains(finding.msg, "(waivers[0]: aws_sagemaker_*) expired on 2026-12-31")
}

# METADATA
# description: An expired waiver is not reported for a finding that a waiver in force still covers.
test_expired_waiver_quiet_when_renewed if {
	config := {"today": "2027-01-01", "waivers": [_waiver({}), _waiver({"expires": "2027-06-30"})]}
	count(waivers.expired({_finding})) == 0 with data.transit_guard_config as config
}

# METADATA
# description: An expired waiver that matches no finding is not reported.
test_expired_waiver_without_finding_quiet if {
	config := {"today": "2027-01-01", "waivers": [_waiver({"id": "TG102"})]}
	count(waivers.expired({_finding})) == 0 with data.transit_guard_config as config
}

# METADATA
# description: >-
#   TG001 (input of no kind the policies check) cannot be waived: a waiver naming it, exactly or
#   by pattern, never makes its finding an exception, and does not expire into a TG000 either.
test_tg001_cannot_be_waived if {
	unrecognised := {
		"msg": "TG001: the input is not a document Transit Guard can check",
		"id": "TG001",
		"rule": "input_recognised",
		"title": "The input is a document Transit Guard can check",
		"severity": "HIGH",
		"resource": "input",
		"input_kind": "unknown",
		"path": "input",
		"remediation": "Give the policies one of the documents they check.",
	}
	config := {"today": "2026-06-01", "waivers": [
		_waiver({"id": "TG001", "resource": "input"}),
		_waiver({"id": "TG001", "resource": "*"}),
	]}
	not waivers.waived(unrecognised) with data.transit_guard_config as config
	not waivers.exception(unrecognised) with data.transit_guard_config as config
	expired := {"today": "2027-06-01", "waivers": [_waiver({"id": "TG001", "resource": "input"})]}
	count(waivers.expired({unrecognised})) == 0 with data.transit_guard_config as expired
}

# METADATA
# description: TG000 cannot be waived either, even by a waiver that names it.
test_tg000_cannot_be_waived if {
	expired := object.union(_finding, {"id": "TG000", "rule": "waivers"})
	config := {"today": "2026-06-01", "waivers": [_waiver({"id": "TG000"})]}
	not waivers.waived(expired) with data.transit_guard_config as config
}
