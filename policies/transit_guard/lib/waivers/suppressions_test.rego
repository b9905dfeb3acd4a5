# Suppression tests of lib/waivers (the package's METADATA is in waivers_test.rego): inline
# suppressions (CloudFormation Metadata, Terraform tags, ACK annotations) cover the findings of
# their rule on their own resource (and the jobs it embeds), apply up to their expiry like
# waivers, and are reported as TG000 when expired or when they can never apply.
package transit_guard.lib.waivers_test

import data.transit_guard.lib.waivers

_found(id, resource, kind) := {
	"msg": concat(": ", [id, resource]),
	"id": id,
	"rule": "r",
	"title": "t",
	"severity": "HIGH",
	"resource": resource,
	"input_kind": kind,
	"path": "p",
	"remediation": "fix it",
}

_train := _found("TG101", "Train", "cloudformation")

_template(metadata) := {"Resources": {
	"Train": {"Type": "AWS::SageMaker::TrainingJob", "Metadata": metadata, "Properties": {}},
	"Other": {"Type": "AWS::SageMaker::TrainingJob", "Properties": {}},
}}

_skip(entries) := _template({"transit-guard": {"skip": entries}})

_entry := {"id": "TG101", "reason": "benchmark stack (ML-42)", "expires": "2027-01-31"}

_in_force := {"today": "2026-06-01"}

_lapsed := {"today": "2027-02-01"}

# The TG000 findings of a document for the given findings, as [resource, path, message] triples.
_tg000(findings) := {[f.resource, f.path, f.msg] | some f in waivers.expired(findings)}

# METADATA
# description: A CloudFormation Metadata skip entry in force makes the finding an exception that carries it.
test_cloudformation_applies if {
	waivers.waived(_train) with input as _skip([_entry]) with data.transit_guard_config as _in_force
	exception := waivers.exception(_train) with input as _skip([_entry]) with data.transit_guard_config as _in_force
	exception.suppression == {
		"id": "TG101", "resource": "Train", "path": "Metadata.transit-guard.skip[0]",
		"reason": "benchmark stack (ML-42)", "expires": "2027-01-31",
	}
	not exception.waiver
	count(waivers.expired({_train})) == 0 with input as _skip([_entry]) with data.transit_guard_config as _in_force
}

# METADATA
# description: The expiry date is the last day a suppression applies.
test_applies_on_its_expiry_date if {
	waivers.waived(_train) with input as _skip([_entry]) with data.transit_guard_config as {"today": "2027-01-31"}
}

# METADATA
# description: A suppression covers only its own resource and its own rule.
test_only_its_resource_and_rule if {
	other := _found("TG101", "Other", "cloudformation")
	not waivers.waived(other) with input as _skip([_entry]) with data.transit_guard_config as _in_force
	tuning := _found("TG102", "Train", "cloudformation")
	not waivers.waived(tuning) with input as _skip([_entry]) with data.transit_guard_config as _in_force
	prefixed := _found("TG101", "TrainMore", "cloudformation")
	not waivers.waived(prefixed) with input as _skip([_entry]) with data.transit_guard_config as _in_force
}

# METADATA
# description: A suppression on a pipeline covers the jobs of the definition it embeds (<resource>/<step>).
test_covers_embedded_jobs if {
	step := _found("TG101", "Train/Fit", "cloudformation")
	exception := waivers.exception(step) with input as _skip([_entry]) with data.transit_guard_config as _in_force
	exception.suppression.resource == "Train"
	nested := _found("TG101", "Train/Branch/Fit", "cloudformation")
	waivers.waived(nested) with input as _skip([_entry]) with data.transit_guard_config as _in_force
	not waivers.waived(_found("TG101", "Other/Fit", "cloudformation")) with input as _skip([_entry])
		with data.transit_guard_config as _in_force
}

