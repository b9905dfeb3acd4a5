# METADATA
# title: TG001 tests
# description: >-
#   Input that is absent or of no recognised kind is denied with TG001; every recognised kind is
#   not, and the rule then stays undefined (it is not counted among the rules a document passes).
package transit_guard.rules.input.input_recognised_test

import data.transit_guard.main
import data.transit_guard.rules.input.input_recognised as tg001

_only(findings) := finding if {
	count(findings) == 1
	some finding in findings
	finding.id == "TG001"
	finding.rule == "input_recognised"
	finding.severity == "HIGH"
	finding.resource == "input"
	finding.input_kind == "unknown"
	finding.path == "input"
	contains(finding.msg, "expected Terraform plan JSON (terraform show -json)")
}

# METADATA
# description: >-
#   No input at all (a plan POSTed without the {"input": ...} wrapper) is denied, and the message
#   says how to send it.
test_denied_no_input if {
	finding := _only(tg001.deny)
	startswith(finding.msg, concat("", [
		"TG001: there is no input to check (an empty document, or one sent to an OPA server without the ",
		"{\"input\": <document>} wrapper); expected ",
	]))
	_only(tg001.deny) == finding with input as null
}

# METADATA
# description: An empty document, a package.json, a list and a string are denied.
test_denied_unrecognised_documents if {
	every doc in [
		{},
		{"name": "ml-platform", "version": "1.0.0", "scripts": {"test": "vitest"}},
		[{"format_version": "1.2"}],
		"terraform plan",
		{"input": {"format_version": "1.2", "resource_changes": []}},
	] {
		finding := _only(tg001.deny) with input as doc
		startswith(finding.msg, "TG001: the input is not a document Transit Guard can check: expected ")
	}
}

# METADATA
# description: Every recognised kind passes, with the rule undefined.
test_allowed_recognised_documents if {
	every doc in [
		{"format_version": "1.2", "terraform_version": "1.9.8", "resource_changes": []},
		{"plan": {"format_version": "1.2", "terraform_version": "1.9.8"}},
		{"Resources": {"Bucket": {"Type": "AWS::S3::Bucket"}}},
		{"Version": "2020-12-01", "Steps": []},
		{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
		{"apiVersion": "sagemaker.services.k8s.aws/v1alpha1", "kind": "TrainingJob"},
		{"TrainingJobName": "t", "AlgorithmSpecification": {}},
		{"TransformJobName": "t", "ModelName": "m", "TransformInput": {}},
	] {
		not tg001.deny with input as doc
	}
}

# METADATA
# description: >-
#   TG001 cannot be waived: with a waiver in force naming it, the entrypoints still deny the
#   input and list no exception.
test_waiver_does_not_apply if {
	config := {"today": "2026-06-01", "waivers": [
		{"id": "TG001", "resource": "input", "reason": "no", "expires": "2026-12-31"},
		{"id": "TG001", "resource": "*", "reason": "no", "expires": "2026-12-31"},
	]}
	_only(main.deny) with input as {"name": "x", "version": "1.0.0"} with data.transit_guard_config as config
	count(main.exceptions) == 0 with input as {"name": "x", "version": "1.0.0"} with data.transit_guard_config as config
}