# METADATA
# description: An expired suppression stops applying and gives a TG000 naming it, on the finding's resource.
test_expired_reported_again if {
	not waivers.waived(_train) with input as _skip([_entry]) with data.transit_guard_config as _lapsed
	findings := waivers.expired({_train}) with input as _skip([_entry]) with data.transit_guard_config as _lapsed
	count(findings) == 1
	some f in findings
	f.id == "TG000"
	f.rule == "waivers"
	f.severity == "MEDIUM"
	f.resource == "Train"
	f.input_kind == "cloudformation"
	f.path == "Metadata.transit-guard.skip[0]"
	f.msg == concat("", [
		"TG000: the suppression of TG101 for Train (Metadata.transit-guard.skip[0]) expired on 2027-01-31, ",
		"so its finding is reported again",
	])
	f.expired_suppression.expires == "2027-01-31"
	f.remediation == concat("", [
		"Fix what TG101 reports for Train and delete Metadata.transit-guard.skip[0] from Train; or, if its ",
		"reason still holds, renew it: give it a later expiry date.",
	])
}

# METADATA
# description: An expired suppression of an embedded job names the resource that carries it.
test_expired_embedded_names_carrier if {
	step := _found("TG101", "Train/Fit", "cloudformation")
	some f in waivers.expired({step}) with input as _skip([_entry]) with data.transit_guard_config as _lapsed
	contains(f.msg, "for Train/Fit (Metadata.transit-guard.skip[0] of Train) expired on 2027-01-31")
}

# METADATA
# description: An expired suppression that matches no finding, or whose finding is covered otherwise, is quiet.
test_expired_quiet_without_finding_or_when_renewed if {
	count(waivers.expired({_found("TG102", "Train", "cloudformation")})) == 0 with input as _skip([_entry])
		with data.transit_guard_config as _lapsed
	renewed := _skip([_entry, object.union(_entry, {"expires": "2027-12-31"})])
	count(waivers.expired({_train})) == 0 with input as renewed with data.transit_guard_config as _lapsed
	exception := waivers.exception(_train) with input as renewed with data.transit_guard_config as _lapsed
	exception.suppression.path == "Metadata.transit-guard.skip[1]"
	waiver := {"id": "TG101", "resource": "Train", "reason": "waived", "expires": "2027-12-31"}
	config := object.union(_lapsed, {"waivers": [waiver]})
	count(waivers.expired({_train})) == 0 with input as _skip([_entry]) with data.transit_guard_config as config
}

# METADATA
# description: A waiver in force takes precedence over a suppression (the exception carries the waiver).
test_waiver_before_suppression if {
	waiver := {"id": "TG101", "resource": "Train", "reason": "waived", "expires": "2026-12-31"}
	config := object.union(_in_force, {"waivers": [waiver]})
	exception := waivers.exception(_train) with input as _skip([_entry]) with data.transit_guard_config as config
	exception.waiver.index == 0
	not exception.suppression
}

# METADATA
# description: Without an expiry a suppression applies, even without a date; with one it needs the date.
test_without_expiry_or_date if {
	forever := {"id": "TG101", "reason": "accepted"}
	waivers.waived(_train) with input as _skip([forever]) with data.transit_guard_config as {}
	waivers.waived(_train) with input as _skip([forever]) with data.transit_guard_config as _lapsed
	not waivers.waived(_train) with input as _skip([_entry]) with data.transit_guard_config as {}
	count(waivers.expired({_train})) == 0 with input as _skip([_entry]) with data.transit_guard_config as {}
}

# METADATA
# description: A suppression without a reason never applies and is reported on its resource, finding or not.
test_missing_reason_reported if {
	no_reason := _skip([{"id": "TG101", "expires": "2027-01-31"}, {"id": "TG101", "reason": "  "}])
	not waivers.waived(_train) with input as no_reason with data.transit_guard_config as _in_force
	_tg000(set()) == {
		["Train", "Metadata.transit-guard.skip[0]", concat("", [
			"TG000: the suppression Metadata.transit-guard.skip[0] of Train does not apply: it has no reason",
		])],
		["Train", "Metadata.transit-guard.skip[1]", concat("", [
			"TG000: the suppression Metadata.transit-guard.skip[1] of Train does not apply: it has no reason",
		])],
	} with input as no_reason with data.transit_guard_config as _in_force
	some f in waivers.expired(set()) with input as no_reason with data.transit_guard_config as _in_force
	f.invalid_suppression == {"id": "TG101", "path": "Metadata.transit-guard.skip[0]", "problem": "it has no reason"}
	startswith(f.remediation, "Correct Metadata.transit-guard.skip[0] of Train or delete it: a suppression is an entry")
}

# METADATA
# description: Without a date the malformed suppressions are still reported (the check needs no clock).
test_invalid_reported_without_date if {
	count(waivers.expired(set())) == 1 with input as _skip([{"id": "TG101"}]) with data.transit_guard_config as {}
}

# METADATA
# description: An expiry that is not a calendar date written YYYY-MM-DD never applies.
test_malformed_dates if {
	not_dates := ["2027-02-29", "2027-04-31", "2027-13-01", "2027-00-10", "2027-01-00", "31/01/2027", "2027-1-31", ""]
	every expires in not_dates {
		bad := _skip([object.union(_entry, {"expires": expires})])
		not waivers.waived(_train) with input as bad with data.transit_guard_config as _in_force
		{[f.invalid_suppression.problem] | some f in waivers.expired(set())} == {[concat("", [
			"its expiry ", expires, " is not a date written YYYY-MM-DD",
		])]} with input as bad with data.transit_guard_config as _in_force
	}
	every expires in [20270131, null, false, true, ["2027-01-31"]] {
		bad := _skip([object.union(_entry, {"expires": expires})])
		not waivers.waived(_train) with input as bad with data.transit_guard_config as _in_force
		{[f.invalid_suppression.problem] | some f in waivers.expired(set())} == {[
			"its expiry is not a date written YYYY-MM-DD",
		]} with input as bad with data.transit_guard_config as _in_force
	}
}

# METADATA
# description: Leap days are dates in leap years only (divisible by 4, not by 100 unless by 400).
test_leap_days if {
	every expires in ["2028-02-29", "2400-02-29", "2027-12-31", "2027-02-28"] {
		waivers.waived(_train) with input as _skip([object.union(_entry, {"expires": expires})])
			with data.transit_guard_config as {"today": "2027-01-01"}
	}
	every expires in ["2100-02-29", "2027-02-29"] {
		not waivers.waived(_train) with input as _skip([object.union(_entry, {"expires": expires})])
			with data.transit_guard_config as {"today": "2027-01-01"}
	}
}

# METADATA
# description: A suppression naming an unknown rule, TG000 or TG001 never applies and is reported.
test_unknown_or_unsuppressible_rules if {
	template := _skip([
		object.union(_entry, {"id": "TG999"}),
		object.union(_entry, {"id": "TG000"}),
		object.union(_entry, {"id": "TG001"}),
	])
	{[f.path, f.invalid_suppression.problem] | some f in waivers.expired(set())} == {
		["Metadata.transit-guard.skip[0]", "it names TG999, which is not a rule (transit-guard rules lists them)"],
		[
			"Metadata.transit-guard.skip[1]",
			"TG000 cannot be suppressed (it reports on waivers and suppressions themselves)",
		],
		["Metadata.transit-guard.skip[2]", "TG001 cannot be suppressed (nothing was checked)"],
	} with input as template with data.transit_guard_config as _in_force
	unrecognised := _found("TG001", "Train", "cloudformation")
	not waivers.waived(unrecognised) with input as template with data.transit_guard_config as _in_force
}

# METADATA
# description: A transit-guard block or entry of the wrong shape is reported, never applied.
test_cloudformation_wrong_shapes if {
	{f.invalid_suppression.problem | some f in waivers.expired(set())} == {
		"it is not {skip: [{id, reason, expires}, ...]}",
	} with input as _template({"transit-guard": {"skip": "TG101"}})
	{f.path | some f in waivers.expired(set())} == {"Metadata.transit-guard"}
		with input as _template({"transit-guard": null})
	{[f.path, f.invalid_suppression.problem] | some f in waivers.expired(set())} == {
		["Metadata.transit-guard.skip[0]", "it is not an entry {id, reason, expires}"],
		["Metadata.transit-guard.skip[1]", "it is not an entry {id, reason, expires}"],
	} with input as _skip(["TG101", {"reason": "no id"}])
	count(waivers.expired(set())) == 0 with input as _template({"checkov": {"skip": [{"id": "CKV_AWS_1"}]}})
}

# METADATA
# description: A resource with Checkov's skip entries beside Transit Guard entries (only the latter apply).
test_cloudformation_beside_checkov if {
	metadata := {"checkov": {"skip": [{"id": "CKV_AWS_1", "comment": "x"}]}, "transit-guard": {"skip": [_entry]}}
	waivers.waived(_train) with input as _template(metadata) with data.transit_guard_config as _in_force
}

_plan(tags) := {
	"format_version": "1.2",
	"terraform_version": "1.9.0",
	"resource_changes": [
		{
			"address": "aws_sagemaker_training_job.big",
			"mode": "managed",
			"type": "aws_sagemaker_training_job",
			"name": "big",
			"change": {"actions": ["create"], "after": {"tags": tags}, "after_unknown": {"tags_all": true}},
		},
		{
			"address": "aws_sagemaker_training_job.other",
			"mode": "managed",
			"type": "aws_sagemaker_training_job",
			"name": "other",
			"change": {"actions": ["create"], "after": {"tags": null}, "after_unknown": {"tags": true}},
		},
	],
}

_big := _found("TG101", "aws_sagemaker_training_job.big", "terraform_plan")

_tag := "transit-guard:skip:TG101"

# METADATA
# description: A Terraform tag transit-guard:skip:<ID> = "<reason> expires=<date>" applies to its resource.
test_terraform_tag_applies if {
	plan := _plan({"team": "ml", _tag: "Benchmark in the sandbox account ML-42 expires=2027-01-31"})
	exception := waivers.exception(_big) with input as plan with data.transit_guard_config as _in_force
	exception.suppression == {
		"id": "TG101", "resource": "aws_sagemaker_training_job.big", "path": `tags["transit-guard:skip:TG101"]`,
		"reason": "Benchmark in the sandbox account ML-42", "expires": "2027-01-31",
	}
	other := _found("TG101", "aws_sagemaker_training_job.other", "terraform_plan")
	not waivers.waived(other) with input as plan with data.transit_guard_config as _in_force
	some f in waivers.expired({_big}) with input as plan with data.transit_guard_config as _lapsed
	f.msg == concat("", [
		"TG000: the suppression of TG101 for aws_sagemaker_training_job.big ",
		`(tags["transit-guard:skip:TG101"]) expired on 2027-01-31, so its finding is reported again`,
	])
}

# METADATA
# description: An address whose for_each key holds a slash is its own resource, not an embedded job.
test_terraform_address_with_slash if {
	address := `aws_sagemaker_training_job.jobs["team/a"]`
	change := object.union(_plan({}).resource_changes[0], {"address": address, "change": {"after": {"tags": {
		_tag: "accepted expires=2027-01-31",
	}}}})
	plan := object.union(_plan({}), {"resource_changes": [change]})
	finding := _found("TG101", address, "terraform_plan")
	exception := waivers.exception(finding) with input as plan with data.transit_guard_config as _in_force
	exception.suppression.resource == address
	other := _found("TG101", `aws_sagemaker_training_job.jobs["team/b"]`, "terraform_plan")
	not waivers.waived(other) with input as plan with data.transit_guard_config as _in_force
}

# METADATA
# description: A tag without an expiry is the reason alone; the last expires= separates the expiry.
test_terraform_tag_values if {
	plain := _plan({_tag: "  Accepted by security (SEC-9)  "})
	exception := waivers.exception(_big) with input as plain with data.transit_guard_config as {}
	exception.suppression.reason == "Accepted by security (SEC-9)"
	not exception.suppression.expires
	twice := _plan({_tag: "old expires=2020-01-01 note expires=2027-01-31"})
	again := waivers.exception(_big) with input as twice with data.transit_guard_config as _in_force
	again.suppression.reason == "old expires=2020-01-01 note"
	again.suppression.expires == "2027-01-31"
}

# METADATA
# description: awscc resources list their tags as {key, value}; the path names the position.
test_terraform_awscc_tag_list if {
	plan := _plan([{"key": "team", "value": "ml"}, {"key": _tag, "value": "accepted expires=2027-01-31"}])
	exception := waivers.exception(_big) with input as plan with data.transit_guard_config as _in_force
	exception.suppression.path == "tags[1]"
}

# METADATA
# description: >-
#   A tag with no reason, a value unknown until apply, a value that is not text, or a key that
#   names no rule, never applies and is reported; other tags and unknown tags_all are ignored.
test_terraform_invalid_tags if {
	plan := _plan({
		_tag: "expires=2027-01-31",
		"transit-guard:skip:TG102": null,
		"transit-guard:skip:TG103": 7,
		"transit-guard:skip:": "reason",
		"transit-guard:skipTG104": "reason",
		"transit-guard:skip:TG105": "reason expires=soon",
		"Name": "big",
	})
	not waivers.waived(_big) with input as plan with data.transit_guard_config as _in_force
	{[f.path, f.invalid_suppression.problem] | some f in waivers.expired(set())} == {
		[`tags["transit-guard:skip:TG101"]`, "it has no reason"],
		[`tags["transit-guard:skip:TG102"]`, "its value is not known until apply"],
		[`tags["transit-guard:skip:TG103"]`, "its value is not text"],
		[`tags["transit-guard:skip:"]`, "its key is not transit-guard:skip:<rule ID>"],
		[`tags["transit-guard:skipTG104"]`, "its key is not transit-guard:skip:<rule ID>"],
		[`tags["transit-guard:skip:TG105"]`, "its expiry soon is not a date written YYYY-MM-DD"],
	} with input as plan with data.transit_guard_config as _in_force
	count(waivers.expired(set())) == 0 with input as _plan({"Name": "big"})
	count(waivers.expired(set())) == 0 with input as _plan(null)
}

_manifest(annotations) := {
	"apiVersion": "sagemaker.services.k8s.aws/v1alpha1",
	"kind": "TrainingJob",
	"metadata": {"name": "fit", "annotations": annotations},
	"spec": {},
}

_fit := _found("TG101", "TrainingJob/fit", "ack")

# METADATA
# description: An ACK annotation transit-guard.io/skip-<ID> applies to the manifest's resource.
test_ack_annotation if {
	manifest := _manifest({"transit-guard.io/skip-TG101": "Sandbox cluster expires=2027-01-31", "team": "ml"})
	exception := waivers.exception(_fit) with input as manifest with data.transit_guard_config as _in_force
	exception.suppression.path == `metadata.annotations["transit-guard.io/skip-TG101"]`
	exception.suppression.resource == "TrainingJob/fit"
	not waivers.waived(_found("TG101", "TrainingJob/other", "ack")) with input as manifest
		with data.transit_guard_config as _in_force
	bad := _manifest({"transit-guard.io/skip-TG101": "", "transit-guard.io/skip": "x"})
	{[f.path, f.invalid_suppression.problem] | some f in waivers.expired(set())} == {
		[`metadata.annotations["transit-guard.io/skip-TG101"]`, "it has no reason"],
		[`metadata.annotations["transit-guard.io/skip"]`, "its key is not transit-guard.io/skip-<rule ID>"],
	} with input as bad with data.transit_guard_config as _in_force
	count(waivers.expired(set())) == 0 with input as object.union(_manifest({}), {"metadata": {"name": "fit"}})
}

# METADATA
# description: Documents that take waivers only (an API body) have no suppressions, whatever they carry.
test_other_kinds_have_none if {
	body := {"TrainingJobName": "fit", "AlgorithmSpecification": {}, "ResourceConfig": {}, "RoleArn": "r", "Tags": [
		{"Key": _tag, "Value": "x"},
	]}
	waivers.suppressions == {"by_resource": {}, "invalid": set()} with input as body
}

# METADATA
# description: The suppressions are indexed once, by resource and rule ID; valid and invalid apart.
test_index_shape if {
	index := waivers.suppressions with input as _skip([_entry, {"id": "TG102"}])
	index.by_resource == {"Train": {"TG101": [{
		"id": "TG101", "resource": "Train", "input_kind": "cloudformation",
		"path": "Metadata.transit-guard.skip[0]", "reason": "benchmark stack (ML-42)", "expires": "2027-01-31",
	}]}}
	count(index.invalid) == 1
}

# METADATA
# description: A document evaluated area by area finds its suppressions in the parts (no input).
test_suppressions_from_parts if {
	index := waivers.suppressions with input as _skip([_entry])
	parts := [{"findings": []}, {"findings": [], "suppressions": index}]
	waivers.waived(_train) with data.transit_guard_part.parts as parts with data.transit_guard_config as _in_force
	waivers.suppressions == {"by_resource": {}, "invalid": set()} with data.transit_guard_part.parts as [{}]
}
